import { useT } from '../../i18n';
import { usePhone } from '../../store';
import { ReconnectPanel } from '../sign-in/reconnect-panel';
import { SignInScreen } from '../sign-in/sign-in-screen';
import { ActiveCalls } from '../calls/active-calls';
import { CallEnded } from '../calls/call-ended';
import { ContactsStrip } from '../contacts/contacts-strip';
import { IncomingCalls } from '../calls/incoming-calls';
import { Dialer } from '../dialer/dialer';
import { HistoryView } from '../history/history-view';
import { VoicemailCard } from '../voicemail/voicemail-card';

/**
 * The signed-in phone: calls first (they need attention), then the dialer beside the voicemail
 * panel (what this phone is for), with the history under the voicemail.
 */
export function PhoneScreen() {
  const t = useT();
  const registration = usePhone((s) => s.registration);
  // A sign-in that failed (wrong password, server unreachable) goes back to the form.
  if (registration === 'failed') return <SignInScreen />;
  return (
    <div className="phone">
      <h1 className="visually-hidden">{t.app.phoneHeading}</h1>
      {registration === 'reconnecting' ? <ReconnectPanel /> : null}
      <IncomingCalls />
      <ActiveCalls />
      <CallEnded />
      <ContactsStrip />
      <div className="phone__grid">
        <Dialer />
        <div className="phone__column">
          <VoicemailCard />
          <HistoryView />
        </div>
      </div>
    </div>
  );
}
