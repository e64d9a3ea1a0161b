/**
 * What an INVITE reaching the voicemail server is for (pure function of the
 * request): subscriber access to one's own mailbox, or a deposit into
 * someone's mailbox.
 *
 * - MS-OCEXUM 3.1: subscriber access is an INVITE from U to
 *   `U;opaque=app:voicemail`; `Ms-Exchange-Command: skip-pin` skips the PIN
 *   only when the INVITE came over the trusted transport (TLS from the proxy).
 * - MS-EUMR 3.1.5: a proxy that diverts a call to voicemail adds a Diversion
 *   header naming the original target: that is the mailbox. As Exchange
 *   does, skip-pin is ignored on a diverted call, and on any call not placed
 *   by the mailbox owner.
 * - MS-EUMR 2.2.2: such a proxy addresses the UM server as
 *   `sip:<dial plan>@<UM FQDN>:5061;transport=tls;maddr=<UM FQDN>`. Without a
 *   Diversion (the caller called their own voicemail, 3.1.5 step 2) it is
 *   subscriber access to the caller's mailbox.
 *
 * Who the caller is comes from the proxy, never from From (RFC 3325 9.1):
 * the proxy authenticates the user, removes any P-Asserted-Identity the
 * client sent and adds exactly one, `<sip:user@domain>`. The voicemail
 * server only accepts INVITEs from that proxy (mutual TLS, server.ts), so
 * the PAI is the only identity it believes: for the mailbox owner (subscriber
 * access, skip-pin) and for the caller of a deposit or a call-log entry.
 * From is what the caller claims: without a PAI, a From naming the mailbox
 * gets the PIN prompt (the PIN is then the proof), never skip-pin, and the
 * caller is unknown. Two PAIs, an unparseable PAI or From is 400.
 */
import { header, headers, type SipRequest } from '../sip/message';
import { parseNameAddr, parseSipUri } from '../sip/uri';
import { cleanHeaderText, parsePriority, type MessagePriority } from '../mailbox/types';

export interface InviteContext {
  /** The SIP domain the server serves. */
  domain: string;
  /** Mailbox owners known to the server. */
  isMailbox: (user: string) => boolean;
  /** The INVITE arrived from the authenticated proxy (mutual TLS, and its address). */
  trustedTransport: boolean;
  /** The directory's display name of a local user (the caller's name when the PAI has none). */
  displayName?: (user: string) => string | undefined;
  /** Dial plans this server serves (the Request-URI user of MS-EUMR 2.2.2). Default none. */
  dialPlans?: readonly string[];
}

export type InviteRoute =
  | {
      kind: 'subscriber-access';
      mailbox: string;
      skipPinRequested: boolean;
      /** MS-OCEXUM 3.1: the PIN prompt MUST be skipped. */
      skipPin: boolean;
      diverted: boolean;
      caller: string;
      callerName: string;
    }
  | {
      kind: 'deposit';
      mailbox: string;
      skipPinRequested: boolean;
      diverted: boolean;
      caller: string;
      callerName: string;
      subject: string;
      priority: MessagePriority;
    }
  | { kind: 'reject'; status: number; reason: string; mailbox?: string; caller?: string };

export const MAX_SUBJECT = 200;
export const MAX_CALLER_NAME = 100;

/** `Ms-Exchange-Command: skip-pin` (MS-OCEXUM 2.2.1; header and value case-insensitive). */
export function hasSkipPin(request: SipRequest): boolean {
  return headers(request, 'ms-exchange-command').some((v) => v.trim().toLowerCase() === 'skip-pin');
}

/** The identity the proxy asserted (RFC 3325 9.1), if any. */
export type AssertedIdentity =
  | { kind: 'none' }
  | { kind: 'asserted'; uri: string; user: string; host: string; displayName: string }
  | { kind: 'invalid'; reason: string };

/**
 * Reads `P-Asserted-Identity`. The lab proxy adds exactly one SIP URI; two
 * values (RFC 3325 allows a sip and a tel URI) or two headers are refused:
 * which one names the caller would be a guess.
 */
export function assertedIdentity(request: SipRequest): AssertedIdentity {
  const values = headers(request, 'p-asserted-identity');
  if (values.length === 0) return { kind: 'none' };
  if (values.length > 1) return { kind: 'invalid', reason: 'more than one P-Asserted-Identity' };
  const pai = parseNameAddr(values[0] ?? '');
  if (!pai || pai.uri.user === '') return { kind: 'invalid', reason: 'unparseable P-Asserted-Identity' };
  return {
    kind: 'asserted',
    uri: `${pai.uri.scheme}:${pai.uri.user}@${pai.uri.host}`,
    user: pai.uri.user,
    host: pai.uri.host,
    displayName: pai.displayName,
  };
}

export function classifyInvite(request: SipRequest, ctx: InviteContext): InviteRoute {
  const ruri = parseSipUri(request.uri);
  if (!ruri) return { kind: 'reject', status: 416, reason: 'Unsupported URI Scheme' };
  // From is still checked: a value the grammar does not produce is refused, not guessed (RFC 3261 25.1).
  const from = parseNameAddr(header(request, 'from') ?? '');
  if (!from) return { kind: 'reject', status: 400, reason: 'Bad Request (From)' };
  const identity = assertedIdentity(request);
  if (identity.kind === 'invalid')
    return { kind: 'reject', status: 400, reason: `Bad Request (${identity.reason})` };
  const domain = ctx.domain.toLowerCase();
  // The caller is the asserted identity, or unknown ('').
  const asserted = identity.kind === 'asserted' ? identity : undefined;
  const assertedLocalUser = asserted && asserted.host === domain ? asserted.user : undefined;
  const caller = asserted?.uri ?? '';
  const callerName = cleanHeaderText(
    asserted ? asserted.displayName || (assertedLocalUser && ctx.displayName?.(assertedLocalUser)) || '' : '',
    MAX_CALLER_NAME,
  );
  // Who the caller says they are (From): only ever used to offer the PIN prompt of that mailbox.
  const claimedLocalUser = from.uri.host === domain ? from.uri.user : undefined;
  const skipPinRequested = hasSkipPin(request);

  const diversionValue = headers(request, 'diversion')[0];
  let mailbox: string;
  let diverted = false;
  if (diversionValue !== undefined) {
    const diversion = parseNameAddr(diversionValue);
    if (!diversion || !diversion.uri.user)
      return { kind: 'reject', status: 400, reason: 'Bad Request (Diversion)', caller };
    if (diversion.uri.host !== domain)
      return { kind: 'reject', status: 404, reason: 'Not Found (mailbox domain)', caller };
    mailbox = diversion.uri.user;
    diverted = true;
  } else if (ruri.user !== '' && (ctx.dialPlans ?? []).includes(ruri.user)) {
    // MS-EUMR 2.2.2 without Diversion: the caller's own mailbox, if the caller is one of ours.
    const owner = asserted ? assertedLocalUser : claimedLocalUser;
    if (owner === undefined)
      return { kind: 'reject', status: 404, reason: 'Not Found (mailbox domain)', caller };
    mailbox = owner;
  } else {
    const opaque = ruri.params.get('opaque')?.toLowerCase();
    if (opaque !== 'app:voicemail')
      return { kind: 'reject', status: 404, reason: 'Not Found (not a voicemail URI)', caller };
    if (ruri.host !== domain)
      return { kind: 'reject', status: 404, reason: 'Not Found (mailbox domain)', caller };
    mailbox = ruri.user;
  }
  if (!mailbox || !ctx.isMailbox(mailbox))
    return { kind: 'reject', status: 404, reason: 'Not Found (no such mailbox)', mailbox, caller };

  // The proxy vouches for the owner only through the PAI; a From claim alone gets the PIN prompt.
  const ownerAsserted = assertedLocalUser === mailbox;
  const ownCall = asserted ? ownerAsserted : claimedLocalUser === mailbox;
  if (ownCall) {
    return {
      kind: 'subscriber-access',
      mailbox,
      skipPinRequested,
      // MS-OCEXUM 3.1 (trusted transport, asserted owner); ignored on diverted calls, as Exchange does.
      skipPin: skipPinRequested && ctx.trustedTransport && ownerAsserted && !diverted,
      diverted,
      caller,
      callerName,
    };
  }
  return {
    kind: 'deposit',
    mailbox,
    skipPinRequested,
    diverted,
    caller,
    callerName,
    subject: cleanHeaderText(header(request, 'subject'), MAX_SUBJECT),
    priority: parsePriority(header(request, 'priority')),
  };
}
