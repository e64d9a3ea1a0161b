import type { PhoneClientFactory, PhoneClientInit, PhoneClientLike } from '../sip/phone-client-like';
import { PhoneError } from '../sip/reasons';

/** A lazily loaded client factory that can also be fetched ahead of the first connect(). */
export interface LazyPhoneClientFactory extends PhoneClientFactory {
  /**
   * Fetches and compiles the real client now (e.g. in idle time while the sign-in form is up), so
   * Sign in does not wait for it. A failure is forgotten: connect() tries again and reports it.
   */
  preload(): void;
}

/**
 * A client factory whose real factory (SIP.js and the SIP client, most of the app's weight) is
 * fetched on the first connect() or preload(), so the sign-in screen loads without it. Until the
 * real client exists there is no call to act on: placing one says "Not connected", the rest do nothing.
 */
export function lazyPhoneClient(load: () => Promise<PhoneClientFactory>): LazyPhoneClientFactory {
  let loading: Promise<PhoneClientFactory> | undefined;
  /** The real factory once loaded: connect() then makes the client at once, in the caller's task. */
  let loaded: PhoneClientFactory | undefined;
  const start = () => {
    loading ??= load().then((f) => (loaded = f));
    return loading;
  };
  const factory = (init: PhoneClientInit): PhoneClientLike => {
    let real: PhoneClientLike | undefined;
    let disposed = false;
    let presence = init.presence;
    const need = () => {
      if (!real) throw new PhoneError({ kind: 'not-connected' });
      return real;
    };
    return {
      connect() {
        if (real) return real.connect();
        if (loaded && !disposed) {
          // Preloaded (idle time while the form was up): the WebSocket opens now, before the UI
          // renders the signed-in screen, rather than a microtask after that render.
          real = loaded({ ...init, presence });
          real.connect();
          return;
        }
        start().then(
          (factory) => {
            if (disposed || real) return;
            real = factory({ ...init, presence });
            real.connect();
          },
          (e: unknown) => {
            loading = undefined; // a later sign-in tries again
            if (disposed) return;
            const why = e instanceof Error ? e.message : String(e);
            init.delegate.onRegistrationChange?.('failed', { kind: 'client-not-loaded', error: why });
          },
        );
      },
      dispose() {
        disposed = true;
        real?.dispose();
      },
      call: (target, options) => need().call(target, options),
      callVoicemail: () => need().callVoicemail(),
      answer: (id) => real?.answer(id),
      decline: (id) => real?.decline(id),
      hangup: (id) => real?.hangup(id),
      setMuted: (id, muted) => real?.setMuted(id, muted),
      setHeld: (id, held) => real?.setHeld(id, held),
      sendDtmf: (id, tone) => real?.sendDtmf(id, tone),
      sendToVoicemail: (id) => real?.sendToVoicemail?.(id),
      transfer: (id, target, options) => real?.transfer?.(id, target, options),
      completeTransfer: (id, consult) => real?.completeTransfer?.(id, consult),
      networkLost: () => real?.networkLost(),
      checkConnection: () => real?.checkConnection(),
      retryNow: () => real?.retryNow?.(),
      applySettings: (settings) => real?.applySettings?.(settings),
      setPresence(p) {
        presence = p;
        real?.setPresence(p);
      },
    };
  };
  return Object.assign(factory, {
    preload() {
      const attempt = start();
      attempt.catch(() => {
        if (loading === attempt) loading = undefined; // connect() tries again and says why it failed
      });
    },
  });
}
