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

function Screens({ ownsDocument }: { ownsDocument: boolean }) {
  const signedOut = usePhone((s) => s.registration === 'signed-out');
  const lang = useLanguage();
  return (
    <div className="app" lang={lang}>
      <AppHeader />
      <main className="app__main">
        <NoticeView />
        {signedOut ? <SignInScreen /> : <PhoneScreen />}
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
