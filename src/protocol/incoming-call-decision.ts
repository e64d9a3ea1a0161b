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
