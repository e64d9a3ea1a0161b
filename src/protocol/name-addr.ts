/**
 * Splitting and parsing of address header values: From, To, Contact (RFC 3261 §20.10, §20.20,
 * §20.39; grammar in §25.1: name-addr / addr-spec followed by header parameters).
 *
 * Quoted strings (display names and quoted parameter values) may legally contain `,`, `;`, `<`
 * and `>`, so every scan below tracks quoting; a naive split would let a display name such as
 * `"Doe, John <sip:boss@contoso.com>"` smuggle in a different address. Nothing here throws.
 */

export interface HeaderParam {
  /** Parameter name, lower-cased: RFC 3261 §7.3.1 generic-param names compare case-insensitively. */
  readonly name: string;
  /** Raw value after `=` (quotes kept), or undefined for a valueless parameter such as `;automata`. */
  readonly value: string | undefined;
}

export interface NameAddr {
  /** Display name without quotes, or undefined when absent. */
  readonly displayName: string | undefined;
  /** The URI text without angle brackets, trimmed, otherwise as written. */
  readonly uri: string;
  /** Header parameters (after `>` or, for an unbracketed value, after the URI). */
  readonly params: readonly HeaderParam[];
  /** Whether the URI was written inside `<` `>`. */
  readonly bracketed: boolean;
}

/**
 * How to read parameters after a URI that is not in angle brackets.
 * - `header`: as RFC 3261 §20.10 says for header fields: "all URI parameters ... after the URI are
 *   header parameters" when there are no brackets (so `Contact: sip:x@y;automata` carries the
 *   header parameter `automata`).
 * - `uri`: the whole text is one URI; used where callers hand us a bare URI such as an AOR.
 */
export type BareParamMode = 'header' | 'uri';

function isLws(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\r' || char === '\n';
}

/** Index of the `"` closing the quoted string that opens at `start`, honouring `\` escapes (§25.1 quoted-pair). */
function findClosingQuote(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') i++;
    else if (char === '"') return i;
  }
  return -1;
}

/** Removes surrounding double quotes and resolves `\x` quoted-pairs; other text is returned as is. */
export function unquote(value: string): string {
  if (value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) return value;
  let out = '';
  for (let i = 1; i < value.length - 1; i++) {
    const char = value[i];
    if (char === '\\' && i + 1 < value.length - 1) {
      i++;
      out += value[i];
    } else {
      out += char;
    }
  }
  return out;
}

/**
 * Splits a header value into its comma-separated elements (RFC 3261 §7.3.1: a header holding a
 * comma-separated list is equivalent to several headers of the same name). Commas inside quoted
 * strings or inside `<...>` do not split. Empty elements are dropped.
 */
export function splitHeaderValues(value: string): string[] {
  const parts: string[] = [];
  let inQuote = false;
  let inAngle = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    if (inQuote) {
      if (char === '\\') i++;
      else if (char === '"') inQuote = false;
    } else if (char === '"') {
      inQuote = true;
    } else if (char === '<') {
      inAngle = true;
    } else if (char === '>') {
      inAngle = false;
    } else if (char === ',' && !inAngle) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

/**
 * Parses `;name[=value]` header parameters (RFC 3261 §25.1 generic-param; values may be quoted
 * strings containing `;`). Returns undefined when the text is not a parameter list.
 */
export function parseHeaderParams(text: string): HeaderParam[] | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  if (!trimmed.startsWith(';')) return undefined;

  const pieces: string[] = [];
  let inQuote = false;
  let start = 1;
  for (let i = 1; i < trimmed.length; i++) {
    const char = trimmed[i];
    if (inQuote) {
      if (char === '\\') i++;
      else if (char === '"') inQuote = false;
    } else if (char === '"') {
      inQuote = true;
    } else if (char === ';') {
      pieces.push(trimmed.slice(start, i));
      start = i + 1;
    }
  }
  if (inQuote) return undefined;
  pieces.push(trimmed.slice(start));

  const params: HeaderParam[] = [];
  for (const piece of pieces) {
    const eq = piece.indexOf('=');
    const name = (eq < 0 ? piece : piece.slice(0, eq)).trim().toLowerCase();
    if (name === '') {
      // `;;` is sloppy but harmless; `;=x` is not a parameter at all.
      if (piece.trim() === '') continue;
      return undefined;
    }
    params.push({ name, value: eq < 0 ? undefined : piece.slice(eq + 1).trim() });
  }
  return params;
}

/**
 * Parses one address element: `"Display" <uri>;params`, `Display <uri>;params`, `<uri>;params`
 * or a bare `uri;params`. Returns undefined for text that is none of these (unterminated quote
 * or bracket, junk between `>` and the parameters, empty URI).
 */
export function parseNameAddr(value: string, bareParams: BareParamMode = 'header'): NameAddr | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return undefined;

  let displayName: string | undefined;
  let open = -1;
  if (text.startsWith('"')) {
    const close = findClosingQuote(text, 0);
    if (close < 0) return undefined;
    displayName = unquote(text.slice(0, close + 1));
    let i = close + 1;
    while (isLws(text[i])) i++;
    if (text[i] !== '<') return undefined;
    open = i;
  } else {
    for (let i = 0; i < text.length; i++) {
      const char = text[i];
      if (char === '<') {
        open = i;
        break;
      }
      // A `;` before any `<` means this is an unbracketed addr-spec with parameters.
      if (char === ';') break;
      // A quote in the middle of a token display name is not valid RFC 3261 syntax.
      if (char === '"') return undefined;
    }
    if (open >= 0) {
      const token = text.slice(0, open).trim();
      displayName = token === '' ? undefined : token;
    }
  }

  if (open >= 0) {
    const close = text.indexOf('>', open + 1);
    if (close < 0) return undefined;
    const uri = text.slice(open + 1, close).trim();
    const params = parseHeaderParams(text.slice(close + 1));
    if (uri === '' || params === undefined) return undefined;
    return { displayName, uri, params, bracketed: true };
  }

  if (bareParams === 'uri') return { displayName: undefined, uri: text, params: [], bracketed: false };
  const semi = text.indexOf(';');
  const uri = (semi < 0 ? text : text.slice(0, semi)).trim();
  const params = semi < 0 ? [] : parseHeaderParams(text.slice(semi));
  if (uri === '' || params === undefined) return undefined;
  return { displayName: undefined, uri, params, bracketed: false };
}
