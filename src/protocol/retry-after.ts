/**
 * RFC 3261 §20.33 Retry-After: `delta-seconds [comment] *( ";" retry-param )`. Returns the delay
 * in milliseconds, or undefined when the header is absent or not a number of seconds.
 * A server may say "come back in a day": the caller decides how much of that to honour.
 */
export function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d{1,10})(?=\s|\(|;|$)/.exec(value);
  if (!m) return undefined;
  return Number(m[1]) * 1000;
}
