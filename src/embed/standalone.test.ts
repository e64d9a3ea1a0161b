import { describe, expect, it } from 'vitest';
import { launchCall } from './standalone';

describe('the app opened to place a call', () => {
  it('reads ?call= as the protocol handler fills it in (an escaped sip: URI)', () => {
    expect(launchCall(`?call=${encodeURIComponent('sip:bob@umphone.test')}&subject=From%20a%20link`)).toEqual(
      {
        target: 'sip:bob@umphone.test',
        options: { subject: 'From a link' },
      },
    );
    expect(launchCall('?call=tel%3A%2B49-30-1234')?.target).toBe('tel:+49-30-1234');
  });

  it('takes a plain name or number as typed, and nothing without ?call=', () => {
    expect(launchCall('?call=bob')).toEqual({ target: 'bob', options: {} });
    expect(launchCall('?embed=iframe')).toBeUndefined();
    expect(launchCall('?call=%20')).toBeUndefined();
  });
});
