import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../config/settings';
import type { CallInfo } from '../sip/call-state';
import type { PhoneClientInit } from '../sip/phone-client-like';
import { FakePhoneClient } from './testing/fake-phone-client';
import { createPhoneStore } from './phone-store';
import { callInfo } from './testing/calls';
import { MemoryStorage } from './testing/memory-storage';

const fakeClient = new FakePhoneClient();

function memoryStorage(): Storage {
  return new MemoryStorage() as unknown as Storage;
}

/** One browser tab: a store on a shared storage, signed in as `aor`. */
function tab(storage: Storage, aor: string) {
  let init: PhoneClientInit | undefined;
  const store = createPhoneStore({
    createClient: (i) => ((init = i), fakeClient),
    storage,
  });
  store.getState().actions.signIn({ ...DEFAULT_SETTINGS, aor }, 'pw');
  return { store, delegate: () => init!.delegate };
}

const ALICE = 'sip:alice@umphone.test';
const BOB = 'sip:bob@umphone.test';

const answered: CallInfo = callInfo({
  id: 'a1',
  direction: 'incoming',
  peerUri: BOB,
  peerName: 'Bob',
  subject: 'Lunch?',
  connectedAt: 2_000,
  endedAt: 9_000,
});

describe('phone store call history', () => {
  it('is saved on change and loaded again by the next page load', () => {
    const storage = memoryStorage();
    const first = tab(storage, ALICE);
    first.delegate().onCallUpdate?.(answered);
    first.delegate().onIncomingRefused?.(
      {
        fromUri: BOB,
        toUri: ALICE,
        urgent: true,
        automaton: false,
        noDiversion: false,
        playOnPhone: false,
      },
      'Bob',
      480,
    );
    const reloaded = createPhoneStore({ createClient: () => fakeClient, storage });
    expect(reloaded.getState().settings.aor).toBe(ALICE);
    const history = reloaded.getState().history;
    expect(history.map((c) => c.direction)).toEqual(['incoming', 'incoming']);
    expect(history[0]).toMatchObject({ endStatus: 480, urgent: true, connectedAt: undefined });
    expect(history[1]).toMatchObject({ id: 'a1', subject: 'Lunch?', connectedAt: 2_000, endedAt: 9_000 });
  });

  it("never shows alice's calls to bob on a shared browser", () => {
    const storage = memoryStorage();
    const alice = tab(storage, ALICE);
    alice.delegate().onCallUpdate?.(answered);
    expect(alice.store.getState().history).toHaveLength(1);

    alice.store.getState().actions.signOut();
    alice.store.getState().actions.signIn({ ...DEFAULT_SETTINGS, aor: BOB }, 'pw');
    expect(alice.store.getState().history).toEqual([]);

    alice.store.getState().actions.signIn({ ...DEFAULT_SETTINGS, aor: ALICE }, 'pw');
    expect(alice.store.getState().history.map((c) => c.id)).toEqual(['a1']);
  });
});
