import { describe, expect, it } from 'vitest';
import { OCEXUM_4_1_SKIP_PIN_INVITE, OCEXUM_4_2_PLAY_ON_PHONE_INVITE } from './fixtures';
import { incomingCallDecision, outOfDialogAnswer, PHONE_METHODS } from './incoming-call-decision';
import { inspectInvite } from './inspect-invite';
import { PRESENCE_STATES, type PresenceState } from './presence';

const ordinary = { playOnPhone: false };
const playOnPhone = { playOnPhone: true };

describe('incomingCallDecision (MS-OCEXUM 3.2)', () => {
  it('rejects ordinary calls under Appear Offline with 480 Temporarily Unavailable', () => {
    expect(incomingCallDecision(ordinary, 'offline')).toEqual({
      action: 'reject',
      status: 480,
      reason: 'Temporarily Unavailable',
    });
  });

  it('rejects ordinary calls under Do Not Disturb with 486 Busy Here', () => {
    expect(incomingCallDecision(ordinary, 'dnd')).toEqual({
      action: 'reject',
      status: 486,
      reason: 'Busy Here',
    });
  });

  it.each(['available', 'busy', 'brb', 'away'] as const)('rings ordinary calls when %s', (presence) => {
    expect(incomingCallDecision(ordinary, presence)).toEqual({ action: 'ring' });
  });

  it.each(PRESENCE_STATES)('rings Play-On-Phone calls when %s', (presence) => {
    expect(incomingCallDecision(playOnPhone, presence)).toEqual({ action: 'ring' });
  });

  it('rings an unknown state from an untyped caller and treats a missing or truthy-but-not-true flag as ordinary', () => {
    expect(incomingCallDecision(ordinary, 'invisible' as PresenceState)).toEqual({ action: 'ring' });
    expect(incomingCallDecision(undefined as unknown as typeof ordinary, 'offline')).toMatchObject({
      status: 480,
    });
    expect(incomingCallDecision({ playOnPhone: 'yes' } as unknown as typeof ordinary, 'dnd')).toMatchObject({
      status: 486,
    });
  });

  it('lets the MS-OCEXUM 4.2 INVITE through Appear Offline but not the 4.1 one', () => {
    const own = 'sip:alice@contoso.com';
    expect(incomingCallDecision(inspectInvite(OCEXUM_4_2_PLAY_ON_PHONE_INVITE, own), 'offline')).toEqual({
      action: 'ring',
    });
    expect(incomingCallDecision(inspectInvite(OCEXUM_4_1_SKIP_PIN_INVITE, own), 'offline')).toMatchObject({
      action: 'reject',
      status: 480,
    });
  });
});

describe('outOfDialogAnswer: OPTIONS and MESSAGE outside a dialog', () => {
  it('answers both as an INVITE is answered while presence refuses calls (RFC 3261 §11.2)', () => {
    for (const method of ['OPTIONS', 'MESSAGE']) {
      expect(outOfDialogAnswer(method, 'offline')).toEqual({
        status: 480,
        reason: 'Temporarily Unavailable',
      });
      expect(outOfDialogAnswer(method, 'dnd')).toEqual({ status: 486, reason: 'Busy Here' });
    }
  });

  it('refuses MESSAGE with 405 and an Allow without MESSAGE otherwise, and leaves OPTIONS to SIP.js', () => {
    for (const presence of ['available', 'busy', 'away'] as const) {
      expect(outOfDialogAnswer('MESSAGE', presence)).toEqual({
        status: 405,
        reason: 'Method Not Allowed',
        extraHeaders: ['Allow: ACK, BYE, CANCEL, INFO, INVITE, NOTIFY, OPTIONS, PRACK, REFER'],
      });
      expect(outOfDialogAnswer('OPTIONS', presence)).toBeUndefined();
    }
    expect(PHONE_METHODS).not.toContain('MESSAGE');
  });

  it('leaves every other method to SIP.js, in every presence', () => {
    for (const method of ['INVITE', 'NOTIFY', 'REFER', 'SUBSCRIBE', 'options'])
      expect(outOfDialogAnswer(method, 'offline')).toBeUndefined();
  });
});
