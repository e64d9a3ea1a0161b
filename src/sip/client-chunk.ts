/**
 * What the lazily loaded SIP chunk offers the app and the element (`import()`ed by
 * src/app/main.tsx and src/embed/sip-client-loader.ts): the SIP client, and the warm-ups they run
 * in idle time: of sign-in while the form is up, of the incoming-call path once registered.
 */
export { createSipPhoneClient } from './phone-client';
export { warmUpIncomingCall, warmUpSignIn } from './warm-up';
