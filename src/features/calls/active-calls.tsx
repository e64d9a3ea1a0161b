import { useT } from '../../i18n';
import { usePhone, usePhoneActions } from '../../store';
import { ActiveCallCard } from '../../ui/active-call-card';
import { TransferControl } from '../../ui/transfer-control';
import { isActiveCall, peerDisplay, pinNote, priorityText, purposeTag } from '../labels';
import { isHeldHere, leftVoiceMessage, liveCallName, liveCallStatus } from './call-labels';
import { HeldCalls } from './held-calls';
import { transferNote, useKnownPeople } from './transfer-note';

/** One panel per call being placed or connected; the calls on hold here are listed below them. */
export function ActiveCalls() {
  const calls = usePhone((s) => s.calls);
  const actions = usePhoneActions();
  const t = useT();
  const known = useKnownPeople();
  const active = calls.filter(isActiveCall);
  if (active.length === 0) return null;
  const current = active.filter((call) => !isHeldHere(call));
  return (
    <div className="call-list">
      {current.map((call) => {
        const peer = peerDisplay(call, t);
        return (
          <ActiveCallCard
            key={call.id}
            state={call.state}
            name={liveCallName(call, t)}
            statusLabel={liveCallStatus(call, t)}
            remoteHeld={call.remoteHeld}
            warning={leftVoiceMessage(call) ? t.call.recordingNote : undefined}
            transferNote={transferNote(call, known, t)}
            address={peer.address}
            subject={call.subject}
            priorityText={priorityText(call, t)}
            urgent={call.urgent}
            purpose={purposeTag(call, t)}
            pinNote={pinNote(call, t)}
            connectedAt={call.connectedAt}
            muted={call.muted}
            held={call.held}
            onMuteChange={(muted) => actions.setMuted(call.id, muted)}
            onHoldChange={(held) => actions.setHeld(call.id, held)}
            onDtmf={(tone) => actions.sendDtmf(call.id, tone)}
            onHangUp={() => actions.hangup(call.id)}
            transfer={
              (call.state === 'connected' || call.state === 'held') &&
              (call.purpose === 'call' || call.purpose === 'leave-message') ? (
                <TransferControl
                  peerName={peer.name}
                  consultations={active
                    .filter(
                      (other) =>
                        other.id !== call.id && other.state !== 'calling' && other.purpose === 'call',
                    )
                    .map((other) => ({ id: other.id, name: peerDisplay(other, t).name }))}
                  onTransfer={(target, toVoicemail) => actions.transfer(call.id, target, { toVoicemail })}
                  onConnect={(other) => actions.completeTransfer(call.id, other)}
                />
              ) : undefined
            }
          />
        );
      })}
      <HeldCalls calls={active.filter(isHeldHere)} />
    </div>
  );
}
