/**
 * The element itself, behind the entry (index.ts): the public implementations, checked against
 * the public types (`um-phone-api.ts`, shipped as `um-phone.d.ts`) by the assignments below, and
 * the definition of `<um-phone>`.
 */
import type * as Api from './um-phone-api';
import { enableClickToDial as enableClickToDialImpl } from './click-to-dial';
import { connectPhoneFrame as connectPhoneFrameImpl } from './phone-frame';
import { UmPhoneElement as UmPhoneElementImpl } from './um-phone-element';
import { preloadSipInIdleTime } from './sip-client-loader';

export const UmPhoneElement: typeof Api.UmPhoneElement = UmPhoneElementImpl;
export const enableClickToDial: typeof Api.enableClickToDial = enableClickToDialImpl;
export const connectPhoneFrame: typeof Api.connectPhoneFrame = connectPhoneFrameImpl;

// A page may load the bundle twice (two widgets, two script tags): define once.
if (!customElements.get('um-phone')) customElements.define('um-phone', UmPhoneElementImpl);

// SIP.js and the SIP client are a chunk of their own (vite.embed.config.ts): fetched when a phone
// signs in, or here in idle time, so a phone that shows its sign-in form first signs in at once.
preloadSipInIdleTime();
