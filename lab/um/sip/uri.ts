/**
 * SIP URIs and name-addr values (RFC 3261 19.1, 20.10, 25.1), reduced to
 * what the voicemail server needs: user, host, port and parameters.
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
  /** Header parameters after the URI (tag, ...), keys lower-cased. */
  params: Map<string, string>;
}

const HOST_RE = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)$/;

function unescapeUser(user: string): string {
  try {
    return decodeURIComponent(user);
  } catch {
    return user;
  }
}

function parseParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of text.split(';')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const key = (eq >= 0 ? part.slice(0, eq) : part).trim().toLowerCase();
    const value = eq >= 0 ? part.slice(eq + 1).trim() : '';
    if (key) params.set(key, value);
  }
  return params;
}

/** Parses `sip:user@host:port;params?headers`. Returns undefined for anything else. */
export function parseSipUri(text: string): SipUri | undefined {
  const trimmed = text.trim();
  const m = /^(sips?):([^?]*)(\?.*)?$/i.exec(trimmed);
  if (!m) return undefined;
  const scheme = (m[1] ?? '').toLowerCase() as 'sip' | 'sips';
  const rest = m[2] ?? '';
  const semi = rest.indexOf(';');
  const hostPart = semi >= 0 ? rest.slice(0, semi) : rest;
  const params = parseParams(semi >= 0 ? rest.slice(semi + 1) : '');
  const at = hostPart.lastIndexOf('@');
  const userInfo = at >= 0 ? hostPart.slice(0, at) : '';
  const hostPort = at >= 0 ? hostPart.slice(at + 1) : hostPart;
  const user = unescapeUser(userInfo.split(':')[0] ?? '');
  const hp = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(hostPort);
  if (!hp) return undefined;
  const host = (hp[1] ?? '').toLowerCase();
  if (!HOST_RE.test(host)) return undefined;
  const port = hp[2] === undefined ? undefined : Number(hp[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return { scheme, user, host, port, params, text: trimmed };
}

/**
 * Parses a From/To/Contact/Diversion value: `"Name" <uri>;params`,
 * `Name <uri>;params` or a bare addr-spec `uri;params` (then the
 * parameters belong to the header, RFC 3261 20.10).
 */
export function parseNameAddr(value: string): NameAddr | undefined {
  const text = value.trim();
  const lt = text.indexOf('<');
  if (lt >= 0) {
    const gt = text.indexOf('>', lt);
    if (gt < 0) return undefined;
    const uri = parseSipUri(text.slice(lt + 1, gt));
    if (!uri) return undefined;
    let display = text.slice(0, lt).trim();
    if (display.startsWith('"') && display.endsWith('"') && display.length >= 2) {
      display = display.slice(1, -1).replace(/\\(.)/g, '$1');
    }
    return { displayName: display, uri, params: parseParams(text.slice(gt + 1)) };
  }
  const semi = text.indexOf(';');
  const uri = parseSipUri(semi >= 0 ? text.slice(0, semi) : text);
  if (!uri) return undefined;
  return { displayName: '', uri, params: parseParams(semi >= 0 ? text.slice(semi + 1) : '') };
}

/** `user@host` in lower case, the identity two URIs are compared by here. */
export function addressOfRecord(uri: SipUri): string {
  return `${uri.user.toLowerCase()}@${uri.host}`;
}

/** Quotes a display name for a header (RFC 3261 25.1 quoted-string). */
export function quoteDisplayName(name: string): string {
  return `"${name.replace(/["\\]/g, '\\$&')}"`;
}
