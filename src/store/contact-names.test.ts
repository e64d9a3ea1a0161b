import { describe, expect, it } from 'vitest';
import { addressKey, knownName } from './contact-names';
import { createPhoneStore } from './phone-store';
import { fakePhoneClients } from './testing/fake-phone-client';
import { DEFAULT_SETTINGS } from '../config/settings';
import type { CallInfo } from '../sip/call-state';
import { callInfo } from './testing/calls';

const OWN = 'sip:alice@umphone.test';
const call = (extra: Partial<CallInfo>): CallInfo =>
  callInfo({ id: 'c', direction: 'incoming', startedAt: 1, ...extra });

describe('names the phone knows', () => {
  it('compares addresses as a person does: scheme, parameters and case aside; a bare user is on our domain', () => {
    expect(addressKey('sip:Bob@UMPHONE.test;transport=ws')).toBe('bob@umphone.test');
    expect(addressKey('bob', OWN)).toBe('bob@umphone.test');
  });

  it('takes the newest name an address called with, never one from a voicemail or playback call', () => {
    const history = [
      call({ peerName: 'Robert', purpose: 'play-on-phone' }),
      call({ peerName: 'Bob New' }),
      call({ peerName: 'Bob Old' }),
    ];
    expect(knownName(history, 'bob', OWN)).toBe('Bob New');
    expect(knownName(history, 'carol', OWN)).toBeUndefined();
  });

  it('names an outgoing call to someone who called before; the history keeps the name', () => {
    const sip = fakePhoneClients();
    const store = createPhoneStore({ createClient: sip.factory });
    store.getState().actions.signIn({ ...DEFAULT_SETTINGS, aor: OWN }, 'pw');
    const up = sip.last.delegate.onCallUpdate!;
    up(call({ id: 'in', peerName: 'Bob Example', state: 'ringing' }));
    up(call({ id: 'in', peerName: 'Bob Example', state: 'ended' }));
    up(call({ id: 'out', direction: 'outgoing', state: 'calling', peerUri: 'sip:bob@umphone.test' }));
    expect(store.getState().calls[0]?.peerName).toBe('Bob Example');
    up(call({ id: 'out', direction: 'outgoing', state: 'ended', peerUri: 'sip:bob@umphone.test' }));
    expect(store.getState().history[0]?.peerName).toBe('Bob Example');
  });
});
