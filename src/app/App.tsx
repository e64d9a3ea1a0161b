import { PhoneStoreContext, usePhone, type PhoneStore } from '../store';
import { CallAnnouncer } from '../features/calls/call-announcer';
import { AppHeader } from '../features/header/app-header';
import { NoticeView } from '../features/notice/notice-view';
import { PhoneScreen } from '../features/phone/phone-screen';
import { RingtonePlayer } from '../features/ringtone/ringtone-player';
import { SignInScreen } from '../features/sign-in/sign-in-screen';

function Screens() {
  const signedOut = usePhone((s) => s.registration === 'signed-out');
  return (
    <div className="app">
      <AppHeader />
      <main className="app__main">
        <NoticeView />
        {signedOut ? <SignInScreen /> : <PhoneScreen />}
      </main>
      <RingtonePlayer />
      <CallAnnouncer />
    </div>
  );
}

/** The whole phone for one store: the SPA mounts one, an embedding page may mount several. */
export function App({ store }: { store: PhoneStore }) {
  return (
    <PhoneStoreContext value={store}>
      <Screens />
    </PhoneStoreContext>
  );
}
