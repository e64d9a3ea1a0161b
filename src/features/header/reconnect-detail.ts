/**
 * The header's status detail while the phone reconnects: why, and when the next attempt is
 * ("Connection to the server closed · next attempt in 4 s, at 10:02:17"). Pure, so the wording is
 * tested once; the header re-renders it every second.
 */
export function reconnectDetail(
  detail: string | undefined,
  nextRetryAt: number | undefined,
  now: number,
  timeOfDay: (at: number) => string = defaultTimeOfDay,
): string | undefined {
  if (nextRetryAt === undefined) return detail;
  const seconds = Math.max(0, Math.ceil((nextRetryAt - now) / 1000));
  const when =
    seconds === 0 ? 'next attempt now' : `next attempt in ${seconds} s, at ${timeOfDay(nextRetryAt)}`;
  return detail ? `${detail} · ${when}` : when;
}

function defaultTimeOfDay(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}
