import { Activity, useDeferredValue, useState } from 'react';
import { PhoneStoreContext, usePhone, type PhoneStore } from '../store';
import { I18nProvider, useLanguage } from '../i18n';
import { CallNotifier } from '../features/attention/call-notifier';
import { CallShortcuts } from '../features/attention/call-shortcuts';
import { DocumentAttention } from '../features/attention/document-attention';
import { CallAnnouncer } from '../features/calls/call-announcer';
import { AppHeader } from '../features/header/app-header';
import { NoticeView } from '../features/notice/notice-view';
import { PhoneScreen } from '../features/phone/phone-screen';
import { RingtonePlayer } from '../features/ringtone/ringtone-player';
import { SignInScreen } from '../features/sign-in/sign-in-screen';

/**
 * Bumped at each sign-out: the phone screen rendered hidden behind the sign-in form is a new one,
 * so nothing typed or opened in the last session (a number, a Subject, an open panel) is kept.
 */
function useSessionKey(signedOut: boolean): number {
  const [seen, setSeen] = useState({ signedOut, key: 0 });
  if (seen.signedOut === signedOut) return seen.key;
  const next = { signedOut, key: signedOut ? seen.key + 1 : seen.key };
  setSeen(next);
  return next.key;
}

function Screens({ ownsDocument }: { ownsDocument: boolean }) {
  const signedOut = usePhone((s) => s.registration === 'signed-out');
  const sessionKey = useSessionKey(signedOut);
  const lang = useLanguage();
  // The first render is the header (with the registration status) and the shell only; the phone
  // screen follows in a deferred render. A phone that signs in at once (the element) thus commits
  // its status early, and "Registered" shows as soon as the 200 arrives (a store update, which
  // React renders at once, interrupting the deferred one) instead of after the whole screen's
  // first render, tens of ms of main thread on a cold page (issue 17: ≈ 28 ms in same-run A/Bs of
  // the element's load → Registered, once in each order).
  const firstRenderDone = useDeferredValue(true, false);
  return (
    <div className="app" lang={lang}>
      <AppHeader />
      <main className="app__main">
        <NoticeView />
        {signedOut ? <SignInScreen /> : null}
        {/* Rendered hidden while the sign-in form is up (React does it at idle priority, once the
            form has shown; hidden, its effects do not run and it is out of the accessibility
            tree): Sign in then reveals it rather than rendering it from nothing, and the REGISTER
            goes out ≈ 15 ms sooner on a cold page (issue 17, click → Registered). */}
        <Activity key={sessionKey} mode={signedOut || !firstRenderDone ? 'hidden' : 'visible'}>
          <PhoneScreen />
        </Activity>
      </main>
      <RingtonePlayer />
      <CallAnnouncer />
      <CallNotifier />
      <CallShortcuts />
      {ownsDocument ? <DocumentAttention /> : null}
    </div>
  );
}

function Localised({ ownsDocument }: { ownsDocument: boolean }) {
  const language = usePhone((s) => s.language);
  return (
    <I18nProvider requested={language}>
      <Screens ownsDocument={ownsDocument} />
    </I18nProvider>
  );
}

/**
 * The whole phone for one store: the SPA mounts one, an embedding page may mount several.
 * `ownsDocument`: the phone is the page (standalone app), so it may set the tab title, favicon
 * and <html lang>; an embedded phone leaves the host page's alone.
 */
export function App({ store, ownsDocument = false }: { store: PhoneStore; ownsDocument?: boolean }) {
  return (
    <PhoneStoreContext value={store}>
      <Localised ownsDocument={ownsDocument} />
    </PhoneStoreContext>
  );
}
