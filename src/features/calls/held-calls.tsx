import { useT } from '../../i18n';
import { usePhone, usePhoneActions, type CallInfo } from '../../store';
import { HeldCallsList } from '../../ui/held-calls-list';
import { isActiveCall, peerDisplay } from '../labels';
import { isHeldHere, liveCallName, liveCallStatus } from './call-labels';

/**
 * The calls on hold on this side. Resume takes a call back, and is called Swap while another call
 * is active (that one is held first: one active call). Nothing resumes by itself.
 */
export function HeldCalls({ calls }: { calls: readonly CallInfo[] }) {
  const all = usePhone((s) => s.calls);
  const actions = usePhoneActions();
  const t = useT();
  const anotherActive = all.some((c) => isActiveCall(c) && !isHeldHere(c));
  return (
    <HeldCallsList
      heading={t.call.heldCalls}
      hangUpLabel={t.call.hangUp}
      entries={calls.map((call) => {
        const name = liveCallName(call, t);
        return {
          id: call.id,
          name,
          address: peerDisplay(call, t).address,
          status: liveCallStatus(call, t),
          actionLabel: anotherActive ? t.call.swap : t.call.resume,
          actionName: anotherActive ? t.call.swapTo(name) : t.call.resumeCall(name),
          hangUpName: t.call.hangUpCall(name),
          pending: !call.held && call.state === 'held',
        };
      })}
      onResume={(id) => actions.setHeld(id, false)}
      onHangUp={(id) => actions.hangup(id)}
    />
  );
}
