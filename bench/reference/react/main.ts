/**
 * The benchmark's second reference (figure 2): the least a React softphone does before
 * "Registered" shows. React 19 renders one status line from SIP.js's registration state; SIP.js
 * 0.21 with its default options but the server and the credentials, as the bare reference page
 * (`../main.ts`), registers on load. No UI, no store, none of UM Phone's code: its load →
 * Registered is what React 19 itself adds to the bare SIP.js page, which the element and the SPA
 * (both React 19) pay too. Measured like the element: navigation → the text "Registered" in the DOM.
 *
 *   /reference/react/?server=ws://127.0.0.1:5066&aor=sip:alice@umphone.test&password=…
 */
import { createElement, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { Registerer, RegistererState, UserAgent } from 'sip.js';

const params = new URLSearchParams(location.search);
const aor = params.get('aor') ?? '';
const uri = UserAgent.makeURI(aor);
if (!uri) throw new Error(`bad aor ${aor}`);

const ua = new UserAgent({
  uri,
  transportOptions: { server: params.get('server') ?? '' },
  authorizationUsername: uri.user,
  authorizationPassword: params.get('password') ?? '',
});
const registerer = new Registerer(ua);

const subscribe = (onChange: () => void) => {
  const listener = () => onChange();
  registerer.stateChange.addListener(listener);
  return () => registerer.stateChange.removeListener(listener);
};
const label = () => (registerer.state === RegistererState.Registered ? 'Registered' : 'Signing in');

function Status() {
  return createElement('p', { id: 'status' }, useSyncExternalStore(subscribe, label));
}

const root = document.getElementById('root')!;
const api: { registeredAt?: number } = {};
(window as unknown as { __ref: typeof api }).__ref = api;
// The moment the text is in the DOM, as the element's host page records it.
const observer = new MutationObserver(() => {
  if (document.getElementById('status')?.textContent === 'Registered') {
    api.registeredAt = performance.now();
    observer.disconnect();
  }
});
observer.observe(root, { subtree: true, childList: true, characterData: true });
createRoot(root).render(createElement(Status));
await ua.start();
await registerer.register();
