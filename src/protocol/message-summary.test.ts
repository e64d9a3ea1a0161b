import { describe, expect, it } from 'vitest';
import { parseMessageSummary } from './message-summary';

describe('parseMessageSummary (RFC 3842)', () => {
  it('reads the RFC 3842 §5.2 example counts for voice messages', () => {
    const body =
      'Messages-Waiting: yes\r\nMessage-Account: sip:alice@vmail.example.com\r\n' +
      'Voice-Message: 4/8 (1/2)\r\nFax-Message: 2/1\r\n';
    expect(parseMessageSummary(body)).toEqual({
      waiting: true,
      account: 'sip:alice@vmail.example.com',
      newMessages: 4,
      oldMessages: 8,
      urgentNew: 1,
      urgentOld: 2,
    });
  });
  it('accepts bare LF, odd case and a missing urgent part', () => {
    expect(parseMessageSummary('messages-waiting: YES\nvoice-message: 1/0\n')).toMatchObject({
      waiting: true,
      newMessages: 1,
      oldMessages: 0,
      urgentNew: 0,
    });
  });
  it('says nothing waits for "no" and for garbage, and never throws', () => {
    expect(parseMessageSummary('Messages-Waiting: no\r\n').waiting).toBe(false);
    expect(parseMessageSummary('\u0000\u0001 garbage: : /').newMessages).toBe(0);
    expect(parseMessageSummary(undefined as unknown as string).waiting).toBe(false);
  });
  it('ignores other message classes', () => {
    expect(parseMessageSummary('Messages-Waiting: yes\r\nFax-Message: 3/1\r\n').newMessages).toBe(0);
  });
  it('caps absurd counts', () => {
    expect(parseMessageSummary('Voice-Message: 99999999999999999999/0').newMessages).toBe(1_000_000);
  });
});
