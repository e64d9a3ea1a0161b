/**
 * What the lazily loaded SIP chunk offers the app and the element (`import()`ed by
 * src/app/main.tsx and src/embed/sip-client-loader.ts): the SIP client, and the warm-up of its
 * incoming-call path that they run in idle time once registered.
 */
export { createSipPhoneClient } from './phone-client';
export { warmUpIncomingCall } from './warm-up';
