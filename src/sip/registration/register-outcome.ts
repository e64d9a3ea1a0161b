/**
 * What to do after a REGISTER (the first one or a refresh) got its final answer — or none.
 * Pure, so every branch is unit-tested; the SIP client acts on the verdict.
 *
 * - registered: keep going (and reset the backoff);
 * - 423 Interval Too Brief: SIP.js retries by itself with the registrar's Min-Expires;
 * - 401/403/407 after SIP.js answered the challenge: the credentials are wrong, stop (retrying
 *   would only lock the account);
 * - no real answer (SIP.js's own 408 on timeout or 503 on a transport error): the connection is
 *   suspect, start a fresh one;
 * - anything else (5xx, 408 from the registrar, a 200 that doesn't confirm our Contact): retry on
 *   this connection after the registrar's Retry-After (RFC 3261 §20.33, at most 5 min), or the
 *   backoff when it gives none.
 */
import { parseRetryAfter } from '../../protocol';
import { backoffDelay } from '../connection/reconnect-backoff';
import type { RegistrationReason } from '../reasons';

export interface RegisterAnswer {
  /** The Registerer says Registered. */
  registered: boolean;
  /** Status of the final response, 0 when there was none. */
  status: number;
  reasonPhrase?: string;
  retryAfter?: string;
  /** The response came from the wire (has a Call-ID), not from SIP.js's timers. */
  fromWire: boolean;
}

export type RegisterVerdict =
  | { kind: 'registered' }
  | { kind: 'left-to-sipjs' }
  | { kind: 'stop'; reason: RegistrationReason }
  | { kind: 'reconnect'; reason: RegistrationReason }
  | { kind: 'retry'; delayMs: number; reason: RegistrationReason };

export const MAX_RETRY_AFTER_MS = 5 * 60_000;

export function registerVerdict(
  answer: RegisterAnswer,
  failuresSoFar: number,
  random: () => number = Math.random,
): RegisterVerdict {
  if (answer.registered) return { kind: 'registered' };
  const { status } = answer;
  if (status === 423) return { kind: 'left-to-sipjs' };
  if (status === 401 || status === 403 || status === 407)
    return { kind: 'stop', reason: { kind: 'credentials-refused', status } };
  if (!answer.fromWire || status === 0) return { kind: 'reconnect', reason: { kind: 'register-unanswered' } };
  const retryAfter = parseRetryAfter(answer.retryAfter);
  const delayMs =
    retryAfter !== undefined ? Math.min(retryAfter, MAX_RETRY_AFTER_MS) : backoffDelay(failuresSoFar, random);
  const reason: RegistrationReason =
    status >= 200 && status < 300
      ? { kind: 'contact-not-confirmed' }
      : { kind: 'register-refused', status, reasonPhrase: answer.reasonPhrase || undefined };
  return { kind: 'retry', delayMs, reason };
}
