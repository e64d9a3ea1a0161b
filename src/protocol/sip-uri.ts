/**
 * Structural parser for SIP and SIPS URIs (RFC 3261 §19.1.1, grammar in §25.1).
 *
 * It is deliberately small: it splits a URI into the components that RFC 3261 §19.1.4
 * comparison and MS-OCEXUM 4.1 (voicemail Request-URI) need, and refuses anything that could
 * not be a single URI (whitespace, controls, angle brackets, quotes). It never throws.
 */
import { isControlCharCode } from './control-characters';

export interface SipUriParam {
  /** Parameter name, lower-cased (RFC 3261 §19.1.4: parameter names compare case-insensitively). */
  readonly name: string;
  /** Raw value after `=`, or undefined for a valueless parameter such as `;lr`. */
  readonly value: string | undefined;
  /** The parameter exactly as written, without the leading `;`. */
  readonly raw: string;
}

export interface SipUriHeader {
  readonly name: string;
  readonly value: string;
}

export interface SipUri {
  readonly scheme: 'sip' | 'sips';
  /** Raw (still escaped) user part, undefined when the URI has no userinfo. */
  readonly user: string | undefined;
  readonly password: string | undefined;
  /** Host as written: hostname, IPv4 address or bracketed IPv6 reference. */
  readonly host: string;
  readonly port: number | undefined;
  readonly params: readonly SipUriParam[];
  readonly headers: readonly SipUriHeader[];
  /** `userinfo@hostport` exactly as written, for re-serialisation. */
  readonly authority: string;
}

/** Longest URI we are willing to look at; real AORs and Request-URIs are far shorter. */
export const MAX_SIP_URI_LENGTH = 4096;

const HOSTNAME = /^[A-Za-z0-9._-]+$/;
const IPV6_REFERENCE = /^\[[0-9A-Fa-f:.]+\]$/;
const PORT = /^[0-9]{1,5}$/;

function hasForbiddenChar(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Space, controls and the delimiters of name-addr (RFC 3261 §25.1 LAQUOT/RAQUOT/DQUOTE) can
    // never be part of one URI; seeing them means the caller handed us more than a URI.
    if (isControlCharCode(code) || code === 0x20 || code === 0x3c || code === 0x3e || code === 0x22) {
      return true;
    }
  }
  return false;
}

function parseParams(text: string | undefined): SipUriParam[] | undefined {
  if (text === undefined) return [];
  const params: SipUriParam[] = [];
  for (const raw of text.split(';')) {
    // A trailing or doubled `;` is sloppy but harmless, so skip it rather than reject the URI.
    if (raw === '') continue;
    const eq = raw.indexOf('=');
    const name = (eq < 0 ? raw : raw.slice(0, eq)).toLowerCase();
    if (name === '') return undefined;
    params.push({ name, value: eq < 0 ? undefined : raw.slice(eq + 1), raw });
  }
  return params;
}

function parseHeaders(text: string | undefined): SipUriHeader[] | undefined {
  if (text === undefined) return [];
  const headers: SipUriHeader[] = [];
  for (const raw of text.split('&')) {
    if (raw === '') continue;
    const eq = raw.indexOf('=');
    const name = eq < 0 ? raw : raw.slice(0, eq);
    if (name === '') return undefined;
    headers.push({ name, value: eq < 0 ? '' : raw.slice(eq + 1) });
  }
  return headers;
}

function parseHostPort(text: string): { host: string; port: number | undefined } | undefined {
  let host: string;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return undefined;
    host = text.slice(0, close + 1);
    const rest = text.slice(close + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) return undefined;
      portText = rest.slice(1);
    }
    if (!IPV6_REFERENCE.test(host)) return undefined;
  } else {
    const colon = text.indexOf(':');
    host = colon < 0 ? text : text.slice(0, colon);
    portText = colon < 0 ? undefined : text.slice(colon + 1);
    if (!HOSTNAME.test(host)) return undefined;
  }
  if (portText === undefined) return { host, port: undefined };
  if (!PORT.test(portText)) return undefined;
  const port = Number(portText);
  return port <= 65535 ? { host, port } : undefined;
}

/**
 * Parses `sip:` / `sips:` URIs (scheme case-insensitive). Returns undefined for anything else,
 * including name-addr forms (`"Alice" <sip:...>`): unwrap those first (see name-addr.ts).
 *
 * Known simplification: RFC 3261 §25.1 lets the user part contain an unescaped `?`; we treat the
 * first `?` before any `@` as the start of the headers instead, because an unescaped `@` inside a
 * header value (`?to=sip:bob@x`) is the far more common mistake in the wild. Escape it as %3F.
 */
export function parseSipUri(text: string): SipUri | undefined {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_SIP_URI_LENGTH) return undefined;
  if (hasForbiddenChar(text)) return undefined;

  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  const scheme = text.slice(0, colon).toLowerCase();
  if (scheme !== 'sip' && scheme !== 'sips') return undefined;
  const rest = text.slice(colon + 1);

  const at = rest.indexOf('@');
  const question = rest.indexOf('?');
  const hasUserinfo = at >= 0 && (question < 0 || at < question);
  let user: string | undefined;
  let password: string | undefined;
  let afterUserinfo = rest;
  if (hasUserinfo) {
    const userinfo = rest.slice(0, at);
    const pw = userinfo.indexOf(':');
    user = pw < 0 ? userinfo : userinfo.slice(0, pw);
    password = pw < 0 ? undefined : userinfo.slice(pw + 1);
    if (user === '') return undefined;
    afterUserinfo = rest.slice(at + 1);
  }

  const headerStart = afterUserinfo.indexOf('?');
  const main = headerStart < 0 ? afterUserinfo : afterUserinfo.slice(0, headerStart);
  const headersText = headerStart < 0 ? undefined : afterUserinfo.slice(headerStart + 1);
  const paramStart = main.indexOf(';');
  const hostPortText = paramStart < 0 ? main : main.slice(0, paramStart);
  const paramsText = paramStart < 0 ? undefined : main.slice(paramStart + 1);

  const hostPort = parseHostPort(hostPortText);
  const params = parseParams(paramsText);
  const headers = parseHeaders(headersText);
  if (!hostPort || !params || !headers) return undefined;

  const authorityLength = (hasUserinfo ? at + 1 : 0) + hostPortText.length;
  return {
    scheme,
    user,
    password,
    host: hostPort.host,
    port: hostPort.port,
    params,
    headers,
    authority: rest.slice(0, authorityLength),
  };
}

// RFC 3261 §25.1 `reserved`: escaping one of these changes meaning, so %3B is not `;`.
const RESERVED = new Set([';', '/', '?', ':', '@', '&', '=', '+', '$', ',']);

/**
 * Canonical form of a URI component for comparison. RFC 3261 §19.1.4: "Characters other than
 * those in the reserved set are equivalent to their % HEX HEX encoding", so `%61` becomes `a`.
 * Reserved characters, `%` itself and non-printable bytes stay escaped (with upper-case hex so
 * `%3b` and `%3B` still match).
 */
export function normalizeEscapes(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_match, hex: string) => {
    const code = parseInt(hex, 16);
    const char = String.fromCharCode(code);
    if (code > 0x20 && code < 0x7f && code !== 0x25 && !RESERVED.has(char)) return char;
    return `%${hex.toUpperCase()}`;
  });
}
