import { lazyPhoneClient, type LazyPhoneClientFactory } from '../store/lazy-phone-client';
import { warmUpAfterRegistration } from '../store/warm-up-after-registration';

/**
 * The element's SIP client, in a chunk of its own beside `um-phone.js` (SIP.js and the SIP layer,
 * about a third of the element): a host page loads it when a phone signs in, or in idle time once
 * the element is defined (index.ts), not before the element's first paint. One loader for every
 * element on the page, so the chunk is fetched once; once registered, the incoming-call path is
 * warmed up in idle time, out of the first call's way (issue 17).
 */
export const embedPhoneClient: LazyPhoneClientFactory = lazyPhoneClient(() =>
  import('../sip/client-chunk').then((m) =>
    warmUpAfterRegistration(m.createSipPhoneClient, m.warmUpIncomingCall),
  ),
);
