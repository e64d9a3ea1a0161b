/**
 * A call's running time as a phone shows it: `mm:ss`, or `h:mm:ss` from one hour on.
 * Negative input (a clock that stepped back) reads as zero.
 */
export function formatDuration(ms: number): string {
  const total = Number.isFinite(ms) ? Math.floor(Math.max(0, ms) / 1000) : 0;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${two(minutes)}:${two(seconds)}`;
}

/** Milliseconds until the displayed second of a timer started at `since` changes. */
export function msUntilNextSecond(since: number, now: number): number {
  const into = (((now - since) % 1000) + 1000) % 1000;
  return 1000 - into;
}
