import { useEffect, useState } from 'react';
import { formatDuration, msUntilNextSecond } from './format';

/**
 * Time since `since` as mm:ss. Ticks on each whole second while `running`; otherwise it stays
 * where it was (a held call's timer stands still until the call resumes).
 */
export function CallTimer({ since, running }: { since: number; running: boolean }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const t = Date.now();
      setNow(t);
      timer = setTimeout(tick, msUntilNextSecond(since, t) + 10);
    };
    timer = setTimeout(tick, 0);
    return () => clearTimeout(timer);
  }, [since, running]);
  return (
    <span role="timer" className="call-timer" data-testid="call-timer">
      {formatDuration(now - since)}
    </span>
  );
}
