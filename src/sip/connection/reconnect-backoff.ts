/**
 * When to try the server again after a lost connection: exponential backoff with full jitter
 * (the delay is uniformly random in [0, min(cap, base·2^attempt)), so a crowd of phones that lost
 * the same proxy don't all come back in the same second). The first retry is under `baseMs`;
 * there is no limit on attempts, only on the delay.
 */
export interface BackoffPolicy {
  /** Upper bound of the first delay (attempt 0). */
  baseMs: number;
  /** No delay is ever longer than this. */
  capMs: number;
}

export const RECONNECT_BACKOFF: Readonly<BackoffPolicy> = Object.freeze({ baseMs: 1000, capMs: 30_000 });

/** The delay before attempt number `attempt` (0-based); `random` returns [0, 1) like Math.random. */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  policy: BackoffPolicy = RECONNECT_BACKOFF,
): number {
  const n = Number.isNaN(attempt) ? 0 : Math.max(0, Math.floor(attempt));
  // 2^n overflows to Infinity for large n, which min() then caps.
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** n);
  const r = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return Math.floor(r * ceiling);
}
