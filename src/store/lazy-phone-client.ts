import type { PhoneClientFactory, PhoneClientInit, PhoneClientLike } from '../sip/phone-client-like';
import { PhoneError } from '../sip/reasons';

/**
 * A client factory whose real factory (SIP.js and the SIP client, most of the app's weight) is
 * fetched on the first connect(), so the sign-in screen loads without it. Until the real client
 * exists there is no call to act on: placing one says "Not connected", the rest do nothing.
 */
export function lazyPhoneClient(load: () => Promise<PhoneClientFactory>): PhoneClientFactory {
  let loading: Promise<PhoneClientFactory> | undefined;
  return (init: PhoneClientInit): PhoneClientLike => {
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
        loading ??= load();
        loading.then(
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
      setPresence(p) {
        presence = p;
        real?.setPresence(p);
      },
    };
  };
}
