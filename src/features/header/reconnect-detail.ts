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
  words: RetryWords = ENGLISH_RETRY_WORDS,
): string | undefined {
  if (nextRetryAt === undefined) return detail;
  const seconds = Math.max(0, Math.ceil((nextRetryAt - now) / 1000));
  const when = seconds === 0 ? words.now : words.in(seconds, timeOfDay(nextRetryAt));
  return detail ? `${detail} · ${when}` : when;
}

/** The countdown's wording (the i18n catalogue's `registration.nextAttempt*`). */
export interface RetryWords {
  now: string;
  in(seconds: number, at: string): string;
}

const ENGLISH_RETRY_WORDS: RetryWords = {
  now: 'next attempt now',
  in: (seconds, at) => `next attempt in ${seconds} s, at ${at}`,
};

function defaultTimeOfDay(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}
