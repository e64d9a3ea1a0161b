import { describe, expect, it } from 'vitest';
import { DigestAuth, NC_WINDOW, digestResponse, parseDigestParams, type DigestAlgorithm } from './digest';

const realm = 'umphone.test';
const passwords: Record<string, string> = { bob: 'bob-pass', alice: 'alice-pass' };

function makeAuth(now: () => number = Date.now, lifetime = 60000): DigestAuth {
  return new DigestAuth({ realm, password: (u) => passwords[u], nonceLifetimeMs: lifetime, now });
}

/** What a client sends after a challenge. */
function credentials(
  challenge: string,
  opts: {
    user?: string;
    password?: string;
    method?: string;
    uri?: string;
    nc?: string;
    algorithm?: DigestAlgorithm;
  } = {},
): string {
  const p = parseDigestParams(challenge);
  if (!p) throw new Error('bad challenge');
  const user = opts.user ?? 'bob';
  const method = opts.method ?? 'GET';
  const uri = opts.uri ?? '/um/messages';
  const nc = opts.nc ?? '00000001';
  const algorithm = opts.algorithm ?? 'MD5';
  const cnonce = 'f2wE4q74E6zIJEtW';
  const nonce = p.get('nonce') ?? '';
  const response = digestResponse({
    algorithm,
    username: user,
    realm: p.get('realm') ?? '',
    password: opts.password ?? passwords[user] ?? '',
    method,
    uri,
    nonce,
    nc,
    cnonce,
    qop: 'auth',
  });
  return (
    `Digest username="${user}", realm="${p.get('realm')}", nonce="${nonce}", uri="${uri}", ` +
    `algorithm=${algorithm}, response="${response}", opaque="${p.get('opaque')}", qop=auth, nc=${nc}, cnonce="${cnonce}"`
  );
}

describe('digestResponse (RFC 7616 3.9.1 example)', () => {
  const example = {
    username: 'Mufasa',
    realm: 'http-auth@example.org',
    password: 'Circle of Life',
    method: 'GET',
    uri: '/dir/index.html',
    nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
    nc: '00000001',
    cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
    qop: 'auth' as const,
  };
  it('computes the MD5 response', () => {
    expect(digestResponse({ ...example, algorithm: 'MD5' })).toBe('8ca523f5e9506fed4657c9700eebdbec');
  });
  it('computes the SHA-256 response', () => {
    expect(digestResponse({ ...example, algorithm: 'SHA-256' })).toBe(
      '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    );
  });
});

describe('parseDigestParams', () => {
  it('reads quoted and token values, with escapes', () => {
    const p = parseDigestParams('Digest username="bo\\"b", realm="r", nc=00000001, qop=auth');
    expect(p?.get('username')).toBe('bo"b');
    expect(p?.get('nc')).toBe('00000001');
  });
  it('rejects other schemes, garbage and repeated parameters', () => {
    expect(parseDigestParams('Basic Ym9iOmJvYi1wYXNz')).toBeUndefined();
    expect(parseDigestParams('Digest ===')).toBeUndefined();
    expect(parseDigestParams('Digest username="a", username="b"')).toBeUndefined();
  });
});

describe('DigestAuth', () => {
  it('challenges with realm = SIP domain, qop=auth, MD5', () => {
    const challenge = makeAuth().challenge();
    const p = parseDigestParams(challenge);
    expect(p?.get('realm')).toBe(realm);
    expect(p?.get('qop')).toBe('auth');
    expect(p?.get('algorithm')).toBe('MD5');
    expect(p?.get('nonce')).toMatch(/\S{20,}/);
    expect(p?.has('stale')).toBe(false);
  });

  it('accepts the right credentials (MD5 and SHA-256) and names the user', () => {
    const auth = makeAuth();
    expect(auth.verify('GET', '/um/messages', credentials(auth.challenge()))).toEqual({
      ok: true,
      user: 'bob',
    });
    expect(
      auth.verify(
        'GET',
        '/um/messages',
        credentials(auth.challenge(), { algorithm: 'SHA-256', user: 'alice' }),
      ),
    ).toEqual({ ok: true, user: 'alice' });
  });

  it('refuses a wrong password, an unknown user, no credentials', () => {
    const auth = makeAuth();
    expect(
      auth.verify('GET', '/um/messages', credentials(auth.challenge(), { password: 'x' })),
    ).toMatchObject({
      ok: false,
      stale: false,
    });
    expect(
      auth.verify('GET', '/um/messages', credentials(auth.challenge(), { user: 'mallory' })),
    ).toMatchObject({
      ok: false,
    });
    expect(auth.verify('GET', '/um/messages', undefined)).toMatchObject({
      ok: false,
      reason: 'no credentials',
    });
  });

  it('binds the credentials to the method and the request target', () => {
    const auth = makeAuth();
    const c = credentials(auth.challenge(), { uri: '/um/messages' });
    expect(auth.verify('GET', '/um/calls', c)).toMatchObject({
      ok: false,
      reason: 'uri does not match the request',
    });
    expect(auth.verify('POST', '/um/messages', c)).toMatchObject({ ok: false, reason: 'wrong password' });
  });

  it('refuses nonces it did not issue (forged or from another server)', () => {
    const other = makeAuth();
    const auth = makeAuth();
    expect(auth.verify('GET', '/um/messages', credentials(other.challenge())).ok).toBe(false);
    const withoutOpaque = credentials(other.challenge()).replace(/, opaque="[^"]*"/, '');
    expect(auth.verify('GET', '/um/messages', withoutOpaque)).toMatchObject({
      ok: false,
      reason: 'unknown nonce',
    });
    const forged = credentials(auth.challenge()).replace(/nonce="([^".]+)\./, 'nonce="zzzz.');
    expect(auth.verify('GET', '/um/messages', forged)).toMatchObject({ ok: false });
  });

  it('expires nonces: right credentials on an old nonce get stale=true', () => {
    let now = 1_000_000;
    const auth = makeAuth(() => now, 60000);
    const c = credentials(auth.challenge());
    now += 61000;
    const verdict = auth.verify('GET', '/um/messages', c);
    expect(verdict).toEqual({ ok: false, stale: true, reason: 'nonce expired' });
    expect(auth.challenge(true)).toContain('stale=true');
  });

  it('refuses a replayed nonce count, accepts increasing ones', () => {
    const auth = makeAuth();
    const challenge = auth.challenge();
    const first = credentials(challenge, { nc: '00000001' });
    expect(auth.verify('GET', '/um/messages', first).ok).toBe(true);
    expect(auth.verify('GET', '/um/messages', first)).toMatchObject({
      ok: false,
      reason: 'nonce count replayed',
    });
    expect(auth.verify('GET', '/um/messages', credentials(challenge, { nc: '00000002' })).ok).toBe(true);
  });

  it('accepts counts that arrive out of order (parallel requests) once each, inside the window only', () => {
    // The phone starts its sign-in requests at once with nc 1, 2, 3 over parallel connections;
    // 3 may arrive before 2. Each count is still accepted exactly once.
    const auth = makeAuth();
    const challenge = auth.challenge();
    const at = (n: number) => credentials(challenge, { nc: n.toString(16).padStart(8, '0') });
    const verify = (n: number) => auth.verify('GET', '/um/messages', at(n));
    expect(verify(1).ok).toBe(true);
    expect(verify(3).ok).toBe(true);
    expect(verify(2).ok).toBe(true);
    for (const n of [1, 2, 3]) expect(verify(n)).toMatchObject({ ok: false, reason: 'nonce count replayed' });
    // A jump of exactly the window keeps the old highest as the window's last bit.
    expect(verify(3 + NC_WINDOW).ok).toBe(true);
    expect(verify(3)).toMatchObject({ ok: false, reason: 'nonce count replayed' });
    expect(verify(4).ok).toBe(true);
    expect(verify(4)).toMatchObject({ ok: false, reason: 'nonce count replayed' });
    // The counts just under the new highest were never sent: nothing of the old window moved there.
    expect(verify(2 + NC_WINDOW).ok).toBe(true);
    expect(verify(1 + NC_WINDOW).ok).toBe(true);
    // Below the window: refused, seen or not (the window no longer knows).
    expect(verify(2)).toMatchObject({ ok: false, reason: 'nonce count replayed' });
    // A jump past the window forgets all below it; the new highest and unseen counts inside work.
    const top = 3 + NC_WINDOW + NC_WINDOW + 5;
    expect(verify(top).ok).toBe(true);
    expect(verify(top - NC_WINDOW).ok).toBe(true);
    for (let n = top - 1; n > top - 8; n--) expect(verify(n).ok).toBe(true);
    expect(verify(top - NC_WINDOW)).toMatchObject({ ok: false, reason: 'nonce count replayed' });
    expect(verify(top - NC_WINDOW - 1)).toMatchObject({ ok: false, reason: 'nonce count replayed' });
    expect(verify(top)).toMatchObject({ ok: false, reason: 'nonce count replayed' });
  });

  it('the first count a nonce sees need not be 1: lower ones arriving later are accepted once', () => {
    const auth = makeAuth();
    const challenge = auth.challenge();
    const verify = (nc: string) => auth.verify('GET', '/um/messages', credentials(challenge, { nc }));
    expect(verify('00000003').ok).toBe(true);
    expect(verify('00000001').ok).toBe(true);
    expect(verify('00000002').ok).toBe(true);
    expect(verify('00000002')).toMatchObject({ ok: false, reason: 'nonce count replayed' });
  });

  it('refuses another realm and qop other than auth', () => {
    const auth = makeAuth();
    const c = credentials(auth.challenge());
    expect(auth.verify('GET', '/um/messages', c.replace(`realm="${realm}"`, 'realm="evil"'))).toMatchObject({
      ok: false,
      reason: 'wrong realm',
    });
    expect(auth.verify('GET', '/um/messages', c.replace('qop=auth', 'qop=auth-int'))).toMatchObject({
      ok: false,
    });
  });

  it('a flood of fresh nonces by another user does not make a captured request replayable', () => {
    // Issue 12 (5): the old table kept 10,000 nonces and evicted the oldest, so alice could flush
    // bob's entry and replay his captured request within the nonce's lifetime.
    const auth = makeAuth(Date.now, 60000);
    const captured = credentials(auth.challenge(), { user: 'bob' });
    expect(auth.verify('GET', '/um/messages', captured).ok).toBe(true);
    let accepted = 0;
    for (let i = 0; i < 10_050; i++)
      if (auth.verify('GET', '/um/messages', credentials(auth.challenge(), { user: 'alice' })).ok) accepted++;
    expect(accepted).toBeGreaterThan(0);
    expect(auth.verify('GET', '/um/messages', captured)).toMatchObject({
      ok: false,
      reason: 'nonce count replayed',
    });
  });

  it("a user's own flood is refused at the cap instead of evicting: every live nonce keeps its count", () => {
    const auth = new DigestAuth({
      realm,
      password: (u) => passwords[u],
      nonceLifetimeMs: 60000,
      maxNoncesPerUser: 5,
    });
    const first = credentials(auth.challenge(), { user: 'bob' });
    expect(auth.verify('GET', '/um/messages', first).ok).toBe(true);
    for (let i = 0; i < 4; i++)
      expect(auth.verify('GET', '/um/messages', credentials(auth.challenge(), { user: 'bob' })).ok).toBe(
        true,
      );
    expect(auth.verify('GET', '/um/messages', credentials(auth.challenge(), { user: 'bob' }))).toMatchObject({
      ok: false,
      reason: 'too many live nonces',
    });
    expect(auth.verify('GET', '/um/messages', first)).toMatchObject({
      ok: false,
      reason: 'nonce count replayed',
    });
    // alice is not affected by bob's cap
    expect(auth.verify('GET', '/um/messages', credentials(auth.challenge(), { user: 'alice' })).ok).toBe(
      true,
    );
  });

  it('keeps a nonce count exactly as long as the nonce lives, then frees it', () => {
    let now = 1_000_000;
    const auth = new DigestAuth({
      realm,
      password: (u) => passwords[u],
      nonceLifetimeMs: 60000,
      maxNoncesPerUser: 1,
      now: () => now,
    });
    const captured = credentials(auth.challenge(), { user: 'bob' });
    expect(auth.verify('GET', '/um/messages', captured).ok).toBe(true);
    now += 59_999;
    expect(auth.verify('GET', '/um/messages', captured)).toMatchObject({ reason: 'nonce count replayed' });
    expect(auth.verify('GET', '/um/messages', credentials(auth.challenge(), { user: 'bob' }))).toMatchObject({
      reason: 'too many live nonces',
    });
    now += 2; // expired just now (within the once-a-second sweep): the slot is still freed
    expect(auth.verify('GET', '/um/messages', credentials(auth.challenge(), { user: 'bob' })).ok).toBe(true);
    expect(auth.verify('GET', '/um/messages', captured)).toMatchObject({ ok: false, stale: true });
    now += 61_000; // and that one expires too
    expect(auth.verify('GET', '/um/messages', credentials(auth.challenge(), { user: 'bob' })).ok).toBe(true);
    expect(auth.trackedNonces).toBe(1);
  });

  it('a nonce used by one user is refused to another', () => {
    const auth = makeAuth();
    const challenge = auth.challenge();
    expect(auth.verify('GET', '/um/messages', credentials(challenge, { user: 'bob' })).ok).toBe(true);
    expect(
      auth.verify('GET', '/um/messages', credentials(challenge, { user: 'alice', nc: '00000002' })),
    ).toMatchObject({
      ok: false,
      reason: 'nonce of another user',
    });
  });
});
