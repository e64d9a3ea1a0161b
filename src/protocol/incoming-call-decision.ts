/**
 * Whether an incoming call rings, given the user's presence.
 *
 * MS-OCEXUM 3.2: clients let Play-On-Phone calls from UM ring "even if the user has manually set
 * himself or herself to the 'Appear Offline' presence state" - the user asked for that call.
 */
import type { InviteFacts } from './inspect-invite';
import type { PresenceState } from './presence';

export type IncomingCallDecision =
  { action: 'ring' } | { action: 'reject'; status: 480 | 486; reason: string };

/**
 * - Play-On-Phone (see inspectInvite): rings in every state.
 * - Appear Offline: 480 Temporarily Unavailable (RFC 3261 §21.4.18), the answer of a user who is
 *   not reachable, so the caller cannot tell "hiding" from "signed out".
 * - Do Not Disturb: 486 Busy Here (RFC 3261 §21.4.24).
 * - available, busy, brb, away: ring. An unknown state (untyped caller) also rings, so a bad value
 *   costs privacy for one call rather than silently losing calls.
 */
export function incomingCallDecision(
  facts: Pick<InviteFacts, 'playOnPhone'>,
  presence: PresenceState,
): IncomingCallDecision {
  if (facts?.playOnPhone === true) return { action: 'ring' };
  switch (presence) {
    case 'offline':
      return { action: 'reject', status: 480, reason: 'Temporarily Unavailable' };
    case 'dnd':
      return { action: 'reject', status: 486, reason: 'Busy Here' };
    default:
      return { action: 'ring' };
  }
}

/** A final answer to a request the phone answers itself, outside any dialog. */
export interface OutOfDialogAnswer {
  status: 405 | 480 | 486;
  reason: string;
  extraHeaders?: string[];
}

/**
 * The methods the phone takes (RFC 3261 §8.2.1's Allow): SIP.js's list without MESSAGE (no instant
 * messages here), REGISTER and SUBSCRIBE (a phone is neither registrar nor notifier).
 */
export const PHONE_METHODS = [
  'ACK',
  'BYE',
  'CANCEL',
  'INFO',
  'INVITE',
  'NOTIFY',
  'OPTIONS',
  'PRACK',
  'REFER',
];

/**
 * The Allow header of the gate's 405 (SIP.js's core writes the same list once it is the phone's:
 * sip/sipjs-internals limitAllowedMethods).
 */
const PHONE_ALLOW_HEADER = `Allow: ${PHONE_METHODS.join(', ')}`;

/**
 * OPTIONS and MESSAGE outside a dialog, which SIP.js would otherwise answer 200 whatever the
 * presence (a prober would tell Appear Offline from signed out by it; a MESSAGE's text would be
 * dropped with a 200, so its sender believes it was read):
 * - while presence refuses calls, the answer an INVITE gets (RFC 3261 §11.2: an OPTIONS response
 *   "MUST be the same that would have been chosen had the request been an INVITE"), for MESSAGE
 *   too, so neither tells a prober more than a call would;
 * - otherwise MESSAGE gets 405 with the methods the phone takes (it shows no instant messages),
 *   and OPTIONS is left to SIP.js (200 with an Allow of those methods, limitAllowedMethods).
 * Undefined: SIP.js handles the request.
 */
export function outOfDialogAnswer(method: string, presence: PresenceState): OutOfDialogAnswer | undefined {
  if (method !== 'OPTIONS' && method !== 'MESSAGE') return undefined;
  const asCall = incomingCallDecision({ playOnPhone: false }, presence);
  if (asCall.action === 'reject') return { status: asCall.status, reason: asCall.reason };
  if (method === 'MESSAGE')
    return {
      status: 405,
      reason: 'Method Not Allowed',
      extraHeaders: [PHONE_ALLOW_HEADER],
    };
  return undefined;
}
