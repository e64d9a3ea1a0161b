/**
 * SIP URIs and name-addr values (RFC 3261 19.1, 20.10, 25.1), reduced to
 * what the voicemail server needs: user, host, port and parameters.
 *
 * Both parsers follow the RFC 3261 25.1 grammar and refuse (undefined)
 * anything it does not produce instead of guessing. That matters because
 * the voicemail server decides identities from these values: a parser that
 * takes the first `<` it sees reads `"<sip:bob@x>" <sip:alice@x>` as bob,
 * while the proxy (which authenticated alice) reads alice.
 */

export interface SipUri {
  scheme: 'sip' | 'sips';
  /** Unescaped user part ('' when absent). */
  user: string;
  /** Lower-cased host. */
  host: string;
  port: number | undefined;
  /** URI parameters, keys lower-cased; valueless parameters map to ''. */
  params: Map<string, string>;
  /** The URI text as given. */
  text: string;
}

export interface NameAddr {
  displayName: string;
  uri: SipUri;
  /**
   * Header parameters after the URI (tag, ...), keys lower-cased; a
   * quoted-string value is kept as written (with its quotes).
   */
  params: Map<string, string>;
}

// RFC 3261 25.1 character classes.
const ALPHANUM = 'A-Za-z0-9';
const MARK = "\\-_.!~*'()";
const UNRESERVED = `${ALPHANUM}${MARK}`;
const ESCAPED = '%[0-9A-Fa-f]{2}';
/** user = 1*( unreserved / escaped / user-unreserved ), user-unreserved = & = + $ , ; ? / */
const USER_RE = new RegExp(`^(?:[${UNRESERVED}&=+$,;?/]|${ESCAPED})+$`);
/** password = *( unreserved / escaped / & = + $ , ) */
const PASSWORD_RE = new RegExp(`^(?:[${UNRESERVED}&=+$,]|${ESCAPED})*$`);
/** paramchar = param-unreserved / unreserved / escaped; param-unreserved = [ ] / : & + $ */
const PARAMCHARS_RE = new RegExp(`^(?:[${UNRESERVED}\\[\\]/:&+$]|${ESCAPED})+$`);
/** headers = "?" header *( "&" header ), hname/hvalue chars: hnv-unreserved / unreserved / escaped. */
const URI_HEADERS_RE = new RegExp(
  `^(?:[${UNRESERVED}\\[\\]/?:+$]|${ESCAPED})+=(?:[${UNRESERVED}\\[\\]/?:+$]|${ESCAPED})*` +
    `(?:&(?:[${UNRESERVED}\\[\\]/?:+$]|${ESCAPED})+=(?:[${UNRESERVED}\\[\\]/?:+$]|${ESCAPED})*)*$`,
);
/** hostname (domainlabels, optional final dot; IPv4 is a special case of it) / IPv6reference. */
const HOSTNAME_RE =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.?$/;
const IPV6_REFERENCE_RE = /^\[[0-9A-Fa-f:.]+\]$/;
/** token = 1*( alphanum / - . ! % * _ + ` ' ~ ) */
const TOKEN_RE = /^[A-Za-z0-9.!%*_+`'~-]+$/;
const TOKEN_CHAR_RE = /[A-Za-z0-9.!%*_+`'~-]/;

function unescape(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined; // %XX that is not UTF-8
  }
}

/** uri-parameters: `;name[=value]` each; undefined when malformed or a name repeats. */
function parseUriParams(text: string): Map<string, string> | undefined {
  const params = new Map<string, string>();
  if (text === '') return params;
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    const name = eq >= 0 ? part.slice(0, eq) : part;
    const value = eq >= 0 ? part.slice(eq + 1) : '';
    if (!PARAMCHARS_RE.test(name)) return undefined;
    if (eq >= 0 && !PARAMCHARS_RE.test(value)) return undefined; // pvalue = 1*paramchar
    const key = name.toLowerCase();
    if (params.has(key)) return undefined; // two values: ambiguous
    params.set(key, value);
  }
  return params;
}

/**
 * Parses a SIP-URI / SIPS-URI (RFC 3261 19.1.1, 25.1):
 * `sip:[user[:password]@]host[:port][;params][?headers]`. Returns undefined
 * for anything else (other schemes, characters outside the grammar, a
 * parameter given twice).
 */
export function parseSipUri(text: string): SipUri | undefined {
  const trimmed = text.trim();
  const m = /^(sips?):(.*)$/is.exec(trimmed);
  if (!m) return undefined;
  const scheme = (m[1] ?? '').toLowerCase() as 'sip' | 'sips';
  let rest = m[2] ?? '';
  // userinfo: '@' appears nowhere else in a SIP-URI, so it ends at the only '@'.
  let user = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    if (rest.indexOf('@', at + 1) >= 0) return undefined;
    const userinfo = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const colon = userinfo.indexOf(':');
    const rawUser = colon >= 0 ? userinfo.slice(0, colon) : userinfo;
    if (!USER_RE.test(rawUser)) return undefined;
    if (colon >= 0 && !PASSWORD_RE.test(userinfo.slice(colon + 1))) return undefined;
    const decoded = unescape(rawUser);
    if (decoded === undefined) return undefined;
    user = decoded;
  }
  const question = rest.indexOf('?');
  if (question >= 0) {
    if (!URI_HEADERS_RE.test(rest.slice(question + 1))) return undefined;
    rest = rest.slice(0, question);
  }
  const semi = rest.indexOf(';');
  const hostPort = semi >= 0 ? rest.slice(0, semi) : rest;
  const params = parseUriParams(semi >= 0 ? rest.slice(semi + 1) : '');
  if (!params) return undefined;
  const hp = /^(\[[^\]]*\]|[^:[\]]*)(?::(\d{1,5}))?$/.exec(hostPort);
  if (!hp) return undefined;
  const host = (hp[1] ?? '').toLowerCase();
  if (!HOSTNAME_RE.test(host) && !IPV6_REFERENCE_RE.test(host)) return undefined;
  const port = hp[2] === undefined ? undefined : Number(hp[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return { scheme, user, host, port, params, text: trimmed };
}

/** A cursor over a header value, with the RFC 3261 25.1 building blocks. */
class Scanner {
  index = 0;
  constructor(readonly text: string) {}

  get done(): boolean {
    return this.index >= this.text.length;
  }

  peek(): string {
    return this.text.charAt(this.index);
  }

  /** SWS / LWS (folding was undone by the message parser: only SP and HTAB remain). */
  skipSpace(): boolean {
    const start = this.index;
    while (this.peek() === ' ' || this.peek() === '\t') this.index++;
    return this.index > start;
  }

  token(): string | undefined {
    const start = this.index;
    while (!this.done && TOKEN_CHAR_RE.test(this.peek())) this.index++;
    return this.index > start ? this.text.slice(start, this.index) : undefined;
  }

  /**
   * quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE (the cursor is
   * on the opening DQUOTE). qdtext = LWS / %x21 / %x23-5B / %x5D-7E /
   * UTF8-NONASCII; quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F).
   * Returns the unescaped content and the raw text, or undefined when it is
   * not terminated or holds a character the grammar does not allow.
   */
  quotedString(): { value: string; raw: string } | undefined {
    const start = this.index;
    this.index++; // DQUOTE
    let value = '';
    while (!this.done) {
      const ch = this.peek();
      const code = ch.charCodeAt(0);
      if (ch === '"') {
        this.index++;
        return { value, raw: this.text.slice(start, this.index) };
      }
      if (ch === '\\') {
        const next = this.text.charAt(this.index + 1);
        const nextCode = next.charCodeAt(0);
        if (next === '' || nextCode > 0x7f || nextCode === 0x0a || nextCode === 0x0d) return undefined;
        value += next;
        this.index += 2;
        continue;
      }
      if (code < 0x20 && ch !== '\t') return undefined;
      if (code === 0x7f) return undefined;
      value += ch;
      this.index++;
    }
    return undefined;
  }
}

/** Characters that may never appear in a URI (RFC 3986 / RFC 3261 25.1). */
const NOT_IN_URI_RE = /[\s<>"]/;

/**
 * generic-param *( SEMI generic-param ) after the URI (RFC 3261 25.1):
 * generic-param = token [ EQUAL gen-value ], gen-value = token / host /
 * quoted-string. Undefined when malformed or a name repeats (two tags is
 * ambiguous).
 */
function parseHeaderParams(scanner: Scanner): Map<string, string> | undefined {
  const params = new Map<string, string>();
  scanner.skipSpace();
  while (!scanner.done) {
    if (scanner.peek() !== ';') return undefined;
    scanner.index++;
    scanner.skipSpace();
    const name = scanner.token();
    if (name === undefined) return undefined;
    scanner.skipSpace();
    let value = '';
    if (scanner.peek() === '=') {
      scanner.index++;
      scanner.skipSpace();
      if (scanner.peek() === '"') {
        const quoted = scanner.quotedString();
        if (!quoted) return undefined;
        value = quoted.raw;
      } else if (scanner.peek() === '[') {
        const close = scanner.text.indexOf(']', scanner.index);
        if (close < 0) return undefined;
        value = scanner.text.slice(scanner.index, close + 1);
        if (!IPV6_REFERENCE_RE.test(value)) return undefined;
        scanner.index = close + 1;
      } else {
        const token = scanner.token();
        if (token === undefined) return undefined;
        value = token;
      }
      scanner.skipSpace();
    }
    const key = name.toLowerCase();
    if (params.has(key)) return undefined;
    params.set(key, value);
  }
  return params;
}

/**
 * Parses a From/To/Contact/Diversion/P-Asserted-Identity value (RFC 3261
 * 20.10, 25.1; RFC 3325 9.1):
 *
 *   ( name-addr / addr-spec ) *( SEMI generic-param )
 *   name-addr    = [ display-name ] LAQUOT addr-spec RAQUOT
 *   display-name = *( token LWS ) / quoted-string
 *
 * A `<` inside the quoted display name is text; without angle brackets the
 * parameters after the URI belong to the header (20.10), and such a URI may
 * not contain a comma, semicolon or question mark. Anything the grammar does
 * not produce (including a sips/sip URI that parseSipUri refuses, or a
 * parameter given twice) returns undefined: callers refuse the request
 * rather than guess.
 */
export function parseNameAddr(value: string): NameAddr | undefined {
  const scanner = new Scanner(value.trim());
  let displayName = '';
  let uriText: string;
  if (scanner.peek() === '"') {
    const quoted = scanner.quotedString();
    if (!quoted) return undefined;
    displayName = quoted.value;
    scanner.skipSpace();
    if (scanner.peek() !== '<') return undefined;
  } else if (scanner.peek() !== '<') {
    // Either *(token LWS) "<" or a bare addr-spec: tokens separated by LWS up to '<' decide.
    const save = scanner.index;
    const words: string[] = [];
    for (;;) {
      const word = scanner.token();
      if (word === undefined) break;
      words.push(word);
      if (!scanner.skipSpace()) break;
    }
    scanner.skipSpace();
    if (words.length > 0 && scanner.peek() === '<') {
      displayName = words.join(' ');
    } else {
      // addr-spec without angle brackets: up to the first ';' (header parameters follow).
      scanner.index = save;
      const end = scanner.text.indexOf(';', save);
      uriText = scanner.text.slice(save, end >= 0 ? end : undefined).trimEnd();
      if (NOT_IN_URI_RE.test(uriText) || /[,?]/.test(uriText)) return undefined;
      const uri = parseSipUri(uriText);
      if (!uri) return undefined;
      scanner.index = end >= 0 ? end : scanner.text.length;
      const params = parseHeaderParams(scanner);
      if (!params) return undefined;
      return { displayName: '', uri, params };
    }
  }
  // LAQUOT addr-spec RAQUOT
  scanner.index++;
  const close = scanner.text.indexOf('>', scanner.index);
  if (close < 0) return undefined;
  uriText = scanner.text.slice(scanner.index, close);
  if (NOT_IN_URI_RE.test(uriText)) return undefined;
  const uri = parseSipUri(uriText);
  if (!uri) return undefined;
  scanner.index = close + 1;
  const params = parseHeaderParams(scanner);
  if (!params) return undefined;
  return { displayName, uri, params };
}

/** `user@host` in lower case, the identity two URIs are compared by here. */
export function addressOfRecord(uri: SipUri): string {
  return `${uri.user.toLowerCase()}@${uri.host}`;
}

/** Quotes a display name for a header (RFC 3261 25.1 quoted-string). */
export function quoteDisplayName(name: string): string {
  return `"${name.replace(/["\\]/g, '\\$&')}"`;
}

/** True if `text` is an RFC 3261 token. */
export function isToken(text: string): boolean {
  return TOKEN_RE.test(text);
}
