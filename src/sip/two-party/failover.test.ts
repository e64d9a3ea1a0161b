/**
 * Failover and calls that survive a lost connection, as scripts against in-process proxies: the
 * real PhoneClient, SIP.js's real UserAgent, Registerer, sessions and transactions, simulated time.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CALL_RECOVERY_LIMIT_MS } from '../calls/call-recovery';
import { WATCHDOG_IDLE_MS, WATCHDOG_SILENCE_MS } from '../connection/crlf-watchdog';
import { FakeCluster } from '../testing/fake-cluster';
import { FakeProxy, type WireMessage } from '../testing/fake-proxy';
import { callIn, makePhone, signIn, until, type TestPhone } from '../testing/phones';

const A = 'ws://a.test:5066';
const B = 'ws://b.test:5066';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

const cseq = (m: WireMessage) => Number(m.header('cseq')?.split(' ')[0]);

/**
 * Lets simulated time run to the very moment `phone`'s next connection attempt is due (the time
 * it announced with 'reconnecting'), whatever the backoff's random delay.
 */
async function toNextAttempt(phone: TestPhone): Promise<void> {
  const at = phone.reports.lastRegistration?.nextRetryAt;
  if (at === undefined) throw new Error(`${phone.name} announced no next attempt`);
  const reports = phone.reports.registrations.length;
  await vi.advanceTimersByTimeAsync(at - Date.now());
  // A zero delay set inside a timer's callback chain is given 1 ms by the fake timers (until()).
  if (phone.reports.registrations.length === reports) await vi.advanceTimersByTimeAsync(1);
}

/** Lets simulated time pass in steps until `condition` holds (the backoff's first delay is < 1 s). */
async function within(ms: number, condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > ms) throw new Error(`not within ${ms} ms: ${what}`);
    await vi.advanceTimersByTimeAsync(50);
  }
}

describe('a list of servers', () => {
  it('A closes: alice moves to B with the same UserAgent, and her REGISTER there keeps its Call-ID', async () => {
    const cluster = new FakeCluster([A, B]);
    const alice = makePhone(cluster, 'alice', { serverUrl: `${A}, ${B}` });
    await signIn(alice);
    expect(alice.reports.servers).toEqual([A]);
    const onA = cluster.node(A).sentBy('alice', 'REGISTER');
    expect(onA).toHaveLength(1);

    cluster.node(A).dropAll();
    await within(1000, () => alice.reports.servers.length === 2, 'alice connected again');
    await until(() => alice.reports.registration === 'registered', 'alice registered on B');
    expect(alice.reports.servers).toEqual([A, B]);
    const onB = cluster.node(B).sentBy('alice', 'REGISTER');
    expect(onB).toHaveLength(1);
    // One binding, updated in place (RFC 3261 §10.3 step 7): same Call-ID, a higher CSeq, same Contact.
    expect(onB[0]!.callId).toBe(onA[0]!.callId);
    expect(cseq(onB[0]!)).toBeGreaterThan(cseq(onA[0]!));
    expect(onB[0]!.header('contact')).toBe(onA[0]!.header('contact'));

    // B lost too: the walk wraps around to A.
    cluster.node(B).dropAll();
    await within(1000, () => alice.reports.servers.length === 3, 'alice connected a third time');
    await until(() => alice.reports.registration === 'registered', 'alice registered on A again');
    expect(alice.reports.servers).toEqual([A, B, A]);
    expect(cluster.node(A).sentBy('alice', 'REGISTER').at(-1)!.callId).toBe(onA[0]!.callId);
    alice.client.dispose();
  });

  it('A cannot be reached at sign-in: alice registers on B at once', async () => {
    const cluster = new FakeCluster([A, B]);
    cluster.node(A).reachable = false;
    const alice = makePhone(cluster, 'alice', { serverUrl: `${A} ${B}` });
    alice.client.connect();
    await within(1000, () => alice.reports.registration === 'registered', 'alice registered');
    expect(alice.reports.servers).toEqual([B]);
    // Signing in, each server gets its chance before the phone says it cannot reach one (the
    // store sends a phone that never registered back to the form on its first 'reconnecting').
    expect(alice.reports.registrations.map((r) => r.state)).not.toContain('reconnecting');
    alice.client.dispose();
  });

  it('a REGISTER outstanding when A is lost does not hold up the one on B', async () => {
    const cluster = new FakeCluster([A, B]);
    cluster.node(A).responders.set('REGISTER', () => 'ignore');
    const alice = makePhone(cluster, 'alice', { serverUrl: `${A} ${B}` });
    alice.client.connect();
    await until(() => cluster.node(A).sentBy('alice', 'REGISTER').length === 1, 'REGISTER sent to A');
    cluster.node(A).dropAll();
    await within(1000, () => alice.reports.registration === 'registered', 'alice registered on B');
    const [onA] = cluster.node(A).sentBy('alice', 'REGISTER');
    const [onB] = cluster.node(B).sentBy('alice', 'REGISTER');
    expect(onB!.callId).toBe(onA!.callId);
    expect(cseq(onB!)).toBe(cseq(onA!) + 1);
    alice.client.dispose();
  });
});

describe('skip-pin follows the server in use (MS-OCEXUM 2.2.1)', () => {
  it('sent over the wss: server, never over the plain ws: one the phone failed over to', async () => {
    const TLS = 'wss://a.example.com:7443';
    const PLAIN = 'ws://b.example.com:5066';
    const cluster = new FakeCluster([TLS, PLAIN]);
    const alice = makePhone(cluster, 'alice', { serverUrl: `${TLS} ${PLAIN}`, skipPin: true });
    await signIn(alice);
    alice.client.callVoicemail();
    await until(() => cluster.node(TLS).sentBy('alice', 'INVITE').length === 1, 'INVITE over TLS');
    expect(cluster.node(TLS).sentBy('alice', 'INVITE')[0]!.header('ms-exchange-command')).toBe('skip-pin');
    await within(
      1000,
      () => [...alice.reports.calls.values()].every((c) => c.state === 'ended'),
      'call over',
    );

    cluster.node(TLS).dropAll();
    await within(1000, () => alice.reports.servers.length === 2, 'alice on the plain server');
    await within(1000, () => alice.reports.registration === 'registered', 'alice registered');
    const id = alice.client.callVoicemail();
    await until(() => cluster.node(PLAIN).sentBy('alice', 'INVITE').length === 1, 'INVITE over ws:');
    expect(cluster.node(PLAIN).sentBy('alice', 'INVITE')[0]!.header('ms-exchange-command')).toBeUndefined();
    expect(alice.reports.calls.get(id)?.skipPin).toBe(false);
    alice.client.dispose();
  });
});

describe('the CRLF watchdog (RFC 5626 §4.4.1)', () => {
  it('A answers every ping: alice stays on A however long nothing else is said', async () => {
    const cluster = new FakeCluster([A, B]);
    cluster.node(A).answersPings = true;
    const alice = makePhone(cluster, 'alice', { serverUrl: `${A} ${B}` });
    await signIn(alice);
    const states = alice.reports.registrations.length;
    await vi.advanceTimersByTimeAsync(60_000);
    // A ping after each idle spell; the pongs (and the OPTIONS answers) keep the connection.
    expect(cluster.node(A).pings).toBeGreaterThanOrEqual(60_000 / (WATCHDOG_IDLE_MS + 10_000 / 5));
    expect(alice.reports.registrations.length).toBe(states);
    expect(cluster.node(A).opened).toBe(1);
    expect(cluster.node(B).opened).toBe(0);
    alice.client.dispose();
  });

  it('A freezes (no FIN, no answer): alice leaves it after the silence bound and registers on B', async () => {
    const cluster = new FakeCluster([A, B]);
    cluster.node(A).answersPings = true;
    const alice = makePhone(cluster, 'alice', { serverUrl: `${A} ${B}` });
    await signIn(alice);
    await vi.advanceTimersByTimeAsync(3000);
    cluster.node(A).silent = true;
    const frozenAt = Date.now();
    await within(10_000, () => alice.reports.registration !== 'registered', 'alice noticed');
    const noticed = alice.reports.registrations.find((r) => r.reason?.kind === 'keep-alive-unanswered');
    expect(noticed).toBeDefined();
    expect(Date.now() - frozenAt).toBeLessThanOrEqual(WATCHDOG_IDLE_MS + WATCHDOG_SILENCE_MS);
    await within(1000, () => alice.reports.registration === 'registered', 'alice registered on B');
    expect(alice.reports.servers).toEqual([A, B]);
    alice.client.dispose();
  });

  it('a server that never answers a ping is not left for that (the OPTIONS probe judges it)', async () => {
    const cluster = new FakeCluster([A, B]);
    const alice = makePhone(cluster, 'alice', { serverUrl: `${A} ${B}` });
    await signIn(alice);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(cluster.node(A).pings).toBeGreaterThan(5);
    expect(alice.reports.registration).toBe('registered');
    expect(cluster.node(A).opened).toBe(1);
    alice.client.dispose();
  });
});

describe('calls survive a lost connection', () => {
  async function connectedCall(proxy: FakeProxy) {
    const alice = makePhone(proxy, 'alice');
    const bob = makePhone(proxy, 'bob');
    await signIn(alice);
    await signIn(bob);
    alice.client.call('bob', { purpose: 'call' });
    const ringing = await callIn(bob, 'ringing');
    bob.client.answer(ringing);
    const aliceCall = await callIn(alice, 'connected');
    const bobCall = await callIn(bob, 'connected');
    return { alice, bob, aliceCall, bobCall };
  }

  it('alice reconnects: her call re-INVITEs with an ICE restart, goes on, and bob’s BYE still reaches her', async () => {
    const proxy = new FakeProxy();
    const { alice, bob, aliceCall, bobCall } = await connectedCall(proxy);
    const invite = proxy.sentBy('alice', 'INVITE')[0]!;

    proxy.drop('alice');
    await until(() => alice.reports.registration === 'reconnecting', 'alice lost her connection');
    expect(alice.reports.calls.get(aliceCall)?.state).toBe('connected');
    await within(1000, () => alice.reports.registration === 'registered', 'alice registered again');
    await until(() => proxy.sentBy('alice', 'INVITE').length === 2, 'alice re-INVITEs');
    const reInvite = proxy.sentBy('alice', 'INVITE')[1]!;
    expect(reInvite.callId).toBe(invite.callId);
    expect(reInvite.header('to')).toMatch(/tag=/);
    expect(alice.media.at(-1)!.asked.at(-1)).toMatchObject({ offerOptions: { iceRestart: true } });
    await until(
      () =>
        proxy
          .responsesBy('bob', 'INVITE')
          .some((r) => r.status === 200 && r.callId === invite.callId && cseq(r) === cseq(reInvite)),
      'bob accepts',
    );
    await until(() => proxy.sentBy('alice', 'ACK').length === 2, 'alice ACKs');
    expect(alice.reports.calls.get(aliceCall)?.state).toBe('connected');

    bob.client.hangup(bobCall);
    await until(() => alice.reports.calls.get(aliceCall)?.state === 'ended', 'alice’s call ended');
    expect(alice.reports.calls.get(aliceCall)?.ended).toEqual({ kind: 'remote-hung-up' });
    alice.client.dispose();
    bob.client.dispose();
  });

  it('no new connection within the bound: the call ends with call-not-recovered', async () => {
    const proxy = new FakeProxy();
    const { alice, bob, aliceCall } = await connectedCall(proxy);
    proxy.reachable = false;
    proxy.drop('alice');
    await until(() => alice.reports.registration === 'reconnecting', 'alice lost her connection');
    await vi.advanceTimersByTimeAsync(CALL_RECOVERY_LIMIT_MS - 1);
    expect(alice.reports.calls.get(aliceCall)?.state).toBe('connected');
    await vi.advanceTimersByTimeAsync(1);
    await until(() => alice.reports.calls.get(aliceCall)?.state === 'ended', 'alice’s call ended');
    expect(alice.reports.calls.get(aliceCall)?.ended).toEqual({ kind: 'call-not-recovered', seconds: 20 });
    alice.client.dispose();
    bob.client.dispose();
  });

  it('alice hangs up on a connection that has died unnoticed: the lost BYE goes again once she is registered anew', async () => {
    const proxy = new FakeProxy();
    proxy.answersPings = true;
    const { alice, bob, aliceCall, bobCall } = await connectedCall(proxy);
    // Her network goes without a word (no FIN): she still believes she is connected, and hangs up.
    proxy.cutOff('alice');
    alice.client.hangup(aliceCall);
    await until(() => alice.reports.calls.get(aliceCall)?.state === 'ended', 'alice’s call ended');
    expect(alice.reports.calls.get(aliceCall)?.ended).toEqual({ kind: 'you-hung-up' });
    expect(proxy.lost.filter((m) => m.method === 'BYE')).toHaveLength(1);
    expect(bob.reports.calls.get(bobCall)?.state).toBe('connected');

    // The watchdog notices (CRLF pings unanswered), she connects and registers again, and only
    // then can the far end hear of the hang-up: the BYE goes again, in the same dialog.
    await within(
      WATCHDOG_IDLE_MS + WATCHDOG_SILENCE_MS + 1000,
      () => alice.reports.registration !== 'registered',
      'alice noticed',
    );
    await within(2000, () => alice.reports.registration === 'registered', 'alice registered again');
    await within(1000, () => bob.reports.calls.get(bobCall)?.state === 'ended', 'bob’s call ended');
    expect(bob.reports.calls.get(bobCall)?.ended).toEqual({ kind: 'remote-hung-up' });
    const [bye] = proxy.sentBy('alice', 'BYE');
    const [lostBye] = proxy.lost.filter((m) => m.method === 'BYE');
    expect(bye!.callId).toBe(lostBye!.callId);
    expect(cseq(bye!)).toBeGreaterThan(cseq(lostBye!));
    // bob answered it: nothing waits any more, and no third BYE follows a later reconnection.
    await until(() => proxy.responsesBy('bob', 'BYE').some((r) => r.status === 200), 'bob’s 200');
    proxy.drop('alice');
    await within(2000, () => alice.reports.registration === 'registered', 'alice registered once more');
    await vi.advanceTimersByTimeAsync(100);
    expect(proxy.sentBy('alice', 'BYE')).toHaveLength(1);
    alice.client.dispose();
    bob.client.dispose();
  });

  it('alice hangs up while disconnected: her call ends at once, and her BYE reaches bob once she is back', async () => {
    const proxy = new FakeProxy();
    const { alice, bob, aliceCall, bobCall } = await connectedCall(proxy);
    proxy.reachable = false;
    proxy.drop('alice');
    await until(() => alice.reports.registration === 'reconnecting', 'alice lost her connection');
    const byesBefore = proxy.sentBy('alice', 'BYE').length;
    alice.client.hangup(aliceCall);
    await until(() => alice.reports.calls.get(aliceCall)?.state === 'ended', 'alice’s call ended');
    expect(alice.reports.calls.get(aliceCall)?.ended).toEqual({ kind: 'you-hung-up' });
    // Two attempts fail (the backoff's delays are under 1, 2, 4, 8 s; a zero first one may already
    // have failed above): no BYE meanwhile.
    await toNextAttempt(alice);
    await toNextAttempt(alice);
    expect(alice.reports.registration).toBe('reconnecting');
    expect(proxy.sentBy('alice', 'BYE')).toHaveLength(byesBefore);
    expect(bob.reports.calls.get(bobCall)?.state).toBe('connected');

    // The next attempt gets through: well before the hang-up's 20 s bound (< 15 s + 1 s below), so
    // only the goodbye on registration, not the bound's, can end bob's call.
    proxy.reachable = true;
    await toNextAttempt(alice);
    expect(alice.reports.registration).toBe('registered');
    // bob's call ends by a zero-delay timer (CallRegistry lets SIP.js's onReject land first), and
    // one started inside a timer's callback chain, as this registration is, runs 1 ms later in
    // simulated time (@sinonjs/fake-timers while it ticks; Node's setTimeout(0) is 1 ms too): a
    // zero-time wait never sees it. That was the flake of earlier runs, whenever the random
    // backoff made alice's attempt fall on the very end of a 50 ms step (1 run in 60).
    await within(1_000, () => bob.reports.calls.get(bobCall)?.state === 'ended', 'bob’s call ended');
    expect(bob.reports.calls.get(bobCall)?.ended).toEqual({ kind: 'remote-hung-up' });
    expect(proxy.sentBy('alice', 'BYE')).toHaveLength(byesBefore + 1);
    // The user ended the call: it is not resumed first.
    expect(proxy.sentBy('alice', 'INVITE')).toHaveLength(1);
    alice.client.dispose();
    bob.client.dispose();
  });
});
