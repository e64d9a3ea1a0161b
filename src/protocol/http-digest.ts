import { md5Hex } from './md5';

/**
 * The client side of HTTP Digest authentication (RFC 7616, MD5, qop=auth), used by the phone to
 * prove to the voicemail server's web API that it is the mailbox owner with the same credentials
 * it registers with.
 */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque?: string;
  qop?: string;
  algorithm?: string;
}

/** Parses a `WWW-Authenticate: Digest …` value; undefined when it isn't a usable MD5 digest challenge. */
export function parseDigestChallenge(header: string | null | undefined): DigestChallenge | undefined {
  if (typeof header !== 'string') return undefined;
  const m = /^\s*Digest\s+(.*)$/is.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  // A name starts only where no name character precedes it: without the look-behind, a long run of
  // letters with no `=` was rescanned from each of its characters (quadratic in the header).
  const re = /(?<![a-z0-9_-])([a-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/gi;
  for (let p = re.exec(m[1] ?? ''); p; p = re.exec(m[1] ?? '')) {
    params[(p[1] ?? '').toLowerCase()] = (p[2] ?? p[3] ?? '').replace(/\\(.)/g, '$1');
  }
  const { realm, nonce } = params;
  if (realm === undefined || !nonce) return undefined;
  const algorithm = params.algorithm;
  if (algorithm && algorithm.toUpperCase() !== 'MD5') return undefined;
  return { realm, nonce, opaque: params.opaque, qop: params.qop, algorithm };
}

export interface DigestCredentials {
  username: string;
  password: string;
}

/** Quoted-string per RFC 7230 §3.2.6; control characters are refused so no header can be split. */
function quoted(value: string): string {
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(value))
    throw new Error('Digest values may not contain control characters.');
  return `"${value.replace(/(["\\])/g, '\\$1')}"`;
}

/** Builds the `Authorization` value answering `challenge` for `method uri`. */
export function digestAuthorization(
  challenge: DigestChallenge,
  credentials: DigestCredentials,
  method: string,
  uri: string,
  cnonce: string,
  nc = 1,
): string {
  const ha1 = md5Hex(`${credentials.username}:${challenge.realm}:${credentials.password}`);
  const ha2 = md5Hex(`${method}:${uri}`);
  const qopAuth = (challenge.qop ?? '')
    .split(',')
    .map((q) => q.trim().toLowerCase())
    .includes('auth');
  const ncHex = nc.toString(16).padStart(8, '0');
  const response = qopAuth
    ? md5Hex(`${ha1}:${challenge.nonce}:${ncHex}:${cnonce}:auth:${ha2}`)
    : md5Hex(`${ha1}:${challenge.nonce}:${ha2}`);
  const parts = [
    `username=${quoted(credentials.username)}`,
    `realm=${quoted(challenge.realm)}`,
    `nonce=${quoted(challenge.nonce)}`,
    `uri=${quoted(uri)}`,
    'algorithm=MD5',
    `response="${response}"`,
  ];
  if (challenge.opaque !== undefined) parts.push(`opaque=${quoted(challenge.opaque)}`);
  if (qopAuth) parts.push('qop=auth', `nc=${ncHex}`, `cnonce=${quoted(cnonce)}`);
  return `Digest ${parts.join(', ')}`;
}
