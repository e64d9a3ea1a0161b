import { lazyPhoneClient, type LazyPhoneClientFactory } from '../store/lazy-phone-client';
import { warmUpAfterRegistration, whenIdle } from '../store/warm-up-after-registration';

const sipChunk = () => import('../sip/client-chunk');

/**
 * The element's SIP client, in a chunk of its own beside `um-phone.js` (SIP.js and the SIP layer,
 * about a third of the element): a host page loads it when a phone signs in, or in idle time once
 * the element is defined (index.ts), not before the element's first paint. One loader for every
 * element on the page, so the chunk is fetched once; once registered, the incoming-call path is
 * warmed up in idle time, out of the first call's way (issue 17).
 */
export const embedPhoneClient: LazyPhoneClientFactory = lazyPhoneClient(() =>
  sipChunk().then((m) => warmUpAfterRegistration(m.createSipPhoneClient, m.warmUpIncomingCall)),
);

/**
 * Resolves a task after the SIP chunk has loaded, by when every sign-in that waited for it has
 * made its client and opened its WebSocket (lazyPhoneClient connects in the chunk's promise
 * chain, microtasks before this task), or after `capMs` at the latest (a slow network: the UI
 * does not wait for the whole chunk). A failed load resolves too: signing in says why.
 */
export function afterSipClientStarted(capMs: number): Promise<void> {
  return new Promise((resolve) => {
    const cap = setTimeout(resolve, capMs);
    const done = () =>
      setTimeout(() => {
        clearTimeout(cap);
        resolve();
      }, 0);
    sipChunk().then(done, done);
  });
}

/** Any address does: the warm-up compiles the grammar, whatever address it reads. */
const WARM_UP_AOR = 'sip:warm-up@example.invalid';

/**
 * In idle time: fetches the SIP chunk and then, in idle time again, compiles what signing in runs
 * (src/sip/warm-up.ts), so a phone that shows its sign-in form first signs in without waiting for either.
 */
export function preloadSipInIdleTime(): void {
  whenIdle(() => {
    embedPhoneClient.preload();
    sipChunk().then(
      (m) => whenIdle(() => m.warmUpSignIn(WARM_UP_AOR)),
      () => undefined, // signing in loads it again and says why it failed
    );
  });
}
