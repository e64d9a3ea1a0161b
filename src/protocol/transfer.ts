/**
 * Rules for moving a call somewhere else: sending a ringing call to voicemail (MS-EUMR 3.1, with
 * MS-OCEXUM 3.2's "no diversion"), and transfer with REFER (RFC 3515), Refer-To with Replaces
 * (RFC 3891) and Referred-By (RFC 3892). Pure functions on strings and plain data.
 */
import type { CallPurpose } from './call-purpose';
import { parseNameAddr } from './name-addr';
import { parseSipUri, type SipUri } from './sip-uri';
import { sipUriEquals } from './sip-uri-equals';
import { VOICEMAIL_OPAQUE } from './voicemail-uri';

/**
 * May a ringing call be sent to voicemail? Never a Play-On-Phone call (the voicemail server
 * calling to play a message) nor any INVITE that says `Ms-Sensitivity: private-no-diversion`:
 * MS-OCEXUM 3.2 / 2.2.2 — such a call must not be rerouted back to voice mail.
 */
export function mayDivertToVoicemail(call: { purpose: CallPurpose; noDiversion?: boolean }): boolean {
  return call.purpose !== 'play-on-phone' && call.noDiversion !== true;
}

/** The dialog a Replaces header names (RFC 3891 §6.1), tags as the recipient of the INVITE sees them. */
export interface ReplacesTarget {
  callId: string;
  /** The recipient's local tag. */
  toTag: string;
  /** The recipient's remote tag. */
  fromTag: string;
  earlyOnly?: boolean;
}

const TOKENISH = /^[!-~]+$/;

/** `callid;to-tag=…;from-tag=…` (RFC 3891 §6.1). Throws on a value that could break the header. */
export function replacesValue(target: ReplacesTarget): string {
  for (const part of [target.callId, target.toTag, target.fromTag]) {
    if (!TOKENISH.test(part) || /[;,?&=<>"]/.test(part)) throw new Error('not a dialog identifier');
  }
  return `${target.callId};to-tag=${target.toTag};from-tag=${target.fromTag}`;
}

/** Reads a Replaces value; undefined unless it has a Call-ID and exactly one of each tag. */
export function parseReplaces(value: string): ReplacesTarget | undefined {
  const [callId, ...params] = value.trim().split(';');
  if (!callId || !TOKENISH.test(callId.trim())) return undefined;
  let toTag: string | undefined;
  let fromTag: string | undefined;
  let earlyOnly = false;
  for (const raw of params) {
    const [name = '', tag] = raw.trim().split('=');
    const key = name.toLowerCase();
    if (key === 'to-tag' || key === 'from-tag') {
      if (!tag || !TOKENISH.test(tag) || (key === 'to-tag' ? toTag : fromTag) !== undefined) return undefined;
      if (key === 'to-tag') toTag = tag;
      else fromTag = tag;
    } else if (key === 'early-only') earlyOnly = true;
  }
  if (toTag === undefined || fromTag === undefined) return undefined;
  return { callId: callId.trim(), toTag, fromTag, ...(earlyOnly ? { earlyOnly } : {}) };
}

/**
 * The Refer-To of an attended transfer: the consulted party's address of record (not its
 * Contact: a browser's Contact is a `*.invalid` host only its proxy connection reaches, and the
 * lab proxy never routes a new call by it) with the consultation dialog in an escaped Replaces
 * URI header (RFC 3515 §2.1, RFC 3891 §6.1 and its §7.2 example).
 */
export function attendedReferTo(peerAor: string, consultation: ReplacesTarget): string {
  const uri = parseSipUri(peerAor);
  if (!uri || uri.headers.length > 0) throw new Error('not a SIP address');
  return `<${uri.scheme}:${uri.authority}?Replaces=${encodeURIComponent(replacesValue(consultation))}>`;
}

/** What to do with an incoming REFER's Refer-To (the transferee's side). */
export type ReferralDecision =
  | {
      action: 'follow';
      /** The target to INVITE: scheme, user, host, port and URI parameters, no headers. */
      target: string;
      /** Who that is: scheme, user, host and port only (the mailbox owner for a voicemail target). */
      peer: string;
      /** The call to replace at the target (attended transfer), if any. */
      replaces?: ReplacesTarget;
      /** The target is a mailbox: we are leaving a message there (MS-OCEXUM 2.2.3). */
      toVoicemail: boolean;
    }
  | { action: 'refuse'; status: number; reason: string };

/**
 * Whether to follow a REFER whose Refer-To is `value`, for the user `ownAor`. One reading or a
 * refusal, never a guess:
 * - exactly one SIP or SIPS URI (RFC 3515 §2.1: one Refer-To value; other schemes we cannot call);
 * - no URI header but Replaces (RFC 3261 §19.1.5 would turn any other into a header of our INVITE:
 *   the referrer must not write our headers, e.g. a skip-pin Ms-Exchange-Command);
 * - not the user's own address, and not the user's own mailbox: subscriber access is something
 *   only the user starts (MS-OCEXUM 3.1), never a remote party.
 */
export function readReferTo(value: string, ownAor: string): ReferralDecision {
  const refuse = (status: number, reason: string): ReferralDecision => ({ action: 'refuse', status, reason });
  if (value.includes(',')) {
    const address = parseNameAddr(value, 'header');
    // A comma is allowed inside a quoted display name or an escaped header, never as a second value.
    if (!address || /,/.test(address.uri) || /,/.test(value.slice(value.lastIndexOf('>') + 1)))
      return refuse(400, 'Bad Request (one Refer-To)');
  }
  const address = parseNameAddr(value, 'header');
  const uri = address ? parseSipUri(address.uri) : undefined;
  if (!address || !uri || !uri.user) return refuse(400, 'Bad Request (Refer-To)');
  let replaces: ReplacesTarget | undefined;
  for (const header of uri.headers) {
    if (header.name.toLowerCase() !== 'replaces' || replaces)
      return refuse(403, 'Forbidden (Refer-To header)');
    let decoded: string;
    try {
      decoded = decodeURIComponent(header.value);
    } catch {
      return refuse(400, 'Bad Request (Replaces)');
    }
    replaces = parseReplaces(decoded);
    if (!replaces) return refuse(400, 'Bad Request (Replaces)');
  }
  const target = withoutHeaders(uri);
  const toVoicemail = uri.params.some(
    (p) => p.name === 'opaque' && (p.value ?? '').toLowerCase() === VOICEMAIL_OPAQUE,
  );
  const bare = `${uri.scheme}:${uri.authority}`;
  if (sipUriEquals(bare, ownAor)) {
    return toVoicemail ? refuse(403, 'Forbidden (own mailbox)') : refuse(403, 'Forbidden (refer to self)');
  }
  if (toVoicemail && replaces) return refuse(400, 'Bad Request (Replaces to a mailbox)');
  return { action: 'follow', target, peer: bare, toVoicemail, ...(replaces ? { replaces } : {}) };
}

function withoutHeaders(uri: SipUri): string {
  return `${uri.scheme}:${uri.authority}${uri.params.map((p) => `;${p.raw}`).join('')}`;
}

/**
 * May an INVITE with Replaces take over a call of ours (RFC 3891 §3, §6)? Only a call that is
 * established, and only when the replacement was referred by the party at the other end of that
 * call (the transferor who consulted us): `referredBy` is the Referred-By the proxy asserted
 * (RFC 3892; the lab proxy writes it only for a REFER it relayed, and removes any other).
 * Anyone else could otherwise hijack a call by knowing its dialog identifiers.
 */
export function replacementAllowed(replaced: {
  state: 'calling' | 'ringing' | 'connected' | 'held' | 'ended';
  peerUri: string;
  referredBy: string | undefined;
}): { allowed: true } | { allowed: false; status: number; reason: string } {
  if (replaced.state !== 'connected' && replaced.state !== 'held')
    return { allowed: false, status: 481, reason: 'Call/Transaction Does Not Exist' };
  const referrer = replaced.referredBy ? parseNameAddr(replaced.referredBy, 'header') : undefined;
  const referrerUri = referrer ? parseSipUri(referrer.uri) : undefined;
  if (!referrerUri || !sipUriEquals(`${referrerUri.scheme}:${referrerUri.authority}`, replaced.peerUri))
    return { allowed: false, status: 403, reason: 'Forbidden (not referred by the other party)' };
  return { allowed: true };
}

/** The status line of a `message/sipfrag` NOTIFY body (RFC 3515 §2.4.5), or undefined. */
export function sipfragStatus(body: string): number | undefined {
  const match = /^SIP\/2\.0 ([1-6][0-9]{2})(?: |\r|\n|$)/.exec(body.trimStart());
  return match ? Number(match[1]) : undefined;
}
