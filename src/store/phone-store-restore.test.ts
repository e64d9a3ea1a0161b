import { afterEach, describe, expect, it } from 'vitest';
import { createPhoneStore } from './phone-store';
import { windowSignals, type BrowserSignalHandlers } from './browser-signals';
import { DEFAULT_SETTINGS } from '../config/settings';
import { fakePhoneClients } from './testing/fake-phone-client';

/**
 * A page restored from the back/forward cache: pagehide signed the phone out (goodbyes sent, the
 * WebSocket closed), so pageshow with `persisted` must sign in again, with the same settings and
 * the password still in memory, or the user comes back to a signed-out or dead phone.
 */
function harness() {
  const sip = fakePhoneClients();
  let browser: BrowserSignalHandlers | undefined;
  const store = createPhoneStore({
    createClient: sip.factory,
    browserSignals: (handlers) => {
      browser = handlers;
      return () => (browser = undefined);
    },
  });
  const settings = { ...DEFAULT_SETTINGS, aor: 'sip:bob@umphone.test', voicemailApiUrl: '' };
  return { store, sip, settings, browser: () => browser };
}

describe('back/forward cache', () => {
  it('pagehide signs out; the restored page signs in again with the same settings and password', () => {
    const { store, sip, settings, browser } = harness();
    store.getState().actions.signIn(settings, 'bob-pass');
    const first = sip.last;
    first.delegate.onRegistrationChange?.('registered');
    browser()!.pagehide();
    first.delegate.onRegistrationChange?.('signed-out'); // what the real client reports on dispose
    expect(sip.asked).toEqual(['connect', 'dispose']);
    expect(store.getState().registration).toBe('signed-out');

    browser()!.restored();
    expect(sip.last).not.toBe(first);
    expect(sip.asked).toEqual(['connect', 'dispose', 'connect']);
    expect(sip.last.init?.password).toBe('bob-pass');
    expect(sip.last.init?.settings).toEqual(settings);
    expect(store.getState().registration).toBe('connecting');
    // Registered before the page was hidden: the server being unreachable now is a reconnect
    // (the phone screen with its backoff), not the sign-in form.
    expect(store.getState().registeredOnce).toBe(true);
    sip.last.delegate.onRegistrationChange?.('reconnecting', { kind: 'connection-closed' });
    expect(store.getState().registration).toBe('reconnecting');

    // The new client gets the browser's signals.
    browser()!.offline();
    expect(sip.asked.at(-1)).toBe('network-lost');
  });

  it('a restored page that was never hidden, or a second pageshow, signs in nothing', () => {
    const { store, sip, settings, browser } = harness();
    store.getState().actions.signIn(settings, 'pw');
    browser()!.restored();
    expect(sip.asked).toEqual(['connect']);
    browser()!.pagehide();
    browser()!.restored();
    browser()!.restored();
    expect(sip.asked).toEqual(['connect', 'dispose', 'connect']);
  });

  it('after sign-out no signal signs in again', () => {
    const { store, sip, settings, browser } = harness();
    store.getState().actions.signIn(settings, 'pw');
    store.getState().actions.signOut();
    expect(browser()).toBeUndefined();
    expect(sip.asked).toEqual(['connect', 'dispose']);
  });
});

describe('windowSignals: pageshow', () => {
  const g = globalThis as { window?: unknown; document?: unknown };
  afterEach(() => {
    delete g.window;
    delete g.document;
  });

  it('reports only a pageshow from the back/forward cache (persisted), not the first load', () => {
    const win = new EventTarget();
    g.window = win;
    g.document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    const heard: string[] = [];
    const stop = windowSignals({
      online: () => heard.push('online'),
      offline: () => heard.push('offline'),
      visible: () => heard.push('visible'),
      pagehide: () => heard.push('pagehide'),
      restored: () => heard.push('restored'),
    });
    const pageshow = (persisted: boolean) => Object.assign(new Event('pageshow'), { persisted });
    win.dispatchEvent(pageshow(false));
    win.dispatchEvent(new Event('pagehide'));
    win.dispatchEvent(pageshow(true));
    expect(heard).toEqual(['pagehide', 'restored']);
    stop();
    win.dispatchEvent(pageshow(true));
    expect(heard).toEqual(['pagehide', 'restored']);
  });
});
