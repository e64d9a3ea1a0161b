import { describe, expect, it } from 'vitest';
import { createPhoneStore } from './phone-store';
import { DEFAULT_SETTINGS } from '../config/settings';
import { fakePhoneClients } from './testing/fake-phone-client';

describe('notices and sign-out (issue 15)', () => {
  it('a notice about a call ("Hold failed") does not outlive the sign-in it belongs to', () => {
    const sip = fakePhoneClients();
    const store = createPhoneStore({ createClient: sip.factory, now: () => 1000 });
    store.getState().actions.signIn(DEFAULT_SETTINGS, 'pw');
    sip.last.init!.delegate.onError?.({
      kind: 'hold-failed',
      error: 'Invalid signaling state have-local-offer',
    });
    expect(store.getState().notice?.text).toMatch(/Hold failed/);
    store.getState().actions.signOut();
    expect(store.getState().notice).toBeUndefined();
  });
});
