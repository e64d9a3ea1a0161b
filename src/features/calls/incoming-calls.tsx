import { useT } from '../../i18n';
import { usePhone, usePhoneActions } from '../../store';
import { IncomingCallCard } from '../../ui/incoming-call-card';
import { isRingingIncoming, peerDisplay, priorityText } from '../labels';
import { transferNote, useKnownPeople } from './transfer-note';

/** One panel per ringing incoming call. */
export function IncomingCalls() {
  const calls = usePhone((s) => s.calls);
  const { answer, decline, sendToVoicemail } = usePhoneActions();
  const t = useT();
  const known = useKnownPeople();
  const ringing = calls.filter(isRingingIncoming);
  if (ringing.length === 0) return null;
  return (
    <div className="call-list">
      {ringing.map((call) => {
        const peer = peerDisplay(call, t);
        return (
          <IncomingCallCard
            key={call.id}
            callerName={peer.name}
            callerAddress={peer.address}
            subject={call.subject}
            priorityText={priorityText(call, t)}
            urgent={call.urgent}
            playOnPhone={call.purpose === 'play-on-phone'}
            forwardingOff={call.facts?.noDiversion === true}
            transferNote={transferNote(call, known, t)}
            holdsOtherCall={calls.some((other) => other.id !== call.id && other.state === 'connected')}
            onAnswer={() => answer(call.id)}
            onDecline={() => decline(call.id)}
            onSendToVoicemail={
              // MS-OCEXUM 3.2: never offered for Play-On-Phone or a private-no-diversion call
              call.purpose !== 'play-on-phone' && call.facts?.noDiversion !== true
                ? () => sendToVoicemail(call.id)
                : undefined
            }
          />
        );
      })}
    </div>
  );
}
