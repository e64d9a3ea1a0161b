/**
 * The embed bundle's entry (`dist/embed/um-phone.js`): importing it defines `<um-phone>`.
 *
 *   <script type="module" src="/um-phone/embed/um-phone.js"></script>
 *   <um-phone server="wss://sip.example.com:7443" aor="sip:alice@example.com"></um-phone>
 *
 * About 1 KB (with Vite's preload helper, which requests a chunk and its imports together) that
 * imports the rest from its own URL (`dist/embed/chunks/`): the element (React, the store, the UI)
 * at once, and SIP.js with the SIP client at the same time when the page already has a phone
 * configured to sign in (`server` and `aor`: it will sign in as soon as its credentials arrive), so
 * neither waits for the other (issue 17). Otherwise SIP.js comes in idle time or on sign-in
 * (element.ts). Public types: `um-phone-api.ts`, shipped as `um-phone.d.ts`.
 */
import type * as Api from './um-phone-api';

if (typeof document !== 'undefined' && document.querySelector('um-phone[server][aor]')) {
  // The same module the element's loader imports (sip-client-loader.ts): fetched once.
  import('../sip/client-chunk').catch(() => undefined); // signing in loads it again and says why
}

const element = await import('./element');

export const UmPhoneElement: typeof Api.UmPhoneElement = element.UmPhoneElement;
export const enableClickToDial: typeof Api.enableClickToDial = element.enableClickToDial;
export const connectPhoneFrame: typeof Api.connectPhoneFrame = element.connectPhoneFrame;
