import { describe, expect, it } from 'vitest';
import { createPhoneStore, willSkipPin } from './phone-store';
import { DEFAULT_SETTINGS, type PhoneSettings } from '../config/settings';
import type { PhoneClientInit } from '../sip/phone-client-like';
import { FakePhoneClient, fakePhoneClients } from './testing/fake-phone-client';
import type { BrowserSignalHandlers } from './browser-signals';
import type { CallInfo } from '../sip/call-state';

/** Records what the store asks of the SIP client and lets a test play the client's callbacks. */
function harness() {
  const sip = fakePhoneClients();
  const calls = sip.asked;
  const saved = new Map<string, string>();
  const storage = {
    getItem: (k: string) => saved.get(k) ?? null,
    setItem: (k: string, v: string) => void saved.set(k, v),
  } as unknown as Storage;
  const store = createPhoneStore({
    createClient: sip.factory,
    storage,
    now: () => 1000,
  });
  return { store, calls, saved, client: () => sip.last.init! };
}

const ringing: CallInfo = {
  id: 'c9',
  direction: 'incoming',
  purpose: 'play-on-phone',
  state: 'ringing',
  peerUri: 'sip:bob@umphone.test',
  urgent: true,
  muted: false,
  held: false,
  startedAt: 1,
};

describe('phone store', () => {
  it('signs in with the password in memory only and remembers the rest', () => {
    const { store, calls, saved, client } = harness();
    const settings: PhoneSettings = { ...DEFAULT_SETTINGS, aor: 'sip:bob@umphone.test' };
    store.getState().actions.signIn(settings, 's3cret');
    expect(calls).toEqual(['connect']);
    expect(client().password).toBe('s3cret');
    expect([...saved.values()].join()).not.toContain('s3cret');
    expect([...saved.values()].join()).toContain('sip:bob@umphone.test');
    expect(store.getState().registration).toBe('connecting');
  });

  it('keeps the contacts’ presence as NOTIFYed, only for configured contacts, and forgets it on sign-out', () => {
    const { store, client } = harness();
    store.getState().actions.signIn({ ...DEFAULT_SETTINGS, contacts: ['sip:bob@umphone.test'] }, 'x');
    client().delegate.onContactPresence?.('sip:bob@umphone.test', { state: 'busy', note: 'In a meeting' });
    client().delegate.onContactPresence?.('sip:mallory@umphone.test', { state: 'available', note: '' });
    expect(store.getState().contacts).toEqual({
      'sip:bob@umphone.test': { state: 'busy', note: 'In a meeting' },
    });
    store.getState().actions.signOut();
    expect(store.getState().contacts).toEqual({});
  });

  it('tracks registration and calls reported by the client', () => {
    const { store, client } = harness();
    store.getState().actions.signIn(DEFAULT_SETTINGS, 'x');
    client().delegate.onRegistrationChange?.('registered');
    expect(store.getState().registration).toBe('registered');
    client().delegate.onCallUpdate?.(ringing);
    expect(store.getState().calls).toHaveLength(1);
    client().delegate.onCallUpdate?.({ ...ringing, state: 'ended', endReason: 'Missed: the caller hung up' });
    expect(store.getState().calls).toHaveLength(0);
    expect(store.getState().lastEnded?.endReason).toBe('Missed: the caller hung up');
    expect(store.getState().history[0]?.id).toBe('c9');
  });

  it('records a call refused by presence in the history, never as a live call', () => {
    const { store, client } = harness();
    store.getState().actions.signIn(DEFAULT_SETTINGS, 'x');
    client().delegate.onIncomingRefused?.(
      {
        fromUri: 'sip:alice@umphone.test',
        toUri: 'sip:bob@umphone.test',
        urgent: false,
        automaton: false,
        noDiversion: false,
        playOnPhone: false,
      },
      'Alice',
      480,
    );
    expect(store.getState().calls).toHaveLength(0);
    expect(store.getState().history[0]).toMatchObject({ peerName: 'Alice', endStatus: 480 });
  });

  it('turns a client error into a notice instead of throwing into the UI', () => {
    const { store } = harness();
    store.getState().actions.signIn(DEFAULT_SETTINGS, 'x');
    expect(() => store.getState().actions.call('bob', { subject: 'a\nb' })).not.toThrow();
    expect(store.getState().notice?.text).toMatch(/line breaks/);
  });

  it('passes presence to the client and routes deposit calls as leave-message', () => {
    const { store, calls } = harness();
    store.getState().actions.signIn(DEFAULT_SETTINGS, 'x');
    store.getState().actions.setPresence('offline');
    store.getState().actions.leaveMessage('bob');
    expect(calls).toContain('presence offline');
    expect(calls).toContain('call bob leave-message - -');
    expect(store.getState().presence).toBe('offline');
  });

  it('says a voicemail call skips the PIN only on a trusted transport with the setting on', () => {
    expect(willSkipPin({ ...DEFAULT_SETTINGS, serverUrl: 'wss://sip.example.com' })).toBe(true);
    expect(willSkipPin({ ...DEFAULT_SETTINGS, serverUrl: 'ws://sip.example.com' })).toBe(false);
    expect(willSkipPin({ ...DEFAULT_SETTINGS, serverUrl: 'wss://sip.example.com', skipPin: false })).toBe(
      false,
    );
  });
});

describe('phone store and the voicemail web API', () => {
  it('fetches the call reports (MS-EUMR 3.2) on registering and again when the page becomes visible', async () => {
    let init: PhoneClientInit | undefined;
    let fetches = 0;
    let browser: BrowserSignalHandlers | undefined;
    const client = new FakePhoneClient();
    const store = createPhoneStore({
      createClient: (i) => {
        init = i;
        return client;
      },
      browserSignals: (handlers) => {
        browser = handlers;
        return () => (browser = undefined);
      },
      createVoicemailApi: () => ({
        listMessages: async () => [],
        playOnPhone: async () => 'c1',
        getCallInfo: async () => ({ callState: 'idle', eventCause: 'none' }),
        disconnectPhoneCall: async () => undefined,
        listCallEvents: async () => {
          fetches++;
          return [];
        },
      }),
    });
    store.getState().actions.signIn({ ...DEFAULT_SETTINGS, aor: 'sip:bob@umphone.test' }, 'bob-pass');
    browser!.visible();
    expect(fetches).toBe(0); // not signed in yet: nothing to ask
    init!.delegate.onRegistrationChange?.('registered');
    expect(fetches).toBe(1);
    browser!.visible();
    expect(fetches).toBe(2);
    store.getState().actions.signOut();
    expect(browser).toBeUndefined(); // signed out: the browser's signals no longer reach anyone
  });

  it('tells the client what the browser says: offline, online, visible, and pagehide signs out', () => {
    let browser: BrowserSignalHandlers | undefined;
    const client = new FakePhoneClient();
    const store = createPhoneStore({
      createClient: () => client,
      browserSignals: (handlers) => {
        browser = handlers;
        return () => (browser = undefined);
      },
    });
    store.getState().actions.signIn({ ...DEFAULT_SETTINGS, voicemailApiUrl: '' }, 'pw');
    browser!.offline();
    browser!.online();
    browser!.visible();
    browser!.pagehide();
    expect(client.asked).toEqual([
      'connect',
      'network-lost',
      'check-connection',
      'check-connection',
      'dispose',
    ]);
    expect(browser).toBeDefined(); // still listening, for pageshow (phone-store-restore.test.ts)
  });

  it('signs in to the voicemail API with the SIP credentials and fetches the list once registered', async () => {
    let made: { url: string; username: string; password: string } | undefined;
    let init: PhoneClientInit | undefined;
    const store = createPhoneStore({
      createClient: (i) => {
        init = i;
        return new FakePhoneClient();
      },
      createVoicemailApi: (url, c) => {
        made = { url, ...c };
        return {
          listMessages: async () => [
            {
              id: 'm1',
              caller: 'sip:alice@x',
              receivedAt: '',
              durationSeconds: 3,
              urgent: true,
              heard: false,
            },
          ],
          playOnPhone: async () => 'c1',
          getCallInfo: async () => ({ callState: 'idle', eventCause: 'none' }),
          disconnectPhoneCall: async () => undefined,
        };
      },
    });
    store.getState().actions.signIn({ ...DEFAULT_SETTINGS, aor: 'sip:bob@umphone.test' }, 'bob-pass');
    expect(made).toEqual({ url: DEFAULT_SETTINGS.voicemailApiUrl, username: 'bob', password: 'bob-pass' });
    init!.delegate.onRegistrationChange?.('registered');
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().voicemail.messages.map((m) => m.id)).toEqual(['m1']);
  });
});
