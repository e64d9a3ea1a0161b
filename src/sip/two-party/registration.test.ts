/**
 * Registration and connection life, as a script against an in-process proxy: the real PhoneClient,
 * SIP.js's real Registerer and transactions, simulated time.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { md5Hex } from '../../protocol/md5';
import { FakeProxy, type WireMessage } from '../testing/fake-proxy';
import { makePhone, signIn, until } from '../testing/phones';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

const CHALLENGE = 'WWW-Authenticate: Digest realm="umphone.test", nonce="n1", algorithm=MD5, qop="auth"';
const accept = (r: WireMessage) => ({
  status: '200 OK',
  headers: [`Contact: ${r.header('contact')};expires=300`],
});

/** RFC 2617 §3.2.2 with qop=auth: whether `authorization` proves `password`. */
function provesPassword(authorization: string, method: string, password: string): boolean {
  const p = (name: string) => new RegExp(`${name}="?([^",]*)"?`).exec(authorization)?.[1] ?? '';
  const ha1 = md5Hex(`${p('username')}:${p('realm')}:${password}`);
  const ha2 = md5Hex(`${method}:${p('uri')}`);
  const expected = md5Hex(`${ha1}:${p('nonce')}:${p('nc')}:${p('cnonce')}:${p('qop')}:${ha2}`);
  return p('response') === expected;
}

describe('registration', () => {
  it('alice registers: 401 challenge, then 200 to the REGISTER with her digest credentials', async () => {
    const proxy = new FakeProxy();
    proxy.responders.set('REGISTER', (r) =>
      r.header('authorization') ? accept(r) : { status: '401 Unauthorized', headers: [CHALLENGE] },
    );
    const alice = makePhone(proxy, 'alice');
    await signIn(alice);
    const registers = proxy.sentBy('alice', 'REGISTER');
    expect(registers).toHaveLength(2);
    expect(registers[0]!.header('authorization')).toBeUndefined();
    expect(registers[1]!.header('authorization')).toMatch(/username="alice"/);
    expect(provesPassword(registers[1]!.header('authorization')!, 'REGISTER', 'alice-pass')).toBe(true);
    expect(alice.reports.registrations.map((r) => r.state)).toEqual([
      'connecting',
      'registering',
      'registered',
    ]);
    alice.client.dispose();
  });

  it('a 403 to the answered challenge stops: failed, and no REGISTER ever again (the account would lock)', async () => {
    const proxy = new FakeProxy();
    proxy.responders.set('REGISTER', (r) =>
      r.header('authorization')
        ? { status: '403 Forbidden' }
        : { status: '401 Unauthorized', headers: [CHALLENGE] },
    );
    const alice = makePhone(proxy, 'alice');
    alice.client.connect();
    await until(() => alice.reports.registration === 'failed', 'alice failed');
    expect(alice.reports.lastRegistration?.reason).toEqual({ kind: 'credentials-refused', status: 403 });
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect(proxy.sentBy('alice', 'REGISTER')).toHaveLength(2);
    expect(proxy.opened).toBe(1);
    expect(alice.reports.registration).toBe('failed');
  });

  it('a 503 with Retry-After: 30 is retried on the same connection after exactly 30 s', async () => {
    const proxy = new FakeProxy();
    let refusals = 1;
    proxy.responders.set('REGISTER', (r) =>
      refusals-- > 0 ? { status: '503 Service Unavailable', headers: ['Retry-After: 30'] } : accept(r),
    );
    const alice = makePhone(proxy, 'alice');
    alice.client.connect();
    await until(() => alice.reports.registration === 'reconnecting', 'alice waits to retry');
    const waiting = alice.reports.lastRegistration!;
    expect(waiting.reason).toEqual({
      kind: 'register-refused',
      status: 503,
      reasonPhrase: 'Service Unavailable',
    });
    expect(waiting.nextRetryAt).toBe(Date.now() + 30_000);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(proxy.sentBy('alice', 'REGISTER')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => alice.reports.registration === 'registered', 'alice registered');
    const registers = proxy.sentBy('alice', 'REGISTER');
    expect(registers).toHaveLength(2);
    expect(registers[1]!.callId).toBe(registers[0]!.callId);
    expect(proxy.opened).toBe(1);
    alice.client.dispose();
  });
});

describe('connection', () => {
  it('reconnects with exponential backoff while the server is unreachable, and starts over once registered', async () => {
    // The top of each jitter range (RECONNECT_BACKOFF: 1 s doubling, full jitter).
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const proxy = new FakeProxy();
    proxy.reachable = false;
    const alice = makePhone(proxy, 'alice');
    const delays: number[] = [];
    const nextAttempt = async () => {
      await until(
        () => alice.reports.lastRegistration?.nextRetryAt !== undefined,
        'alice schedules the next attempt',
      );
      const delay = alice.reports.lastRegistration!.nextRetryAt! - Date.now();
      delays.push(delay);
      await vi.advanceTimersByTimeAsync(delay);
    };
    alice.client.connect();
    await nextAttempt();
    await nextAttempt();
    await nextAttempt();
    expect(delays).toEqual([999, 1998, 3996]);
    expect(alice.reports.registrations.some((r) => r.reason?.kind === 'cannot-reach')).toBe(true);
    proxy.reachable = true;
    await nextAttempt();
    await until(() => alice.reports.registration === 'registered', 'alice registered');
    proxy.dropAll();
    await nextAttempt();
    expect(delays.at(-1)).toBe(999);
    await until(() => alice.reports.registration === 'registered', 'alice registered again');
    expect(proxy.openConnections).toBe(1);
    alice.client.dispose();
  });

  it('the browser goes offline: the connection is left at once; back online, alice reconnects without waiting', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const proxy = new FakeProxy();
    const alice = makePhone(proxy, 'alice');
    await signIn(alice);
    alice.client.networkLost();
    expect(alice.reports.lastRegistration).toMatchObject({
      state: 'reconnecting',
      reason: { kind: 'browser-offline' },
    });
    await until(() => proxy.openConnections === 0, 'the old connection closed');
    alice.client.checkConnection(); // `online`: no sitting out the backoff
    await until(() => alice.reports.registration === 'registered', 'alice registered again');
    expect(proxy.opened).toBe(2);
    alice.client.dispose();
  });

  it('back on the page with a live connection: the keep-alive probes at once instead of in 10 s', async () => {
    const proxy = new FakeProxy();
    const alice = makePhone(proxy, 'alice');
    await signIn(alice);
    await vi.advanceTimersByTimeAsync(1000);
    expect(proxy.sentBy('alice', 'OPTIONS')).toHaveLength(0);
    alice.client.checkConnection();
    await until(() => proxy.sentBy('alice', 'OPTIONS').length === 1, 'alice probed');
    alice.client.dispose();
  });

  it('keep-alive: an OPTIONS every 10 s; a proxy that stops answering is left 5 s later', async () => {
    const proxy = new FakeProxy();
    const alice = makePhone(proxy, 'alice');
    await signIn(alice);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(proxy.sentBy('alice', 'OPTIONS')).toHaveLength(3);
    expect(alice.reports.registration).toBe('registered');

    proxy.silent = true; // frozen: the WebSocket stays open, nothing comes back
    await vi.advanceTimersByTimeAsync(10_000);
    expect(proxy.sentBy('alice', 'OPTIONS')).toHaveLength(4);
    expect(alice.reports.registration).toBe('registered');
    await vi.advanceTimersByTimeAsync(5000);
    expect(alice.reports.lastRegistration).toMatchObject({
      state: 'reconnecting',
      reason: { kind: 'keep-alive-unanswered', seconds: 5 },
    });
    alice.client.dispose();
  });
});
