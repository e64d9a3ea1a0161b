import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createPhoneStore } from '../store';
import { createSipPhoneClient } from '../sip/phone-client';
import { VoicemailApi } from '../um-api/voicemail-api';
import { App } from './App';
import './app.css';

/** localStorage, unless the browser refuses it (sandboxed frame, privacy mode): then nothing is remembered. */
function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

const store = createPhoneStore({
  createClient: createSipPhoneClient,
  createVoicemailApi: (baseUrl, credentials) => new VoicemailApi(baseUrl, credentials),
  storage: browserStorage(),
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App store={store} ownsDocument />
  </StrictMode>,
);
