/**
 * How a live call is named and described on its card, in the held list, the tab title and the
 * history: who answered it (the callee's voicemail, src/protocol/call-diversion), whether the far
 * end holds it (src/protocol/sdp-hold), whether this side holds it. Pure functions.
 */
import { en, type Catalogue } from '../../i18n';
import type { CallInfo } from '../../store';
import { peerDisplay } from '../labels';

type Named = Pick<CallInfo, 'peerName' | 'peerUri' | 'purpose'>;

/**
 * The other party's name for a sentence ("Bob's voicemail", "On hold (Bob)"): the contact's or
 * display name, else the user part of the address, else the address.
 */
export function shortName(call: Named, t: Catalogue = en): string {
  const name = call.peerName?.trim();
  if (name) return name;
  const user = /^sips?:([^@;?]+)@/i.exec(call.peerUri)?.[1];
  if (user) {
    try {
      return decodeURIComponent(user);
    } catch {
      return user;
    }
  }
  return peerDisplay(call, t).name;
}

/** An ordinary call we placed that the callee's voicemail answered: the caller is leaving a message. */
export function leftVoiceMessage(call: Pick<CallInfo, 'direction' | 'purpose' | 'answeredBy'>): boolean {
  return call.direction === 'outgoing' && call.purpose === 'call' && call.answeredBy === 'voicemail';
}

/** On hold on this side: asked to hold (mic off at once), or held on the wire. */
export function isHeldHere(call: Pick<CallInfo, 'held' | 'state'>): boolean {
  return call.held || call.state === 'held';
}

/** The name on a live call's card: "Bob's voicemail" once the voicemail answered. */
export function liveCallName(call: CallInfo, t: Catalogue = en): string {
  return leftVoiceMessage(call) ? t.call.voicemailOf(shortName(call, t)) : peerDisplay(call, t).name;
}

/** The status line of a live call we placed or took. */
export function liveCallStatus(call: CallInfo, t: Catalogue = en): string {
  if (call.state === 'calling') return call.forwarded ? t.call.forwarded : t.call.calling;
  if (call.state === 'held') return t.call.onHold;
  if (call.held) return t.call.holding;
  if (call.remoteHeld) return t.call.heldBy(shortName(call, t));
  return t.call.connected;
}
