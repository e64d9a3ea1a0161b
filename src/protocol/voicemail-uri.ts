/**
 * The Request-URI that reaches a user's Exchange UM mailbox (subscriber access, MS-OCEXUM 1.3 and
 * the 4.1 example: `INVITE sip:alice@contoso.com;opaque=app:voicemail SIP/2.0`).
 */
import { InvalidSipUriError } from './invalid-sip-uri-error';
import { parseNameAddr } from './name-addr';
import { parseSipUri } from './sip-uri';

/** Value of the `opaque` URI parameter that routes a call to voicemail (MS-OCEXUM 4.1). */
export const VOICEMAIL_OPAQUE = 'app:voicemail';

const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** Adds `sip:` to `alice@contoso.com`, but only when the text cannot already have a scheme. */
function withDefaultScheme(uri: string): string {
  const at = uri.indexOf('@');
  const colon = uri.indexOf(':');
  const schemeless = at > 0 && (colon < 0 || colon > at);
  return schemeless && !HAS_SCHEME.test(uri.slice(0, at + 1)) ? `sip:${uri}` : uri;
}

/**
 * Voicemail URI for an address of record: `sip:alice@contoso.com` ->
 * `sip:alice@contoso.com;opaque=app:voicemail`.
 *
 * - Accepts `sip:` and `sips:` (kept as given, scheme lower-cased), a URI in angle brackets or
 *   with a display name and header parameters (only the URI is used), and a scheme-less
 *   `alice@contoso.com` (taken as `sip:`).
 * - Any existing `opaque` parameter, whatever its case, is replaced so the result has exactly one
 *   (appended last); other URI parameters are kept in order.
 * - URI headers (`?subject=...`) are dropped: RFC 3261 §19.1.1 (Table 1) does not allow headers
 *   in a Request-URI, and §19.1.5 would turn them into headers of our INVITE.
 *
 * @throws InvalidSipUriError when `aor` is not a SIP/SIPS address (tel:, garbage, spaces, CR/LF).
 */
export function voicemailUri(aor: string): string {
  if (typeof aor !== 'string') throw new InvalidSipUriError();
  const address = parseNameAddr(aor, 'uri');
  const uri = address ? parseSipUri(withDefaultScheme(address.uri)) : undefined;
  if (!uri) throw new InvalidSipUriError();

  const kept = uri.params.filter((param) => param.name !== 'opaque').map((param) => `;${param.raw}`);
  return `${uri.scheme}:${uri.authority}${kept.join('')};opaque=${VOICEMAIL_OPAQUE}`;
}
