import { describe, expect, it } from 'vitest';
import { createPhoneStore } from './phone-store';
import { DEFAULT_SETTINGS } from '../config/settings';
import { fakePhoneClients } from './testing/fake-phone-client';
import { MemoryStorage } from './testing/memory-storage';
import { loadPresence, presenceKey, savePresence } from './presence-storage';

const alice = { ...DEFAULT_SETTINGS, aor: 'sip:alice@umphone.test', voicemailApiUrl: '' };
const bob = { ...alice, aor: 'sip:bob@umphone.test' };

function pageWith(storage: MemoryStorage) {
  const sip = fakePhoneClients();
  const store = createPhoneStore({ createClient: sip.factory, storage: storage as unknown as Storage });
  return { store, sip };
}

describe('the presence a user chose outlives the page', () => {
  it('Appear Offline set on one page signs in hidden on the next, for that user only', () => {
    const storage = new MemoryStorage();
    const first = pageWith(storage);
    first.store.getState().actions.signIn(alice, 'pw');
    first.store.getState().actions.setPresence('offline');

    // The next page (a reload, a portal's next page view): alice signs in hidden.
    const next = pageWith(storage);
    next.store.getState().actions.signIn(alice, 'pw');
    expect(next.store.getState().presence).toBe('offline');
    expect(next.sip.last.init?.presence).toBe('offline');

    // Bob on the same browser is not hidden by alice's choice, and his own is his.
    next.store.getState().actions.signIn(bob, 'pw');
    expect(next.store.getState().presence).toBe('available');
    expect(next.sip.last.init?.presence).toBe('available');
    next.store.getState().actions.setPresence('dnd');
    next.store.getState().actions.signIn(alice, 'pw');
    expect(next.sip.last.init?.presence).toBe('offline');

    // Back to available: nothing is kept.
    next.store.getState().actions.setPresence('available');
    expect(storage.data.has(presenceKey(alice.aor))).toBe(false);
    expect(pageWith(storage).store.getState().presence).toBe('available');
  });

  it("a presence chosen before sign-in (the embed API) is the next user's, and saved for them only", () => {
    const storage = new MemoryStorage();
    const page = pageWith(storage);
    page.store.getState().actions.setPresence('offline');
    expect(storage.data.size).toBe(0); // not under the default address the store starts with
    page.store.getState().actions.signIn(bob, 'pw');
    expect(page.sip.last.init?.presence).toBe('offline');
    expect(storage.data.get(presenceKey(bob.aor))).toBe('offline');
    expect(storage.data.has(presenceKey(alice.aor))).toBe(false);
  });

  it('changing the address in the settings while signed in leaves the live presence alone', () => {
    const storage = new MemoryStorage();
    savePresence(storage, bob.aor, 'dnd');
    const page = pageWith(storage);
    page.store.getState().actions.signIn(alice, 'pw');
    page.store.getState().actions.setPresence('offline');
    page.store.getState().actions.updateSettings(bob);
    // The client signed in as alice still refuses calls as Appear Offline: so says the header.
    expect(page.store.getState().presence).toBe('offline');
  });

  it('reads anything but a presence state as available, and survives a storage that throws', () => {
    const storage = new MemoryStorage();
    storage.setItem(presenceKey(alice.aor), 'invisible');
    expect(loadPresence(storage, alice.aor)).toBe('available');
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => undefined,
    };
    expect(loadPresence(broken, alice.aor)).toBe('available');
    expect(() => savePresence(broken, alice.aor, 'offline')).not.toThrow();
    expect(presenceKey(' SIP:Alice@UMPHONE.test ')).toBe(presenceKey(alice.aor));
  });
});
