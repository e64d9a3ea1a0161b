/**
 * Which characters may never travel inside a SIP header value, and how to clean remote text.
 *
 * RFC 3261 §7.3.1 / §25.1: a header value is TEXT-UTF8 separated by LWS; CR and LF end the
 * header line, so any line break inside a value we send would start a new header (injection).
 * We are stricter than the grammar and also refuse the other C0 controls, DEL, the C1 block
 * (which contains NEL, U+0085, a line break for some stacks and renderers) and the Unicode
 * LINE / PARAGRAPH SEPARATORs (U+2028, U+2029), because none of them belongs in a subject line.
 *
 * Written as char-code checks instead of a regular expression so that ESLint's
 * no-control-regex rule stays meaningful for the rest of the code base.
 */

/** True for C0 controls (incl. TAB, CR, LF, NUL), DEL, C1 controls (incl. NEL) and U+2028/U+2029. */
export function isControlCharCode(code: number): boolean {
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Index of the first character that must not appear in an outgoing header value, or -1.
 * Besides control characters this flags lone UTF-16 surrogates: they cannot be encoded as
 * UTF-8 (RFC 3261 §7.3.1 requires UTF-8 text), so the transport would silently replace them.
 */
export function findUnsafeHeaderChar(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isControlCharCode(code)) return i;
    if (isHighSurrogate(code)) {
      if (i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
        i++;
        continue;
      }
      return i;
    }
    if (isLowSurrogate(code)) return i;
  }
  return -1;
}

/** Removes every control character (see {@link isControlCharCode}) from remote text meant for display. */
export function stripControlChars(text: string): string {
  let out = '';
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    if (isControlCharCode(text.charCodeAt(i))) {
      out += text.slice(runStart, i);
      runStart = i + 1;
    }
  }
  return runStart === 0 ? text : out + text.slice(runStart);
}
