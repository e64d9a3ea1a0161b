import { useT } from '../../i18n';
import { ActiveCalls } from '../calls/active-calls';
import { CallEnded } from '../calls/call-ended';
import { IncomingCalls } from '../calls/incoming-calls';
import { Dialer } from '../dialer/dialer';
import { HistoryView } from '../history/history-view';
import { VoicemailCard } from '../voicemail/voicemail-card';

/** The signed-in phone: calls first (they need attention), then dialer, voicemail and history. */
export function PhoneScreen() {
  const t = useT();
  return (
    <div className="phone">
      <h1 className="visually-hidden">{t.app.phoneHeading}</h1>
      <IncomingCalls />
      <ActiveCalls />
      <CallEnded />
      <div className="phone__grid">
        <div className="phone__column">
          <Dialer />
          <VoicemailCard />
        </div>
        <HistoryView />
      </div>
    </div>
  );
}
