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
 */
import { header, headers, type SipRequest } from '../sip/message';
import { parseNameAddr, parseSipUri } from '../sip/uri';
import { cleanHeaderText, parsePriority, type MessagePriority } from '../mailbox/types';

export interface InviteContext {
  /** The SIP domain the server serves. */
  domain: string;
  /** Mailbox owners known to the server. */
  isMailbox: (user: string) => boolean;
  /** The INVITE arrived over TLS from the proxy's address. */
  trustedTransport: boolean;
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

export function classifyInvite(request: SipRequest, ctx: InviteContext): InviteRoute {
  const ruri = parseSipUri(request.uri);
  const from = parseNameAddr(header(request, 'from') ?? '');
  if (!ruri) return { kind: 'reject', status: 416, reason: 'Unsupported URI Scheme' };
  if (!from) return { kind: 'reject', status: 400, reason: 'Bad Request (From)' };
  const domain = ctx.domain.toLowerCase();
  const caller = `${from.uri.scheme}:${from.uri.user}@${from.uri.host}`;
  const callerName = cleanHeaderText(from.displayName, MAX_CALLER_NAME);
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
    if (from.uri.host !== domain)
      return { kind: 'reject', status: 404, reason: 'Not Found (mailbox domain)', caller };
    mailbox = from.uri.user;
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

  const ownCall = from.uri.host === domain && from.uri.user === mailbox;
  if (ownCall) {
    return {
      kind: 'subscriber-access',
      mailbox,
      skipPinRequested,
      // MS-OCEXUM 3.1 (trusted transport); ignored on diverted calls, as Exchange does.
      skipPin: skipPinRequested && ctx.trustedTransport && !diverted,
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
