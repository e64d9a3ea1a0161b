/**
 * Who answered a call we placed, read only from what arrived on the wire: the callee, someone the
 * call was forwarded to, or the callee's voicemail.
 *
 * The evidence, strongest first:
 * - the answering 2xx's Contact carries the RFC 3840 `automata` feature parameter: "the endpoint is
 *   not a user but an automaton functioning on behalf of the user, such as voice mail" (MS-OCEXUM,
 *   2010 edition, 1.1 and 2.2.5; RFC 3840 §10.7). The same rule the phone applies to Play-On-Phone
 *   (./automata), on the one Contact a 2xx may carry (RFC 3261 §12.1.1);
 * - a provisional response whose History-Info (RFC 7044) retargets to a voicemail URI: the
 *   MS-OCEXUM 4.1 `opaque=app:voicemail`, or an RFC 4458 voicemail URI (`target` and `cause`);
 * - a provisional response saying the call is being forwarded: `181 Call Is Being Forwarded`
 *   (RFC 3261 §21.1.3), a Diversion header (draft-levy-sip-diversion-08, which MS-EUMR 3.1.5 step 2
 *   uses), or a History-Info with more than one entry. These say "forwarded", not "voicemail": a
 *   proxy forwards to people too (MS-EUMR 3.2.4.2). MS-EUMR 3.1.5.4's `101` progress report carries
 *   nothing more than its status; the lab's proxy adds the Diversion it gives the UM server.
 *
 * Ambiguous evidence makes no claim: a 2xx with several Contacts, a marker inside the URI's angle
 * brackets, `automata="FALSE"`, an unreadable Diversion. Pure and total: never throws.
 */
import { contactsIndicateAutomaton } from './automata';
import { parseNameAddr, splitHeaderValues, unquote } from './name-addr';
import { headerValues, parseHeaderSection, type SipHeader } from './sip-headers';
import { parseSipUri } from './sip-uri';
import { VOICEMAIL_OPAQUE } from './voicemail-uri';

/** What one provisional response said about forwarding. */
export interface DiversionNotice {
  /** The address the call was diverted from (Diversion's, or History-Info's first entry), when readable. */
  readonly from?: string;
  /** The Diversion reason token, lower-cased (`no-answer`, `user-busy`, `unavailable`, ...). */
  readonly reason?: string;
  /** History-Info says the call was retargeted to a voicemail URI. */
  readonly toVoicemail: boolean;
}

/** Who answered: the callee, a forwarding destination, or the callee's voicemail. */
export type CallAnswerer = 'callee' | 'forwarded' | 'voicemail';

/** A real message carries one or two; more are ignored rather than parsed. */
const MAX_ENTRIES = 32;
const STATUS_LINE = /^SIP\/2\.0 (1[0-9][0-9]) /;
const CSEQ_INVITE = /^[0-9]{1,10}[ \t]+INVITE$/;
const TOKEN = /^[A-Za-z0-9.!%*_+`'~-]+$/;

function entries(headers: readonly SipHeader[], name: string): string[] {
  return headerValues(headers, name).flatMap(splitHeaderValues).slice(0, MAX_ENTRIES);
}

/** The URI of an address element, if it is a SIP/SIPS URI we can read. */
function sipUriOf(element: string): ReturnType<typeof parseSipUri> {
  const address = parseNameAddr(element, 'header');
  return address ? parseSipUri(address.uri) : undefined;
}

/** A URI that reaches a mailbox: MS-OCEXUM 4.1 `opaque=app:voicemail`, or RFC 4458 §3 `target` + `cause`. */
function isVoicemailTarget(element: string): boolean {
  const uri = sipUriOf(element);
  if (!uri) return false;
  const param = (name: string) => uri.params.find((p) => p.name === name);
  const opaque = param('opaque')?.value;
  if (opaque !== undefined && unquote(opaque).toLowerCase() === VOICEMAIL_OPAQUE) return true;
  return param('target') !== undefined && param('cause') !== undefined;
}

/** The Diversion's first (most recent, draft-levy 4) entry: whom the call was for, and why it moved. */
function readDiversion(headers: readonly SipHeader[]): { from?: string; reason?: string } | undefined {
  const first = entries(headers, 'diversion')[0];
  if (first === undefined) return undefined;
  const address = parseNameAddr(first, 'header');
  const uri = address ? parseSipUri(address.uri) : undefined;
  const reasonValue = address?.params.find((p) => p.name === 'reason')?.value;
  const reason = reasonValue === undefined ? undefined : unquote(reasonValue).trim().toLowerCase();
  return {
    ...(uri && address ? { from: address.uri } : {}),
    ...(reason !== undefined && TOKEN.test(reason) ? { reason } : {}),
  };
}

/**
 * What a provisional response to our INVITE says about forwarding, or undefined when it says
 * nothing (a plain 180/183) or is not a provisional response to an INVITE.
 */
export function readProvisionalResponse(text: unknown): DiversionNotice | undefined {
  if (typeof text !== 'string') return undefined;
  const status = STATUS_LINE.exec(text)?.[1];
  if (status === undefined || status === '100') return undefined;
  const headers = parseHeaderSection(text);
  if (!headers) return undefined;
  const cseq = headerValues(headers, 'cseq');
  if (cseq.length !== 1 || !CSEQ_INVITE.test(cseq[0] ?? '')) return undefined;

  const diversion = readDiversion(headers);
  const history = entries(headers, 'history-info');
  const retargeted = history.length > 1;
  const toVoicemail = retargeted && isVoicemailTarget(history[history.length - 1] ?? '');
  if (status !== '181' && !diversion && !retargeted) return undefined;

  const historyFrom = retargeted ? parseNameAddr(history[0] ?? '', 'header')?.uri : undefined;
  const from = diversion?.from ?? (historyFrom && parseSipUri(historyFrom) ? historyFrom : undefined);
  return {
    ...(from !== undefined ? { from } : {}),
    ...(diversion?.reason !== undefined ? { reason: diversion.reason } : {}),
    toVoicemail,
  };
}

/** Whether a 2xx's one Contact marks an automaton (several Contacts: no claim). */
export function answerIsAutomaton(answer: unknown): boolean {
  const headers = parseHeaderSection(answer);
  if (!headers) return false;
  const contacts = entries(headers, 'contact');
  return contacts.length === 1 && contactsIndicateAutomaton(contacts);
}

/**
 * Who answered our call, from the 2xx that answered it and what the provisional responses before it
 * said (see the module comment for the order of evidence).
 */
export function whoAnswered(answer: unknown, notices: readonly DiversionNotice[]): CallAnswerer {
  if (answerIsAutomaton(answer)) return 'voicemail';
  if (notices.some((n) => n.toVoicemail)) return 'voicemail';
  return notices.length > 0 ? 'forwarded' : 'callee';
}

/** Which INVITE a response answers, and how: status, Call-ID and CSeq number. */
export interface InviteResponseKey {
  readonly status: number;
  readonly callId: string;
  readonly cseq: number;
}

const ANY_STATUS_LINE = /^SIP\/2\.0 ([1-6][0-9][0-9]) /;
const CSEQ_INVITE_NUMBER = /^([0-9]{1,10})[ \t]+INVITE$/;

/** The key of a response to an INVITE, or undefined for anything else (one Call-ID, one CSeq). */
export function inviteResponseKey(text: unknown): InviteResponseKey | undefined {
  if (typeof text !== 'string') return undefined;
  const status = ANY_STATUS_LINE.exec(text)?.[1];
  const headers = status === undefined ? undefined : parseHeaderSection(text);
  if (!headers) return undefined;
  const callIds = headerValues(headers, 'call-id');
  const cseqs = headerValues(headers, 'cseq');
  const cseq = cseqs.length === 1 ? CSEQ_INVITE_NUMBER.exec(cseqs[0] ?? '')?.[1] : undefined;
  if (callIds.length !== 1 || !callIds[0] || cseq === undefined) return undefined;
  return { status: Number(status), callId: callIds[0], cseq: Number(cseq) };
}
