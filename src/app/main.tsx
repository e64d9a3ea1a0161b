import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createPhoneStore } from '../store';
import { lazyPhoneClient } from '../store/lazy-phone-client';
import { warmUpAfterRegistration, whenIdle } from '../store/warm-up-after-registration';
import { createVoicemailApi } from '../um-api/voicemail-api-failover';
import {
  dialFromLaunchUrl,
  framedPhoneStorage,
  offerSipHandler,
  startIframeModeIfAsked,
} from '../embed/standalone';
import { hasSavedSettings } from '../config/settings';
import { EarlySocket } from '../sip/early-socket';
import { App } from './App';
import { closeEarlySocketOnPageHide, openEarlySocketForReturningUser } from './early-connection';
import { initialLanguage, rememberLanguage } from './remembered-language';
import './app.css';

/** localStorage, unless the browser refuses it (sandboxed frame, privacy mode): then nothing is remembered. */
function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

// Framed (iframe mode), the phone remembers its history only: its settings come from the framing
// page and never become the standalone app's.
const storage = framedPhoneStorage(window, browserStorage());
// Read with the settings the store starts from: a returning user's, or the defaults.
const remembered = hasSavedSettings(storage);
// SIP.js is most of the app's weight: not loaded before the sign-in screen shows, but fetched and
// warmed up in idle time while it is up (a returning user types the password meanwhile), or on
// Sign in. Once registered, the incoming-call path is warmed up in idle time too, out of the first
// call's way (issue 17).
const sipChunk = () => import('../sip/client-chunk');
// A returning user's WebSocket opens while the password is typed; the first sign-in adopts it if
// it goes to the same server (src/sip/early-socket.ts).
const earlySocket = new EarlySocket();
const sipClient = lazyPhoneClient(() =>
  sipChunk().then((m) =>
    warmUpAfterRegistration((init) => m.createSipPhoneClient({ ...init, earlySocket }), m.warmUpIncomingCall),
  ),
);
const store = createPhoneStore({
  createClient: sipClient,
  createVoicemailApi: (urls, credentials) => createVoicemailApi(urls, credentials),
  storage,
  // ?lang=de, or the language picked last time; without either the browser's languages decide.
  language: initialLanguage(location.search, storage),
});
rememberLanguage(store, storage);

// Embedding (README "Embed in your intranet"): iframe mode, the sip: handler and ?call= links.
const framed = startIframeModeIfAsked(store, window, import.meta.env.VITE_EMBED_ALLOWED_ORIGINS);
if (!framed) offerSipHandler(store, location, navigator);
dialFromLaunchUrl(store, location, history);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App store={store} ownsDocument />
  </StrictMode>,
);
closeEarlySocketOnPageHide(store, earlySocket, storage, window);
whenIdle(() => {
  openEarlySocketForReturningUser(store, earlySocket, remembered);
  sipClient.preload();
  sipChunk().then(
    (m) => whenIdle(() => m.warmUpSignIn(store.getState().settings.aor)),
    () => undefined, // Sign in loads it again and says why it failed
  );
});
