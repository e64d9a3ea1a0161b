import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createPhoneStore } from '../store';
import { lazyPhoneClient } from '../store/lazy-phone-client';
import { VoicemailApi } from '../um-api/voicemail-api';
import { dialFromLaunchUrl, offerSipHandler, startIframeModeIfAsked } from '../embed/standalone';
import { App } from './App';
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

const storage = browserStorage();
const store = createPhoneStore({
  // SIP.js is most of the app's weight: fetched on Sign in, not before the sign-in screen shows.
  createClient: lazyPhoneClient(() => import('../sip/phone-client').then((m) => m.createSipPhoneClient)),
  createVoicemailApi: (baseUrl, credentials) => new VoicemailApi(baseUrl, credentials),
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
