import { useEffect, useState } from 'react';
import { usePhone } from '../../store';
import { isRingingIncoming } from '../labels';
import { Ringtone } from './ringtone';

/** Rings while any incoming call is ringing; the urgent pattern if any of them is urgent. Renders nothing. */
export function RingtonePlayer() {
  const calls = usePhone((s) => s.calls);
  const ringing = calls.filter(isRingingIncoming);
  const shouldRing = ringing.length > 0;
  const urgent = ringing.some((c) => c.urgent);
  const [ringtone] = useState(() => new Ringtone());

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
    if (shouldRing) ringtone.start(urgent);
    else ringtone.stop();
  }, [ringtone, shouldRing, urgent]);

  return null;
}
