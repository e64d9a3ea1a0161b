import { describe, expect, it } from 'vitest';
import type { CallInfo } from '../../store';
import { describeCallChanges } from './announce';

function call(over: Partial<CallInfo>): CallInfo {
  return {
    id: 'c1',
    direction: 'incoming',
    purpose: 'call',
    state: 'ringing',
    peerUri: 'sip:bob@umphone.test',
    peerName: 'Bob',
    urgent: false,
    muted: false,
    held: false,
    startedAt: 0,
    ...over,
  };
}

describe('describeCallChanges', () => {
  it('announces a new ringing call, urgent ones as urgent', () => {
    expect(describeCallChanges([], [call({})], undefined)).toEqual(['Bob is calling']);
    expect(describeCallChanges([], [call({ urgent: true })], undefined)).toEqual([
      'Urgent call: Bob is calling',
    ]);
  });

  it('announces Play-On-Phone as voice message playback, not by the server name', () => {
    expect(describeCallChanges([], [call({ purpose: 'play-on-phone', peerName: 'UM' })], undefined)).toEqual([
      'Voice message playback is ringing',
    ]);
  });

  it('announces connect, hold and resume', () => {
    const ringing = call({});
    const connected = call({ state: 'connected' });
    const held = call({ state: 'held', held: true });
    expect(describeCallChanges([ringing], [connected], undefined)).toEqual(['Connected to Bob']);
    expect(describeCallChanges([connected], [held], undefined)).toEqual(['Call with Bob is on hold']);
    expect(describeCallChanges([held], [connected], undefined)).toEqual(['Call with Bob resumed']);
  });

  it('says nothing when only mute changed', () => {
    const connected = call({ state: 'connected' });
    expect(describeCallChanges([connected], [{ ...connected, muted: true }], undefined)).toEqual([]);
  });

  it('announces an end with its reason', () => {
    const calling = call({ direction: 'outgoing', state: 'calling' });
    const ended = { ...calling, state: 'ended' as const, endReason: 'Unavailable (480)' };
    expect(describeCallChanges([calling], [], ended)).toEqual(['Call with Bob is over (Unavailable (480))']);
    expect(describeCallChanges([calling], [], undefined)).toEqual(['Call with Bob is over']);
  });
});

describe('announcements for holds and voicemail', () => {
  const base: CallInfo = {
    id: 'c1',
    direction: 'outgoing',
    purpose: 'call',
    state: 'calling',
    peerUri: 'sip:bob@umphone.test',
    urgent: false,
    muted: false,
    held: false,
    startedAt: 0,
  };
  it('the far end holding us, and letting go, is spoken with its name', () => {
    const live = { ...base, state: 'connected' as const };
    expect(describeCallChanges([live], [{ ...live, remoteHeld: true }], undefined)).toEqual([
      'bob put you on hold',
    ]);
    expect(
      describeCallChanges([{ ...live, remoteHeld: true }], [{ ...live, remoteHeld: false }], undefined),
    ).toEqual(['bob took you off hold']);
  });
  it("the callee's voicemail answering is spoken as such", () => {
    const answered = { ...base, state: 'connected' as const, answeredBy: 'voicemail' as const };
    expect(describeCallChanges([base], [answered], undefined)).toEqual([
      "bob's voicemail answered: you are leaving a voice message",
    ]);
  });
});
