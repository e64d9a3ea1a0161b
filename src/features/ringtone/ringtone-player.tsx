import { useEffect, useState } from 'react';
import { useT } from '../../i18n';
import { usePhone } from '../../store';
import { isRingingIncoming } from '../labels';
import { Ringtone } from './ringtone';

/**
 * Rings while any incoming call is ringing; the urgent pattern if any of them is urgent. Renders
 * nothing, except a hint when the browser's autoplay policy holds the ring back until the user
 * clicks or types somewhere on the page (that first gesture unlocks it).
 */
export function RingtonePlayer() {
  const calls = usePhone((s) => s.calls);
  const ringing = calls.filter(isRingingIncoming);
  const shouldRing = ringing.length > 0;
  const urgent = ringing.some((c) => c.urgent);
  const [blocked, setBlocked] = useState(false);
  const [ringtone] = useState(() => new Ringtone(undefined, setBlocked));
  const ringerId = usePhone((s) => s.settings.ringerId);
  const t = useT();

  useEffect(() => ringtone.setSinkId(ringerId), [ringtone, ringerId]);

  // Once signed in, make the audio context in idle time rather than on the first ring.
  const registered = usePhone((s) => s.registration === 'registered');
  useEffect(() => {
    if (!registered) return;
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(() => ringtone.prepare(), { timeout: 2000 });
      return () => cancelIdleCallback(id);
    }
    const timer = setTimeout(() => ringtone.prepare(), 500);
    return () => clearTimeout(timer);
  }, [ringtone, registered]);

  useEffect(() => {
    const unlock = () => ringtone.unlock();
    window.addEventListener('pointerdown', unlock, true);
    window.addEventListener('keydown', unlock, true);
    return () => {
      window.removeEventListener('pointerdown', unlock, true);
      window.removeEventListener('keydown', unlock, true);
      ringtone.dispose();
    };
  }, [ringtone]);

  useEffect(() => {
    if (!shouldRing) {
      ringtone.stop();
      return;
    }
    // In a task of its own, after the ringing panel's commit: its Web Audio work (resume, the first
    // cycle's nodes) is not needed to draw the panel (issue 17: ring latency). A MessageChannel
    // task, not a timer: a hidden tab throttles timers, and that is when the ring matters most.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => ringtone.start(urgent);
    channel.port2.postMessage(null);
    return () => channel.port1.close();
  }, [ringtone, shouldRing, urgent]);

  return blocked ? (
    <p className="ringtone-hint" role="status" data-testid="ringtone-blocked">
      {t.ringtone.blocked}
    </p>
  ) : null;
}
