/**
 * Facts about an incoming INVITE that the softphone acts on (MS-OCEXUM 2.2.2, 3.2; Subject,
 * Priority and automata from the 2010 edition, 2.2.3-2.2.5).
 */
import { contactsIndicateAutomaton } from './automata';
import { stripControlChars } from './control-characters';
import { displaySafeText } from './display-text';
import { parseNameAddr, splitHeaderValues } from './name-addr';
import { headerValues, parseHeaderSection, type SipHeader } from './sip-headers';
import { sipUriEquals } from './sip-uri-equals';

export interface InviteFacts {
  /** URI of the From header (no display name, no tag/epid), or '' when missing or unreadable. */
  fromUri: string;
  /** URI of the To header, or '' when missing or unreadable. */
  toUri: string;
  /** Subject (RFC 3261 §20.36), trimmed, control characters removed; undefined when absent. */
  subject?: string;
  /** Priority (RFC 3261 §20.26) token, trimmed and lower-cased; undefined when absent or not a token. */
  priority?: string;
  /** Priority is `urgent` or `emergency`. */
  urgent: boolean;
  /** A Contact carries the RFC 3840 `automata` feature parameter meaning TRUE. */
  automaton: boolean;
  /** `Ms-Sensitivity: private-no-diversion` is present (MS-OCEXUM 2.2.2). */
  noDiversion: boolean;
  /** Play-On-Phone call from UM for this user (MS-OCEXUM 3.2): automaton, From = To = own AOR. */
  playOnPhone: boolean;
}

const MS_SENSITIVITY = 'ms-sensitivity';
const PRIVATE_NO_DIVERSION = 'private-no-diversion';
const URGENT_PRIORITIES: ReadonlySet<string> = new Set(['urgent', 'emergency']);

// RFC 3261 §25.1 token; priority-value is "emergency" / "urgent" / "normal" / "non-urgent" / token.
const TOKEN = /^[A-Za-z0-9.!%*_+`'~-]+$/;
// A URI starts with a scheme (RFC 3986 §3.1) and has no whitespace or controls.
const URI_SHAPE = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"]+$/;

function emptyFacts(): InviteFacts {
  return {
    fromUri: '',
    toUri: '',
    urgent: false,
    automaton: false,
    noDiversion: false,
    playOnPhone: false,
  };
}

/**
 * URI of a From/To header. These headers hold exactly one address (RFC 3261 §20.20, §20.39), so a
 * value that splits into several is rejected instead of guessing which one the sender meant. An
 * unbracketed value's parameters are header parameters (RFC 3261 §20.10): `To: sip:bob@x;tag=1`
 * has the URI `sip:bob@x`.
 */
function addressUri(headers: readonly SipHeader[], name: string): string {
  // Like SIP stacks, read the first occurrence of a header that must appear once.
  const value = headerValues(headers, name)[0];
  if (value === undefined) return '';
  const elements = splitHeaderValues(value);
  if (elements.length !== 1 || elements[0] === undefined) return '';
  const address = parseNameAddr(elements[0], 'header');
  if (!address || stripControlChars(address.uri) !== address.uri || !URI_SHAPE.test(address.uri)) return '';
  return address.uri;
}

function readSubject(headers: readonly SipHeader[]): string | undefined {
  const value = headerValues(headers, 'subject')[0];
  // Remote text meant for display, read as it is shown (displaySafeText): a control character
  // (which could fake a line break) becomes a space, a tab too, so the words on either side stay apart.
  return value === undefined ? undefined : displaySafeText(value).replaceAll('\t', ' ').trim();
}

function readPriority(headers: readonly SipHeader[]): string | undefined {
  const value = headerValues(headers, 'priority')[0];
  if (value === undefined) return undefined;
  const token = value.trim().toLowerCase();
  return TOKEN.test(token) ? token : undefined;
}

function hasNoDiversion(headers: readonly SipHeader[]): boolean {
  return headerValues(headers, MS_SENSITIVITY).some(
    (value) => value.trim().toLowerCase() === PRIVATE_NO_DIVERSION,
  );
}

function inspect(rawInvite: unknown, ownAor: unknown): InviteFacts {
  const headers = parseHeaderSection(rawInvite);
  if (!headers) return emptyFacts();

  const fromUri = addressUri(headers, 'from');
  const toUri = addressUri(headers, 'to');
  const subject = readSubject(headers);
  const priority = readPriority(headers);
  const automaton = contactsIndicateAutomaton(headerValues(headers, 'contact'));

  // MS-OCEXUM 3.2: UM sends Play-On-Phone INVITEs with From and To URIs that match, and clients
  // use that to ring even under "Appear Offline". From = To alone is easy to forge (anyone can
  // put their own address in both to ring through), so we also require the automaton marker
  // (2010 ed. 2.2.5) and that the address is our own AOR.
  const playOnPhone =
    automaton &&
    typeof ownAor === 'string' &&
    fromUri !== '' &&
    sipUriEquals(fromUri, toUri) &&
    sipUriEquals(toUri, ownAor);

  const facts: InviteFacts = {
    fromUri,
    toUri,
    urgent: priority !== undefined && URGENT_PRIORITIES.has(priority),
    automaton,
    noDiversion: hasNoDiversion(headers),
    playOnPhone,
  };
  if (subject !== undefined) facts.subject = subject;
  if (priority !== undefined) facts.priority = priority;
  return facts;
}

/**
 * Reads the facts the softphone needs from an INVITE. The phone calls it only on the canonical
 * text that message-gate.ts let through (CRLF only, unfolded, single From/To), which is also the
 * text SIP.js parsed (`request.data`): one reading. On its own it is tolerant: it accepts the
 * MS-OCEXUM 4.2 example exactly as printed (Request-Line broken over two lines, stray space in the
 * Contact URI, `...SDP SNIPPED...` trailer). Never throws: non-strings, empty, binary or oversized
 * input give empty URIs and all flags false.
 *
 * @param rawInvite the INVITE's canonical text (only the header section is read, at most 256 KB)
 * @param ownAor the signed-in user's address of record, bare (`sip:alice@contoso.com`) or bracketed
 */
export function inspectInvite(rawInvite: string, ownAor: string): InviteFacts {
  try {
    return inspect(rawInvite, ownAor);
  } catch {
    // Defence in depth: the parsers above are written not to throw, but a call-handling path must
    // never crash on a hostile message.
    return emptyFacts();
  }
}
