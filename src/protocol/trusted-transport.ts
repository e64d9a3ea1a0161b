/**
 * Whether the WebSocket to the SIP server counts as a trusted transport.
 *
 * MS-OCEXUM 3.1: UM skips the PIN prompt for `Ms-Exchange-Command: skip-pin` only when the
 * INVITE arrives over a trusted transport such as TLS, and 2.1 requires TCP or TLS. In a browser
 * that means `wss:` (TLS). Plain `ws:` is accepted only to this machine's loopback interface (a
 * local proxy or test lab), where nothing crosses the network in clear text.
 */

// WHATWG URL has already canonicalised IPv4 forms (127.1, 0x7f.0.0.1, 2130706433 -> dotted quad).
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  const match = IPV4.exec(hostname);
  if (!match) return false;
  const octets = match.slice(1).map(Number);
  // RFC 1122 §3.2.1.3: all of 127.0.0.0/8 is loopback.
  return octets[0] === 127 && octets.every((octet) => octet <= 255);
}

/**
 * True for `wss:` URLs and for `ws:` URLs whose host is exactly `localhost`, an address in
 * 127.0.0.0/8 or `[::1]`. False for everything else, including unparsable text, non-strings and
 * look-alikes such as `ws://127.0.0.1.evil.com`, `ws://localhost.evil.com` or `ws://user@evil.com`
 * (the hostname is taken from the parsed URL, never from the raw text). Never throws.
 */
export function isTrustedTransport(serverUrl: string): boolean {
  return isTrustedUrl(serverUrl, 'wss:', 'ws:');
}

/** `text` parsed: any host with the `secure` scheme, a loopback host with the `plain` one. */
function isTrustedUrl(text: string, secure: string, plain: string): boolean {
  if (typeof text !== 'string') return false;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol === secure) return url.hostname !== '';
  if (url.protocol === plain) return isLoopbackHost(url.hostname);
  return false;
}

/**
 * The same rule for the voicemail web API, which signs in with the SIP password (HTTP Digest): an
 * MD5 answer seen in clear text lets its captor try passwords offline, and `qop=auth` does not cover
 * a request's body. True for `https:` URLs, and for `http:` only to loopback (as `ws:` above).
 */
export function isTrustedWebApi(apiUrl: string): boolean {
  return isTrustedUrl(apiUrl, 'https:', 'http:');
}
