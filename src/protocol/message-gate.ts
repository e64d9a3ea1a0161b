/**
 * One reading of every incoming SIP message.
 *
 * Design: every message from the wire passes this gate before anything reads it, and the gate
 * either refuses it or returns one canonical text. SIP.js then parses that canonical text, and the
 * MS-OCEXUM decisions (Play-On-Phone, presence refusal, Subject/Priority, no-diversion) read the
 * same canonical text (SIP.js keeps it as `request.data`). There is no second copy of the bytes
 * that could be read another way.
 *
 * Why canonicalise-or-refuse instead of reading only SIP.js's parsed values: SIP.js 0.21 refuses
 * forms the MS-OCEXUM editions print (a space after `sip:`, 4.2; before `>`, 2010 ed. 2.2.5) and
 * drops such messages silently; it cannot be made tolerant without a fork. And a message that two
 * readers can split differently (bare LF, bare CR, a second To, odd folding) has no single right
 * reading to recover, so it is refused outright (`400`, by the caller) rather than guessed at.
 * What is left is canonical: CRLF only, no folding, single From/To/Call-ID/CSeq/Content-Length/
 * Content-Type, Content-Length equal to the body, where our reader and SIP.js's agree (the
 * differential property test in message-gate.property.test.ts checks that claim against SIP.js's
 * own parser).
 *
 * Pure: no SIP stack here (src/protocol rule). Never throws.
 */
import { parseHeaderParams, splitHeaderValues } from './name-addr';
import { MAX_HEADER_SECTION_CHARS, canonicalHeaderName, headerSpelling } from './sip-headers';

export type MessageGateVerdict =
  /** `text` is the canonical message to parse and to decide on; `request` is false for responses. */
  | { readonly verdict: 'pass'; readonly text: string; readonly request: boolean; readonly method?: string }
  /**
   * `reason` is a short English phrase fit for a reason phrase, e.g. `duplicate To`; `status` is
   * 513 (Message Too Large) for a header section past what the phone reads, else absent (400).
   */
  | { readonly verdict: 'refuse'; readonly reason: string; readonly status?: 513 };

/**
 * Headers that must appear once (RFC 3261 §20: single values; §8.1.1 for the first four), with the
 * name used in reason phrases. A second one is refused: SIP.js keeps the last From/To/Call-ID/
 * CSeq/Content-Length/Content-Type while a reader that takes the first would see another message.
 */
const SINGLE_HEADERS: ReadonlyMap<string, string> = new Map([
  ['from', 'From'],
  ['to', 'To'],
  ['call-id', 'Call-ID'],
  ['cseq', 'CSeq'],
  ['content-length', 'Content-Length'],
  ['content-type', 'Content-Type'],
  // SIP.js keeps the last of these too; RFC 3515 §2.1: a REFER has exactly one Refer-To.
  ['max-forwards', 'Max-Forwards'],
  ['refer-to', 'Refer-To'],
]);

/** Headers holding name-addr values whose `<...>` get the MS-OCEXUM whitespace leniency. */
const ADDRESS_HEADERS: ReadonlySet<string> = new Set(['from', 'to', 'contact']);

// RFC 3261 §25.1: field-name is a token; HCOLON = *( SP / HTAB ) ":" SWS.
const HEADER_START = /^([A-Za-z0-9.!%*_+`'~-]+[ \t]*:[ \t]*)(.*)$/s;
// RFC 3261 §7.1 Request-Line (Method SP Request-URI SP SIP-Version) and §7.2 Status-Line.
const REQUEST_LINE = /^([A-Za-z0-9.!%*_+`'~-]+) (\S+) SIP\/2\.0$/;
const STATUS_LINE = /^SIP\/2\.0 [1-6][0-9][0-9] /;
const DIGITS = /^[0-9]+$/;
// RFC 3261 §20.16: CSeq = 1*DIGIT LWS Method, the number below 2**31 (§8.1.1.5).
const CSEQ = /^([0-9]{1,10})[ \t]+([A-Za-z0-9.!%*_+`'~-]+)$/;
// RFC 3261 §8.1.1.7: a branch made by an element of RFC 3261 begins with this magic cookie.
const MAGIC_COOKIE = 'z9hG4bK';
/** Any whitespace JavaScript's `trim` and `\s` know (SIP.js uses both), other than SP and HTAB. */
const UNUSUAL_WHITESPACE = /[^\S \t]/;

interface HeaderLine {
  /** Canonical lower-case name (compact forms expanded). */
  readonly name: string;
  /** Name, colon and the whitespace around it, as received. */
  readonly prefix: string;
  /** The value with folding undone (RFC 3261 §7.3.1: CRLF + whitespace reads as one SP). */
  rest: string;
}

function refuse(reason: string, status?: 513): MessageGateVerdict {
  return { verdict: 'refuse', reason, ...(status ? { status } : {}) };
}

function trimSpTab(text: string): string {
  return text.replace(/^[ \t]+/, '').replace(/[ \t]+$/, '');
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * MS-OCEXUM whitespace inside the angle brackets of a name-addr: `<sip: host...>` (4.2) and
 * `<sip:user@host >` (2010 ed. 2.2.5). RFC 3261 §7.3.1 asks receivers to be lenient with linear
 * whitespace in header values, and these are the forms the specification prints for the Contact
 * of a Play-On-Phone call; SIP.js's URI grammar has no room for them. Only SP/HTAB directly after
 * `sip:`/`sips:` at the start of the brackets, and directly before `>`, are removed; anything else
 * (a space inside the host, `< sip:`) is left for the parser to refuse. Quoted display names are
 * skipped, so `"a <sip: b>" <sip:c>` is untouched where it is text.
 */
export function normaliseAddressWhitespace(value: string): string {
  let out = '';
  let i = 0;
  while (i < value.length) {
    const char = value[i] as string;
    if (char === '"') {
      // A quoted-string (RFC 3261 §25.1), with quoted-pair escapes.
      let j = i + 1;
      while (j < value.length && value[j] !== '"') j += value[j] === '\\' ? 2 : 1;
      out += value.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (char === '<') {
      const close = value.indexOf('>', i + 1);
      if (close < 0) return out + value.slice(i);
      const inner = value
        .slice(i + 1, close)
        .replace(/^(sips?:)[ \t]+/i, '$1')
        .replace(/[ \t]+$/, '');
      out += `<${inner}>`;
      i = close + 1;
      continue;
    }
    out += char;
    i++;
  }
  return out;
}

/**
 * RFC 3261 §7.3.1: `Via: a, b` is two Vias. SIP.js reads only the first Via line and, within it,
 * lets the last value win: that would be the top Via (its branch keys the transaction, its sent-by
 * says whether a response is ours) to SIP.js and not to anyone else. So: one value a line, in
 * order; or why not.
 */
function oneViaPerLine(headers: readonly HeaderLine[]): HeaderLine[] | string {
  const out: HeaderLine[] = [];
  for (const header of headers) {
    if (header.name !== 'via') {
      out.push(header);
      continue;
    }
    if (trimSpTab(header.rest) !== header.rest.trim()) return 'unusual whitespace around a header value';
    const values = splitHeaderValues(header.rest);
    if (values.length === 0) return 'empty Via';
    for (const rest of values) out.push({ ...header, rest });
  }
  return out;
}

/**
 * Refuses a message that can be read two ways, or returns its canonical text (see the module
 * comment). Leading CRLFs before the start line are dropped (RFC 3261 §7.5).
 */
export function gateMessage(raw: unknown): MessageGateVerdict {
  if (typeof raw !== 'string') return refuse('not text');
  let text = raw;
  while (text.startsWith('\r\n')) text = text.slice(2);

  // A C string ends at NUL: a proxy or log and this phone would see different messages.
  if (text.includes('\0')) return refuse('NUL byte');

  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return refuse('no empty line after the headers');
  // The phone's own reader (sip-headers.ts) stops there; SIP.js would go on reading.
  if (end > MAX_HEADER_SECTION_CHARS) return refuse('header section over 256 KB', 513);
  const head = text.slice(0, end);
  const body = text.slice(end + 4);

  // RFC 3261 §7: lines end in CRLF. SIP.js splits on CRLF only (a bare LF continues the line,
  // a bare CR is text), other stacks split on LF: either way two readers see different headers.
  if (/\r(?!\n)/.test(head)) return refuse('bare CR line end');
  if (/(?<!\r)\n/.test(head)) return refuse('bare LF line end');

  const lines = head.split('\r\n');
  const startLine = lines[0] ?? '';
  const requestLine = REQUEST_LINE.exec(startLine);
  const request = requestLine !== null;
  if (!request && !STATUS_LINE.test(startLine)) return refuse('malformed start line');
  const method = requestLine?.[1];

  const received: HeaderLine[] = [];
  for (const line of lines.slice(1)) {
    const first = line[0] ?? '';
    if (first === ' ' || first === '\t') {
      // RFC 3261 §7.3.1 folding: the line continues the previous header, read as one SP.
      const previous = received[received.length - 1];
      if (!previous) return refuse('folded line without a header');
      previous.rest = `${previous.rest} ${line.replace(/^[ \t]+/, '')}`;
      continue;
    }
    // SIP.js folds a line that starts with any JavaScript whitespace (\v, NBSP, U+2028 ...);
    // RFC 3261 folds only SP/HTAB. Such a line is one header to one reader and part of another to
    // the other.
    if (UNUSUAL_WHITESPACE.test(first)) return refuse('line starting with unusual whitespace');
    const match = HEADER_START.exec(line);
    if (!match) return refuse('malformed header line');
    const prefix = match[1] ?? '';
    const written = prefix.replace(/[ \t]*:[ \t]*$/, '');
    const name = canonicalHeaderName(written);
    // A compact form or a name with `_` is written out in full: SIP.js parses only some compact
    // forms (not `o` for Event, `k`, `s`, `u`, `b`, `x`, `e`) and files `Call_ID` under Call-ID
    // without parsing it (no Call-ID to match, a Content-Length the gate never checked).
    received.push({
      name,
      prefix:
        written.toLowerCase() === name ? prefix : `${headerSpelling(name)}${prefix.slice(written.length)}`,
      rest: match[2] ?? '',
    });
  }

  const headers = oneViaPerLine(received);
  if (typeof headers === 'string') return refuse(headers);

  const seen = new Set<string>();
  for (const header of headers) {
    const single = SINGLE_HEADERS.get(header.name);
    if (single !== undefined) {
      if (seen.has(header.name)) return refuse(`duplicate ${single}`);
      seen.add(header.name);
    }
    // SIP.js trims values with String#trim (any Unicode whitespace); RFC 3261 only SP/HTAB. Where a
    // header identifies the call or frames the message that is refused; free text (a Subject that
    // ends in an ideographic space) is only text, and both readers trim it the same way.
    const value = trimSpTab(header.rest);
    if ((single !== undefined || ADDRESS_HEADERS.has(header.name)) && value !== value.trim())
      return refuse('unusual whitespace around a header value');
    if (ADDRESS_HEADERS.has(header.name)) header.rest = normaliseAddressWhitespace(header.rest);
  }

  const cseq = headers.find((header) => header.name === 'cseq');
  if (cseq) {
    // SIP.js throws on a response whose CSeq it cannot parse (it reads the method from it).
    const value = CSEQ.exec(trimSpTab(cseq.rest));
    if (!value || Number(value[1]) >= 2 ** 31) return refuse('bad CSeq');
    // §8.1.1.5: a request's CSeq method is its own method (CANCEL and ACK included).
    if (method !== undefined && value[2] !== method) return refuse('CSeq method is not the request method');
  }

  // The top Via's branch keys the transaction (RFC 3261 §17.2.3). SIP.js matches on the branch
  // alone, so requests without an RFC 3261 branch would all share one transaction, and a second
  // branch parameter would be one branch to SIP.js and another to anyone reading the first.
  const topVia = headers.find((header) => header.name === 'via');
  if (topVia) {
    const semicolon = topVia.rest.indexOf(';');
    const params = parseHeaderParams(semicolon < 0 ? '' : topVia.rest.slice(semicolon));
    if (!params) return refuse('malformed Via parameters');
    const branches = params.filter((param) => param.name === 'branch');
    if (branches.length > 1) return refuse('more than one Via branch');
    if (request && !branches[0]?.value?.startsWith(MAGIC_COOKIE))
      return refuse('Via branch without the RFC 3261 magic cookie');
  }

  const contentLength = headers.find((header) => header.name === 'content-length');
  if (contentLength) {
    const value = trimSpTab(contentLength.rest);
    if (!DIGITS.test(value)) return refuse('bad Content-Length');
    // One message per WebSocket frame (RFC 7118 §5): the body is everything after the headers.
    if (Number(value) !== utf8Length(body)) return refuse('Content-Length disagrees with the body');
  }

  // RFC 3261 §8.1.1.8: an INVITE has exactly one Contact. With several, the Play-On-Phone
  // automaton marker and the dialog's remote target (SIP.js takes the first) could differ.
  if (method === 'INVITE') {
    const contacts = headers
      .filter((header) => header.name === 'contact')
      .flatMap((header) => splitHeaderValues(header.rest));
    if (contacts.length > 1) return refuse('more than one Contact');
  }

  const canonical = [startLine, ...headers.map((header) => `${header.prefix}${header.rest}`)].join('\r\n');
  return { verdict: 'pass', text: `${canonical}\r\n\r\n${body}`, request, ...(method ? { method } : {}) };
}
