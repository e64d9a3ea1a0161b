/**
 * Remote text (a display name, a Subject, a URI) made safe to show. The UI renders it as a text
 * node, so markup is already inert; what is left is text that lies about itself:
 * - bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069) can make
 *   "gpj.exe" read as "exe.jpg" or drag the rest of the line backwards (CVE-2021-42574,
 *   "Trojan Source"); they are removed, so text reads in its logical order;
 * - C0/C1 control characters (a raw CR, LF, NUL or ESC that slipped through) and the Unicode line
 *   and paragraph separators (U+2028, U+2029: a forced line break, so a name could fake a second
 *   line such as "Subject: …" under it) become a space.
 * Wrapping the result in `<bdi>` then keeps a right-to-left name from reordering what is around it.
 * The same goes for text outside the page: a notification's title and body, the tab's title.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u2028\u2029]/g;

export function displaySafeText(text: string): string {
  return text.replace(BIDI_CONTROLS, '').replace(CONTROL_CHARACTERS, ' ');
}
