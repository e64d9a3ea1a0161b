import { useT } from '../../i18n';
import { usePhone } from '../../store';
import { ClampedText } from '../../ui/clamped-text';
import { endedLine, peerDisplay } from '../labels';

/** How the last call ended, while no call is live. */
export function CallEnded() {
  const lastEnded = usePhone((s) => s.lastEnded);
  const anyLive = usePhone((s) => s.calls.length > 0);
  const t = useT();
  if (!lastEnded || anyLive) return null;
  return (
    <div className="call-ended">
      <p data-testid="call-ended">{endedLine(lastEnded, t)}</p>
      <p className="call-ended__peer">
        <ClampedText text={peerDisplay(lastEnded, t).name} />
      </p>
    </div>
  );
}
