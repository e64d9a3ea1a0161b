/**
 * SIP URI equality, RFC 3261 §19.1.4.
 *
 * MS-OCEXUM 3.2 says the URIs in From and To of a Play-On-Phone INVITE "MUST match"; we read
 * "match" as RFC 3261 URI equality rather than string equality, so `<sip:alice@contoso.com>` and
 * `"Alice" <sip:alice@CONTOSO.com>;tag=1` are the same address while `sip:alice@contoso.com:5060`
 * is not.
 */
import { parseNameAddr } from './name-addr';
import { normalizeEscapes, parseSipUri, type SipUri, type SipUriParam } from './sip-uri';

// RFC 3261 §19.1.4: "A URI omitting the user, ttl, method, maddr or transport parameters will not
// match a URI that contains one of those parameters" (their defaults change routing).
const MUST_MATCH_PARAMS: ReadonlySet<string> = new Set(['user', 'ttl', 'method', 'maddr', 'transport']);

/** Accepts a bare URI or a name-addr (`"Alice" <sip:...>;tag=x`) and returns the parsed URI. */
function toSipUri(input: unknown): SipUri | undefined {
  if (typeof input !== 'string') return undefined;
  // For a bare string the whole text is the URI: a caller comparing `sip:a@h;transport=tcp` means
  // the URI parameter, not a header parameter.
  const nameAddr = parseNameAddr(input, 'uri');
  return nameAddr ? parseSipUri(nameAddr.uri) : undefined;
}

function sameOptional(a: string | undefined, b: string | undefined, caseSensitive: boolean): boolean {
  if (a === undefined || b === undefined) return a === b;
  const na = normalizeEscapes(a);
  const nb = normalizeEscapes(b);
  return caseSensitive ? na === nb : na.toLowerCase() === nb.toLowerCase();
}

/** First occurrence wins: RFC 3261 §19.1.1 forbids repeating a parameter name. */
function paramMap(params: readonly SipUriParam[]): Map<string, string | undefined> {
  const map = new Map<string, string | undefined>();
  for (const param of params) {
    if (!map.has(param.name)) map.set(param.name, param.value);
  }
  return map;
}

function paramsMatch(a: readonly SipUriParam[], b: readonly SipUriParam[]): boolean {
  const ma = paramMap(a);
  const mb = paramMap(b);
  for (const name of new Set([...ma.keys(), ...mb.keys()])) {
    const inA = ma.has(name);
    const inB = mb.has(name);
    if (inA && inB) {
      // "Any uri-parameter appearing in both URIs must match."
      if (!sameOptional(ma.get(name), mb.get(name), false)) return false;
    } else if (MUST_MATCH_PARAMS.has(name)) {
      return false;
    }
    // "All other uri-parameters appearing in only one URI are ignored when comparing."
  }
  return true;
}

function headerKey(header: { name: string; value: string }): string {
  // Header names compare case-insensitively (RFC 3261 §7.3.1). Values are compared exactly after
  // unescaping: §19.1.4 defers to each header's own rules in §20, and being strict can only make
  // a Play-On-Phone decision fail closed.
  return `${normalizeEscapes(header.name).toLowerCase()}=${normalizeEscapes(header.value)}`;
}

function headersMatch(a: SipUri, b: SipUri): boolean {
  // "URI header components are never ignored. Any present header component MUST be present in
  // both URIs and match"; order does not matter (the RFC's own example swaps them).
  if (a.headers.length !== b.headers.length) return false;
  const ka = a.headers.map(headerKey).sort();
  const kb = b.headers.map(headerKey).sort();
  return ka.every((key, i) => key === kb[i]);
}

/**
 * True when `a` and `b` denote the same SIP/SIPS URI under RFC 3261 §19.1.4:
 * - display names and header parameters (tag, epid, ...) are ignored; both bare URIs and
 *   name-addr forms are accepted;
 * - `sip` never equals `sips`; scheme and host compare case-insensitively;
 * - user and password compare case-sensitively; `%HH` escapes of unreserved characters equal the
 *   character (`%61` == `a`);
 * - a port present in only one URI makes them differ (`sip:a@h` != `sip:a@h:5060`);
 * - user, ttl, method, maddr and transport parameters must match if present in either URI;
 *   other parameters must match (case-insensitively) only when present in both;
 * - URI headers (`?...`) must all match.
 * Anything that is not a parsable SIP/SIPS URI (tel:, garbage, non-strings) is never equal.
 */
export function sipUriEquals(a: string, b: string): boolean {
  const ua = toSipUri(a);
  const ub = toSipUri(b);
  if (!ua || !ub) return false;
  return (
    ua.scheme === ub.scheme &&
    sameOptional(ua.user, ub.user, true) &&
    sameOptional(ua.password, ub.password, true) &&
    normalizeEscapes(ua.host).toLowerCase() === normalizeEscapes(ub.host).toLowerCase() &&
    ua.port === ub.port &&
    paramsMatch(ua.params, ub.params) &&
    headersMatch(ua, ub)
  );
}
