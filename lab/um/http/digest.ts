/**
 * HTTP Digest access authentication, server side (RFC 7616): qop=auth,
 * algorithm MD5 (challenged; what the phone's SIP stack already computes)
 * or SHA-256 (accepted). Realm = the SIP domain, credentials = the users'
 * SIP credentials.
 *
 * Nonces are stateless until used: `time.random.HMAC(secret, time.random)`,
 * so they cannot be forged and expire after `nonceLifetimeMs` (then 401 with
 * stale=true and a fresh nonce). Replays are refused by the nonce count (nc):
 * each count of a nonce is accepted once (RFC 7616 3.4: a count seen twice is
 * a replay). A count may arrive below the highest one accepted, inside a
 * window of NC_WINDOW: a client sends several requests at once over parallel
 * connections and they need not arrive in the order it counted them. Counts
 * below the window are refused, so the state per nonce stays two numbers.
 *
 * That count is kept for every nonce until the nonce itself expires, never
 * less: forgetting it earlier would let a captured request be replayed
 * within the nonce's lifetime. State is only created by a request with valid
 * credentials, belongs to that user (another user presenting the nonce is
 * refused), and each user may hold at most `maxNoncesPerUser` live nonces:
 * beyond that, a new nonce is refused (the user's live nonces keep working)
 * instead of evicting anybody's replay protection.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type DigestAlgorithm = 'MD5' | 'SHA-256';

export interface DigestAuthOptions {
  realm: string;
  /** The user's password, or undefined for an unknown user. */
  password: (user: string) => string | undefined;
  nonceLifetimeMs?: number;
  /** Key for nonce HMACs (random per server by default). */
  secret?: Buffer;
  now?: () => number;
  /** Live (used, not yet expired) nonces a user may hold. Default 1000. */
  maxNoncesPerUser?: number;
}

export type DigestVerdict = { ok: true; user: string } | { ok: false; stale: boolean; reason: string };

const DEFAULT_MAX_NONCES_PER_USER = 1000;

/** How far below the highest accepted count a count may still arrive (the replay window). */
export const NC_WINDOW = 32;

/** What is remembered about a nonce once it has been used. */
interface NonceState {
  user: string;
  /** Highest nc accepted. */
  count: number;
  /** The counts accepted in the window below it: bit i set = count - 1 - i was accepted. */
  below: number;
  /** When the nonce expires (issue time + lifetime); the entry goes then, not before. */
  expiresAt: number;
}

export function hashHex(algorithm: DigestAlgorithm, text: string): string {
  return createHash(algorithm === 'MD5' ? 'md5' : 'sha256')
    .update(text, 'utf8')
    .digest('hex');
}

export interface DigestResponseInput {
  algorithm: DigestAlgorithm;
  username: string;
  realm: string;
  password: string;
  method: string;
  uri: string;
  nonce: string;
  nc: string;
  cnonce: string;
  qop: 'auth';
}

/** The `response` value (RFC 7616 3.4.1): KD(H(A1), nonce:nc:cnonce:qop:H(A2)). */
export function digestResponse(input: DigestResponseInput): string {
  const h = (text: string) => hashHex(input.algorithm, text);
  const ha1 = h(`${input.username}:${input.realm}:${input.password}`);
  const ha2 = h(`${input.method}:${input.uri}`);
  return h(`${ha1}:${input.nonce}:${input.nc}:${input.cnonce}:${input.qop}:${ha2}`);
}

/**
 * Parses the parameters of a `Digest ...` credentials or challenge value
 * (auth-params, RFC 7235 2.1: token=token or token="quoted").
 * Returns undefined if it is not Digest or malformed.
 */
export function parseDigestParams(value: string): Map<string, string> | undefined {
  const m = /^\s*Digest\s+(.*)$/is.exec(value);
  if (!m) return undefined;
  const text = m[1] ?? '';
  const params = new Map<string, string>();
  const re = /\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))\s*(?:,|$)/gy;
  let index = 0;
  while (index < text.length) {
    re.lastIndex = index;
    const part = re.exec(text);
    if (!part || part[0] === '') return undefined;
    const key = (part[1] ?? '').toLowerCase();
    const raw = part[2] !== undefined ? part[2].replace(/\\(.)/g, '$1') : (part[3] ?? '');
    if (params.has(key)) return undefined; // a parameter given twice is ambiguous
    params.set(key, raw);
    index = re.lastIndex;
  }
  return params;
}

export class DigestAuth {
  private readonly secret: Buffer;
  private readonly lifetime: number;
  private readonly now: () => number;
  readonly opaque: string;
  private readonly maxPerUser: number;
  /** nonce → its state, for every used nonce that has not expired. */
  private readonly nonces = new Map<string, NonceState>();
  /** user → their live nonces (the per-user cap). */
  private readonly byUser = new Map<string, Set<string>>();
  private nextSweep = 0;

  constructor(private readonly options: DigestAuthOptions) {
    this.secret = options.secret ?? randomBytes(32);
    this.lifetime = options.nonceLifetimeMs ?? 5 * 60 * 1000;
    this.now = options.now ?? Date.now;
    this.maxPerUser = options.maxNoncesPerUser ?? DEFAULT_MAX_NONCES_PER_USER;
    this.opaque = createHmac('sha256', this.secret).update('opaque').digest('hex').slice(0, 32);
  }

  /** A new nonce. */
  nonce(): string {
    const payload = `${this.now().toString(36)}.${randomBytes(9).toString('base64url')}`;
    return `${payload}.${this.mac(payload)}`;
  }

  /** The WWW-Authenticate value of a 401 (RFC 7616 3.3). */
  challenge(stale = false): string {
    return (
      `Digest realm="${this.options.realm}", qop="auth", algorithm=MD5, nonce="${this.nonce()}", ` +
      `opaque="${this.opaque}"${stale ? ', stale=true' : ''}`
    );
  }

  /**
   * Checks an Authorization header for a request with `method` and request
   * target `uri` (path and query, as sent on the request line).
   */
  verify(method: string, uri: string, authorization: string | undefined): DigestVerdict {
    if (!authorization) return { ok: false, stale: false, reason: 'no credentials' };
    const p = parseDigestParams(authorization);
    if (!p) return { ok: false, stale: false, reason: 'not Digest credentials' };
    const username = p.get('username');
    const realm = p.get('realm');
    const nonce = p.get('nonce');
    const digestUri = p.get('uri');
    const response = p.get('response');
    const qop = p.get('qop');
    const nc = p.get('nc');
    const cnonce = p.get('cnonce');
    const algorithmText = (p.get('algorithm') ?? 'MD5').toUpperCase();
    if (!username || !realm || !nonce || !digestUri || !response || !qop || !nc || !cnonce)
      return { ok: false, stale: false, reason: 'incomplete credentials' };
    if (realm !== this.options.realm) return { ok: false, stale: false, reason: 'wrong realm' };
    if (qop !== 'auth') return { ok: false, stale: false, reason: 'qop must be auth' };
    if (algorithmText !== 'MD5' && algorithmText !== 'SHA-256')
      return { ok: false, stale: false, reason: 'unsupported algorithm' };
    if (!/^[0-9a-fA-F]{8}$/.test(nc)) return { ok: false, stale: false, reason: 'bad nc' };
    if (p.has('opaque') && p.get('opaque') !== this.opaque)
      return { ok: false, stale: false, reason: 'wrong opaque' };
    // RFC 7616 3.4.6: the digest-uri must be the request target.
    if (digestUri !== uri) return { ok: false, stale: false, reason: 'uri does not match the request' };
    const issued = this.checkNonce(nonce);
    if (issued === undefined) return { ok: false, stale: false, reason: 'unknown nonce' };
    const password = this.options.password(username);
    if (password === undefined) return { ok: false, stale: false, reason: 'unknown user' };
    const expected = digestResponse({
      algorithm: algorithmText,
      username,
      realm,
      password,
      method,
      uri: digestUri,
      nonce,
      nc,
      cnonce,
      qop: 'auth',
    });
    const a = Buffer.from(expected, 'utf8');
    const b = Buffer.from(response.toLowerCase(), 'utf8');
    if (a.length !== b.length || !timingSafeEqual(a, b))
      return { ok: false, stale: false, reason: 'wrong password' };
    // Right credentials on an expired nonce: the client only needs a new nonce.
    if (this.now() - issued > this.lifetime) return { ok: false, stale: true, reason: 'nonce expired' };
    const count = parseInt(nc, 16);
    this.sweep();
    const state = this.nonces.get(nonce);
    if (state) {
      if (state.user !== username) return { ok: false, stale: false, reason: 'nonce of another user' };
      if (!acceptCount(state, count)) return { ok: false, stale: false, reason: 'nonce count replayed' };
      return { ok: true, user: username };
    }
    if ((this.byUser.get(username)?.size ?? 0) >= this.maxPerUser) this.sweep(true);
    const live = this.byUser.get(username) ?? new Set<string>();
    if (live.size >= this.maxPerUser) return { ok: false, stale: false, reason: 'too many live nonces' };
    live.add(nonce);
    this.byUser.set(username, live);
    this.nonces.set(nonce, { user: username, count, below: 0, expiresAt: issued + this.lifetime });
    return { ok: true, user: username };
  }

  /** The time a nonce was issued, or undefined if it is not ours. */
  private checkNonce(nonce: string): number | undefined {
    const parts = nonce.split('.');
    if (parts.length !== 3) return undefined;
    const [time = '', random = '', mac = ''] = parts;
    const expected = this.mac(`${time}.${random}`);
    const a = Buffer.from(expected);
    const b = Buffer.from(mac);
    if (a.length !== b.length || !timingSafeEqual(a, b)) return undefined;
    const issued = parseInt(time, 36);
    return Number.isFinite(issued) ? issued : undefined;
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url').slice(0, 32);
  }

  /** Live nonces being tracked (for tests). */
  get trackedNonces(): number {
    return this.nonces.size;
  }

  /**
   * Drops the state of expired nonces (they are refused as stale anyway): at most once a second,
   * or now (`force`) before a user is told they hold too many.
   */
  private sweep(force = false): void {
    const now = this.now();
    if (!force && now < this.nextSweep) return;
    this.nextSweep = now + 1000;
    for (const [nonce, state] of this.nonces) {
      if (now - state.expiresAt <= 0) continue;
      this.nonces.delete(nonce);
      const live = this.byUser.get(state.user);
      live?.delete(nonce);
      if (live?.size === 0) this.byUser.delete(state.user);
    }
  }
}

/**
 * Records `count` for a nonce if it has not been accepted before: above the highest it moves the
 * window up; inside the window below it takes its bit; at or below the window's floor it is
 * refused (it could be a replay the window no longer remembers).
 */
function acceptCount(state: NonceState, count: number): boolean {
  if (count > state.count) {
    const shift = count - state.count;
    // The old highest becomes bit shift - 1; counts that fall out of the window are forgotten.
    // (JavaScript shifts by 32 as by 0: hence the explicit bounds.)
    const kept = shift >= NC_WINDOW ? 0 : state.below << shift;
    state.below = (kept | (shift <= NC_WINDOW ? 1 << (shift - 1) : 0)) >>> 0;
    state.count = count;
    return true;
  }
  const gap = state.count - count; // 0 = the highest itself
  if (gap === 0 || gap > NC_WINDOW) return false;
  const bit = 1 << (gap - 1);
  if ((state.below & bit) !== 0) return false;
  state.below = (state.below | bit) >>> 0;
  return true;
}
