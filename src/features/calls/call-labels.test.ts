import { describe, expect, it } from 'vitest';
import { en } from '../../i18n';
import { de } from '../../i18n/de';
import type { CallInfo } from '../../store';
import { callInfo } from '../../store/testing/calls';
import { isHeldHere, leftVoiceMessage, liveCallName, liveCallStatus, shortName } from './call-labels';

function call(patch: Partial<CallInfo> = {}): CallInfo {
  return callInfo({ id: 'call-1', state: 'connected', startedAt: 0, ...patch });
}

describe('call labels', () => {
  it('names the callee by contact/display name, else by the user part of the address', () => {
    expect(shortName(call({ peerName: 'Bob Builder' }))).toBe('Bob Builder');
    expect(shortName(call())).toBe('bob');
    expect(shortName(call({ peerUri: 'sip:j%C3%B6rg@x.test' }))).toBe('jörg');
    expect(shortName(call({ peerUri: 'sip:%E0%A4@x.test' }))).toBe('%E0%A4');
    expect(shortName(call({ peerUri: 'tel:+4930123' }))).toBe('tel:+4930123');
  });

  it('says "Bob\'s voicemail" only for an ordinary call we placed that the voicemail answered', () => {
    expect(liveCallName(call({ answeredBy: 'voicemail' }))).toBe("bob's voicemail");
    expect(liveCallName(call({ answeredBy: 'voicemail', peerName: 'Bob' }), de)).toBe('Voicemail von Bob');
    expect(liveCallName(call({ answeredBy: 'forwarded' }))).toBe('sip:bob@umphone.test');
    expect(leftVoiceMessage(call({ answeredBy: 'voicemail', direction: 'incoming' }))).toBe(false);
    expect(leftVoiceMessage(call({ answeredBy: 'voicemail', purpose: 'leave-message' }))).toBe(false);
  });

  it('status: held here wins over held by the far end; the far end holding says who', () => {
    expect(liveCallStatus(call({ remoteHeld: true, peerName: 'Bob' }))).toBe('On hold (Bob)');
    expect(liveCallStatus(call({ remoteHeld: true, peerName: 'Bob' }), de)).toBe('Gehalten (Bob)');
    expect(liveCallStatus(call({ remoteHeld: true, state: 'held', held: true }))).toBe(en.call.onHold);
    expect(liveCallStatus(call({ held: true }))).toBe(en.call.holding);
    expect(liveCallStatus(call({ state: 'calling', forwarded: true }))).toBe(en.call.forwarded);
    expect(liveCallStatus(call())).toBe(en.call.connected);
  });

  it('a call asked to hold counts as held here before the far end agrees', () => {
    expect(isHeldHere(call({ held: true }))).toBe(true);
    expect(isHeldHere(call({ state: 'held' }))).toBe(true);
    expect(isHeldHere(call())).toBe(false);
  });
});
