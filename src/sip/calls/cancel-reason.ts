/**
 * A ringing call cancelled because the user's other device took care of it: the proxy's CANCEL
 * says why in a Reason header (RFC 3326 §2: `Reason: SIP;cause=200`). RFC 3261 §16.7 has a
 * forking proxy cancel the other branches on a 2xx or a 6xx; the lab proxy does it on a 302 to
 * the user's own voicemail too (kamailio.cfg route[STV_CANCEL_OTHERS]). Such a call was not
 * missed, and its card and history say where it went instead of "Missed: the caller hung up".
 *
 * Believed as far as the proxy vouches for it: the lab proxy writes a Reason only on the CANCELs
 * it makes and never passes a caller's own on (tm `e2e_cancel_reason` 0). One reading: exactly
 * one Reason header with one SIP reason value and one cause; anything else is an ordinary CANCEL.
 */
import type { Cancel } from 'sip.js';
import type { ManagedCall } from './call-registry';

/** The SIP cause of a CANCEL's Reason when it says the call was handled elsewhere, else undefined. */
export function handledElsewhereCause(reasons: readonly string[]): number | undefined {
  if (reasons.length !== 1) return undefined;
  const value = (reasons[0] ?? '').trim();
  // RFC 3326 §2: reason-value = protocol *(SEMI reason-params); one value (no comma list).
  if (value.includes(',')) return undefined;
  const [protocol, ...params] = value.split(';').map((part) => part.trim());
  if (protocol?.toUpperCase() !== 'SIP') return undefined;
  const causes = params.filter((p) => /^cause\s*=/i.test(p));
  if (causes.length !== 1) return undefined;
  const match = /^cause\s*=\s*([0-9]{3})$/i.exec(causes[0] ?? '');
  const cause = match ? Number(match[1]) : NaN;
  // A final answer that ends a fork: taken (2xx), sent on (3xx), or declined everywhere (6xx).
  if ((cause >= 200 && cause < 400) || (cause >= 600 && cause < 700)) return cause;
  return undefined;
}

/** Notes on an incoming call whether its CANCEL says another device handled it. */
export function watchCancelReason(call: ManagedCall): void {
  if (call.info.direction !== 'incoming') return;
  call.session.delegate = {
    ...call.session.delegate,
    onCancel: (cancel: Cancel) => {
      const status = handledElsewhereCause(cancel.request.getHeaders('reason'));
      if (status !== undefined) call.info = { ...call.info, ended: { kind: 'handled-elsewhere', status } };
    },
  };
}
