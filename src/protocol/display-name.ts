/**
 * A display name made safe to put between the quotes of an outgoing From/To (RFC 3261 §25.1
 * quoted-string: `\` and `"` travel as quoted-pairs). Control characters are dropped, since a CR or
 * LF would end the header line and start a header of the caller's choosing. SIP.js adds the
 * surrounding quotes itself but escapes nothing.
 */
import { stripControlChars } from './control-characters';

export function quotedStringContent(text: string): string {
  return stripControlChars(text).replace(/[\\"]/g, (c) => `\\${c}`);
}

/**
 * Whether a digest user name can be sent as a quoted-string without escaping (RFC 7616 §3.4: the
 * username is hashed as typed, so we refuse rather than escape): no quote, backslash or control.
 */
export function isSafeDigestUsername(text: string): boolean {
  return stripControlChars(text) === text && !/[\\"]/.test(text);
}
