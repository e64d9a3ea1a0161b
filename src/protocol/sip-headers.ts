/**
 * Tolerant reader for the header section of a raw SIP message (RFC 3261 §7). It exists so that
 * decisions about an incoming INVITE (MS-OCEXUM 3.2) rest on text we parsed ourselves, with known
 * limits, instead of on whatever a transport library made of a hostile message. Never throws.
 */

export interface SipHeader {
  /** Full header name in lower case; compact forms are expanded (`f` -> `from`). */
  readonly name: string;
  /** Value with folding undone and surrounding SP/HTAB removed. */
  readonly value: string;
}

/**
 * Only this much of a message is looked at. A real INVITE header section is a few KB; a header
 * section that does not end within this window is treated as garbage rather than truncated,
 * because a cut-off header (say `;automata="FALSE"` cut to `;automata`) could change its meaning.
 */
export const MAX_HEADER_SECTION_CHARS = 256 * 1024;

/** Compact header names (case-insensitive, like all header names: RFC 3261 §7.3.1). */
const COMPACT_FORMS: Readonly<Record<string, string>> = {
  // RFC 3261 §7.3.3 (and the table in §20)
  c: 'content-type',
  e: 'content-encoding',
  f: 'from',
  i: 'call-id',
  k: 'supported',
  l: 'content-length',
  m: 'contact',
  s: 'subject',
  t: 'to',
  v: 'via',
  // RFC 6665 (was RFC 3265): Event, Allow-Events
  o: 'event',
  u: 'allow-events',
  // RFC 3515: Refer-To; RFC 3892: Referred-By; RFC 4028: Session-Expires
  r: 'refer-to',
  b: 'referred-by',
  x: 'session-expires',
};

// RFC 3261 §7.3.1 / §25.1: field-name is a token, HCOLON = *( SP / HTAB ) ":" SWS.
const HEADER_LINE = /^([A-Za-z0-9.!%*_+`'~-]+)[ \t]*:(.*)$/s;

/**
 * Full lower-case header name for `name`, expanding compact forms and reading `_` as `-`, as
 * SIP.js 0.21 files headers (its `headerize`: `Call_ID` is stored as `Call-ID`). RFC 3261 would
 * call `Call_ID` an extension header of its own; the phone reads it as SIP.js does, and the
 * message gate writes the name out in full, so the one reading is the same everywhere.
 */
export function canonicalHeaderName(name: string): string {
  const lower = name.toLowerCase().replaceAll('_', '-');
  return Object.hasOwn(COMPACT_FORMS, lower) ? (COMPACT_FORMS[lower] ?? lower) : lower;
}

/** Names whose usual spelling is not simply each word capitalised (SIP.js's `headerize` exceptions). */
const SPELLINGS: Readonly<Record<string, string>> = {
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'min-se': 'Min-SE',
  rack: 'RAck',
  rseq: 'RSeq',
  'www-authenticate': 'WWW-Authenticate',
};

/** The usual spelling of a canonical (lower-case, full) header name: `call-id` → `Call-ID`. */
export function headerSpelling(canonical: string): string {
  if (Object.hasOwn(SPELLINGS, canonical)) return SPELLINGS[canonical] ?? canonical;
  return canonical
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('-');
}

/** `text` without the SP and HTAB at either end (RFC 3261 §25.1 white space; a loop, since `[ \t]+$` is quadratic). */
export function trimSpTab(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text[start] === ' ' || text[start] === '\t')) start++;
  while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return text.slice(start, end);
}

function isBlank(line: string): boolean {
  return trimSpTab(line) === '';
}

/**
 * Returns the headers of a raw SIP message, in order, or undefined when `raw` is not a string or
 * its header section does not end within {@link MAX_HEADER_SECTION_CHARS}.
 *
 * Tolerance, on purpose (the MS-OCEXUM 4.2 example must parse exactly as printed):
 * - lines end in CRLF or bare LF (a lone CR is not a line end, matching SIP stacks that split on
 *   LF, so it cannot fake a header that the stack would not see);
 * - empty lines before the start line are skipped (RFC 3261 §7.5);
 * - the first line is the start line unless it already looks like a header; lines that are not
 *   headers (a Request-Line broken over two lines, `...SDP SNIPPED...`) are ignored;
 * - a line starting with SP/HTAB continues the previous header (RFC 3261 §7.3.1 folding) and is
 *   joined with a single space;
 * - the header section ends at the first empty or whitespace-only line; the body is not read.
 */
export function parseHeaderSection(raw: unknown): SipHeader[] | undefined {
  if (typeof raw !== 'string') return undefined;
  const window = raw.length > MAX_HEADER_SECTION_CHARS ? raw.slice(0, MAX_HEADER_SECTION_CHARS) : raw;
  const lines = window.split('\n');

  const headers: { name: string; value: string }[] = [];
  let current: { name: string; value: string } | undefined;
  let seenStart = false;
  let terminated = false;

  for (const rawLine of lines) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (!seenStart) {
      if (isBlank(line)) continue;
      seenStart = true;
      if (!HEADER_LINE.test(line)) continue;
    } else if (isBlank(line)) {
      terminated = true;
      break;
    }

    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (current) {
        const continuation = trimSpTab(line);
        current.value = current.value === '' ? continuation : `${current.value} ${continuation}`;
      }
      continue;
    }
    const match = HEADER_LINE.exec(line);
    if (!match) {
      // Not a header: forget the previous one so a following continuation line cannot extend it.
      current = undefined;
      continue;
    }
    current = { name: canonicalHeaderName(match[1] ?? ''), value: trimSpTab(match[2] ?? '') };
    headers.push(current);
  }

  // Without a blank line inside the window, a longer input was cut mid-header: refuse it.
  if (!terminated && raw.length > MAX_HEADER_SECTION_CHARS) return undefined;
  return headers;
}

/** Values of every header called `name` (full or compact, any case), in message order. */
export function headerValues(headers: readonly SipHeader[], name: string): string[] {
  const wanted = canonicalHeaderName(name);
  return headers.filter((header) => header.name === wanted).map((header) => header.value);
}
