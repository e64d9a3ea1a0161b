import { describe, expect, it } from 'vitest';
import { messageSummaryBody } from './mwi';

describe('messageSummaryBody (RFC 3842 5.2)', () => {
  it('says yes with new/old (urgent new/urgent old) counts', () => {
    expect(
      messageSummaryBody('sip:bob@umphone.test', {
        newMessages: 2,
        oldMessages: 1,
        urgentNew: 1,
        urgentOld: 0,
      }),
    ).toBe('Messages-Waiting: yes\r\nMessage-Account: sip:bob@umphone.test\r\nVoice-Message: 2/1 (1/0)\r\n');
  });

  it('says no when nothing is new, even with old messages', () => {
    expect(
      messageSummaryBody('sip:alice@umphone.test', {
        newMessages: 0,
        oldMessages: 3,
        urgentNew: 0,
        urgentOld: 2,
      }),
    ).toBe('Messages-Waiting: no\r\nMessage-Account: sip:alice@umphone.test\r\nVoice-Message: 0/3 (0/2)\r\n');
  });

  it('is parseable as RFC 3842 msg-summary-line syntax', () => {
    const body = messageSummaryBody('sip:bob@umphone.test', {
      newMessages: 10,
      oldMessages: 0,
      urgentNew: 0,
      urgentOld: 0,
    });
    const lines = body.split('\r\n').filter(Boolean);
    expect(lines[0]).toMatch(/^Messages-Waiting: (yes|no)$/);
    expect(lines[1]).toMatch(/^Message-Account: sips?:\S+$/);
    expect(lines[2]).toMatch(/^Voice-Message: \d+\/\d+ \(\d+\/\d+\)$/);
  });
});
