import { describe, expect, it } from 'vitest';
import { dialLinkFromHref } from './click-to-dial';

describe('click-to-dial links', () => {
  it('reads sip:, sips: and tel: links', () => {
    expect(dialLinkFromHref('sip:bob@umphone.test')).toEqual({ target: 'sip:bob@umphone.test', options: {} });
    expect(dialLinkFromHref('SIPS:bob@example.com')?.target).toBe('sips:bob@example.com');
    expect(dialLinkFromHref('tel:+49-30-1234;phone-context=example.com')?.target).toBe('tel:+49-30-1234');
    expect(dialLinkFromHref('tel:+49%2030%201234')?.target).toBe('tel:+49 30 1234');
  });

  it('takes subject and priority from the URI as call options, never as raw headers', () => {
    expect(dialLinkFromHref('sip:bob@x?subject=Quarterly%20figures&priority=Urgent&X-Evil=1')).toEqual({
      target: 'sip:bob@x',
      options: { subject: 'Quarterly figures', priority: 'urgent' },
    });
    expect(dialLinkFromHref('sip:bob@x?priority=bogus')?.options).toEqual({});
  });

  it('is not a phone link otherwise', () => {
    for (const href of ['https://x', 'mailto:bob@x', 'javascript:alert(1)', 'sip:', 'tel:%E0%A4%A', ''])
      expect(dialLinkFromHref(href)).toBeUndefined();
  });
});
