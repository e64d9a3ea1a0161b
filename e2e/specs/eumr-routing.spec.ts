import { test, expect } from '@playwright/test';
import type { RunningLab } from '../../lab/lab';
import {
  OLD_UM_ADDR,
  SDP_OFFER,
  UM1_ADDR,
  UM2_ADDR,
  eumrPorts,
  startEumrLab,
  umPeerAt,
  umRequestUri,
  wsUser,
} from '../support/eumr-lab';
import { splitHeaderList, type SipMessage } from '../support/sip-message';
import type { SipWsClient } from '../support/sip-ws-client';
import type { UmPeer } from '../support/um-peer';
import net from 'node:net';

/**
 * MS-EUMR 3.1 in the lab proxy, on the wire: raw SIP users (alice, bob over WebSocket) and
 * um-peer stand-ins for the UM servers of the dial plan (UM1, UM2 of version 15, OLD of
 * version 14). No browser: what each side sends and receives is asserted directly.
 * No-answer time 3 s, UM server timer 2 s (lab config).
 */
const PORTS = eumrPorts(0);
const BOB = 'sip:bob@umphone.test';

let lab: RunningLab;
const open: Array<{ close(): Promise<void> }> = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  lab = await startEumrLab('eumr-routing');
});
test.afterAll(async () => {
  await lab?.stop();
});
test.afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close().catch(() => {});
});

async function peer(address: string, port: number, answer?: Parameters<typeof umPeerAt>[3]): Promise<UmPeer> {
  const p = await umPeerAt(lab, address, port, answer);
  open.push(p);
  return p;
}
async function user(name: string, register = true): Promise<SipWsClient> {
  const c = await wsUser(lab, name, register);
  open.push(c);
  return c;
}
const invitesAt = (p: UmPeer): SipMessage[] => p.received.filter((r) => r.method === 'INVITE');
const statuses = (responses: readonly SipMessage[]): number[] => responses.map((r) => r.status);
/** Every option tag of every Supported header (RFC 3261 7.3.1: several headers = one list). */
const supportedTags = (m: SipMessage): string[] =>
  splitHeaderList(m.getHeaders('supported')).map((t) => t.trim().toLowerCase());

test.describe('MS-EUMR 3.1.5: the INVITE a UM server receives', () => {
  test('bob has no registration: UM1 gets the 2.2.2 Request-URI, one Diversion for bob, ms-fe, no Ms-Mras-Address', async () => {
    const um1 = await peer(UM1_ADDR, PORTS.um1Port);
    const alice = await user('alice');
    const call = alice.invite({
      uri: BOB,
      headers: [
        'Subject: Quarterly numbers',
        'Priority: urgent',
        // 3.1.5 step 1: somebody else's Diversion must not reach the UM
        'Diversion: <sip:carol@elsewhere.test>;reason=user-busy;counter=1',
        'Supported: timer',
      ],
      body: SDP_OFFER,
      contentType: 'application/sdp',
    });
    const final = await call.waitForFinal(10_000);
    expect(final.status).toBe(200);
    const [invite] = invitesAt(um1);
    expect(invite).toBeDefined();
    const at = invite!;
    // 2.2.2: user = dial plan, host = UM FQDN (the lab: its address), port 5061, tls, maddr
    expect(at.uri).toBe(umRequestUri(UM1_ADDR));
    // 3.1.5 steps 1-2: exactly one Diversion, the original Request-URI without parameters
    expect(at.getHeaders('diversion')).toEqual([`<${BOB}>;reason=unavailable;counter=1`]);
    // step 5 (2.2.6): ms-fe added once, the caller's own tags kept
    expect(supportedTags(at).sort()).toEqual(['ms-fe', 'timer']);
    // step 4: no A/V edge server configured in this lab
    expect(at.getHeader('ms-mras-address')).toBeUndefined();
    // what the mailbox needs is untouched
    expect(at.getHeader('subject')).toBe('Quarterly numbers');
    expect(at.getHeader('priority')).toBe('urgent');
    expect(at.getHeader('to')).toBe(`<${BOB}>`);
    expect(at.getHeader('from')).toContain('<sip:alice@umphone.test>');
    // 3.1.5.4: a 101 progress report before the UM answered
    expect(statuses(call.responses).filter((s) => s !== 407)).toEqual([101, 200]);
    call.ack();
    await call.bye();
  });

  test('ms-fe already in Supported is not added twice', async () => {
    const um1 = await peer(UM1_ADDR, PORTS.um1Port);
    const alice = await user('alice');
    const call = alice.invite({ uri: BOB, headers: ['Supported: ms-fe, timer'], body: SDP_OFFER });
    expect((await call.waitForFinal(10_000)).status).toBe(200);
    expect(supportedTags(invitesAt(um1)[0]!).sort()).toEqual(['ms-fe', 'timer']);
    call.ack();
    await call.bye();
  });

  test("a voice-mail-gruu INVITE: to bob's mailbox with a Diversion, to one's own without", async () => {
    const um1 = await peer(UM1_ADDR, PORTS.um1Port);
    const alice = await user('alice');
    const deposit = alice.invite({ uri: `${BOB};opaque=app:voicemail`, body: SDP_OFFER });
    expect((await deposit.waitForFinal(10_000)).status).toBe(200);
    deposit.ack();
    await deposit.bye();
    const own = alice.invite({ uri: 'sip:alice@umphone.test;opaque=app:voicemail', body: SDP_OFFER });
    expect((await own.waitForFinal(10_000)).status).toBe(200);
    own.ack();
    await own.bye();
    const [toBob, toOwn] = invitesAt(um1);
    expect(toBob!.uri).toBe(umRequestUri(UM1_ADDR));
    expect(toBob!.getHeaders('diversion')).toEqual([`<${BOB}>;reason=unconditional;counter=1`]);
    // 3.1.5 step 2: Request-URI user@host = From: no Diversion (subscriber access)
    expect(toOwn!.uri).toBe(umRequestUri(UM1_ADDR));
    expect(toOwn!.getHeaders('diversion')).toEqual([]);
    expect(supportedTags(toOwn!)).toContain('ms-fe');
  });
});

test.describe('MS-EUMR 3.1: when a call goes to voicemail', () => {
  for (const [status, reason, diversionReason] of [
    [480, 'Temporarily Unavailable', 'unavailable'], // Appear Offline
    [486, 'Busy Here', 'user-busy'], // Do Not Disturb
    [603, 'Decline', 'deflection'], // Decline pressed
  ] as const) {
    test(`bob answers ${status}: the call goes to UM1 (reason=${diversionReason})`, async () => {
      const um1 = await peer(UM1_ADDR, PORTS.um1Port);
      const bob = await user('bob');
      const alice = await user('alice');
      const call = alice.invite({ uri: BOB, headers: ['Subject: lunch?'], body: SDP_OFFER });
      const atBob = await bob.waitForRequest((r) => r.method === 'INVITE');
      bob.respond(atBob, status, reason);
      const final = await call.waitForFinal(10_000);
      expect(final.status).toBe(200);
      const atUm = invitesAt(um1)[0]!;
      expect(atUm.getHeaders('diversion')).toEqual([`<${BOB}>;reason=${diversionReason};counter=1`]);
      expect(atUm.getHeader('subject')).toBe('lunch?');
      expect(statuses(call.responses)).not.toContain(status);
      call.ack();
      await call.bye();
    });
  }

  test('bob spelt otherwise (b%6Fb, BOB) is refused, not rung past his voicemail routing', async () => {
    // The routing tables are read by the user as written, the registrations by its unescaped form
    // and regardless of case: before the rule, these calls rang bob's phone and were never
    // diverted (kamailio.cfg, "One spelling of a user").
    const um1 = await peer(UM1_ADDR, PORTS.um1Port);
    const bob = await user('bob');
    const alice = await user('alice');
    for (const uri of ['sip:b%6Fb@umphone.test', 'sip:BOB@umphone.test', 'sip:Bob@umphone.test']) {
      const call = alice.invite({ uri, body: SDP_OFFER });
      const final = await call.waitForFinal(10_000);
      expect(`${final.status} ${final.reason}`, uri).toBe(
        "400 Bad Request (user part not spelt as the user's name)",
      );
    }
    // Every branch has ended by each final answer: nothing reached bob or a voicemail server.
    expect(bob.requests.items.filter((r) => r.method === 'INVITE')).toHaveLength(0);
    expect(invitesAt(um1)).toHaveLength(0);
  });

  test('bob rings and does not answer within the no-answer time (3 s): his phone is cancelled, the call goes to UM1', async () => {
    const um1 = await peer(UM1_ADDR, PORTS.um1Port);
    const bob = await user('bob');
    const alice = await user('alice');
    const started = Date.now();
    const call = alice.invite({ uri: BOB, body: SDP_OFFER });
    const atBob = await bob.waitForRequest((r) => r.method === 'INVITE');
    bob.respond(atBob, 180, 'Ringing');
    const cancel = await bob.waitForRequest((r) => r.method === 'CANCEL', 10_000);
    bob.respond(cancel, 200, 'OK');
    bob.respond(atBob, 487, 'Request Terminated');
    const final = await call.waitForFinal(10_000);
    const elapsed = Date.now() - started;
    expect(final.status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(2900);
    expect(elapsed).toBeLessThan(8000);
    expect(invitesAt(um1)[0]!.getHeaders('diversion')).toEqual([`<${BOB}>;reason=no-answer;counter=1`]);
    call.ack();
    await call.bye();
  });
});

test.describe('MS-OCEXUM 3.2: Ms-Sensitivity private-no-diversion is never diverted', () => {
  test("a Play-On-Phone INVITE from the UM that bob declines: the UM gets bob's 603, no UM gets an INVITE", async () => {
    const um1 = await peer(UM1_ADDR, PORTS.um1Port);
    const um2 = await peer(UM2_ADDR, PORTS.um2Port);
    const bob = await user('bob');
    const pop = um1.sendInvite({
      to: BOB,
      from: `<${BOB}>`,
      headers: ['Ms-Sensitivity: private-no-diversion', 'Subject: Play on phone', 'Priority: normal'],
    });
    const atBob = await bob.waitForRequest((r) => r.method === 'INVITE');
    bob.respond(atBob, 603, 'Decline');
    const final = await pop.waitForFinal(10_000);
    expect(final.status).toBe(603);
    await new Promise((r) => setTimeout(r, 300));
    expect(invitesAt(um1)).toHaveLength(0);
    expect(invitesAt(um2)).toHaveLength(0);
  });

  test('positive control: the same INVITE without the header is diverted to voicemail', async () => {
    const um1 = await peer(UM1_ADDR, PORTS.um1Port);
    const bob = await user('bob');
    const call = um1.sendInvite({ to: BOB, from: '<sip:alice@umphone.test>', headers: ['Subject: control'] });
    const atBob = await bob.waitForRequest((r) => r.method === 'INVITE');
    bob.respond(atBob, 603, 'Decline');
    expect((await call.waitForFinal(10_000)).status).toBe(200);
    expect(invitesAt(um1)).toHaveLength(1);
  });

  test("a private-no-diversion call to bob with no registration ends with the proxy's 480", async () => {
    const um1 = await peer(UM1_ADDR, PORTS.um1Port);
    const alice = await user('alice');
    const call = alice.invite({
      uri: BOB,
      headers: ['Ms-Sensitivity: private-no-diversion'],
      body: SDP_OFFER,
    });
    expect((await call.waitForFinal(10_000)).status).toBe(480);
    expect(invitesAt(um1)).toHaveLength(0);
  });

  test('bob rings past the no-answer time: no diversion, the call keeps ringing until alice cancels', async () => {
    const um1 = await peer(UM1_ADDR, PORTS.um1Port);
    const bob = await user('bob');
    const alice = await user('alice');
    const call = alice.invite({
      uri: BOB,
      headers: ['Ms-Sensitivity: private-no-diversion'],
      body: SDP_OFFER,
    });
    const atBob = await bob.waitForRequest((r) => r.method === 'INVITE');
    bob.respond(atBob, 180, 'Ringing');
    await new Promise((r) => setTimeout(r, 4500));
    expect(bob.requests.items.some((r) => r.method === 'CANCEL')).toBe(false);
    await call.cancel();
    const cancel = await bob.waitForRequest((r) => r.method === 'CANCEL');
    bob.respond(cancel, 200, 'OK');
    bob.respond(atBob, 487, 'Request Terminated');
    expect((await call.waitForFinal(10_000)).status).toBe(487);
    expect(invitesAt(um1)).toHaveLength(0);
  });
});

test.describe('MS-EUMR 3.1.5.3-3.1.5.7: UM server selection and failover', () => {
  test('UM1 down (connection refused): UM2 takes the call; a 101 for each server tried', async () => {
    const um2 = await peer(UM2_ADDR, PORTS.um2Port);
    const alice = await user('alice');
    const call = alice.invite({ uri: BOB, body: SDP_OFFER });
    expect((await call.waitForFinal(10_000)).status).toBe(200);
    const atUm2 = invitesAt(um2)[0]!;
    expect(atUm2.uri).toBe(umRequestUri(UM2_ADDR));
    expect(atUm2.getHeaders('diversion')).toEqual([`<${BOB}>;reason=unavailable;counter=1`]);
    expect(supportedTags(atUm2)).toEqual(['ms-fe']);
    expect(statuses(call.responses).filter((s) => s !== 407)).toEqual([101, 101, 200]);
    call.ack();
    await call.bye();
  });

  test('UM1 accepts the connection but never answers: UM2 gets the INVITE once the UM timer (2 s) expires', async () => {
    // A TCP listener that never completes the TLS handshake: a hung server.
    const sockets = new Set<net.Socket>();
    const hung = net.createServer((s) => sockets.add(s));
    await new Promise<void>((resolve) => hung.listen(PORTS.um1Port, UM1_ADDR, resolve));
    open.push({
      close: () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy();
          hung.close(() => resolve());
        }),
    });
    const um2 = await peer(UM2_ADDR, PORTS.um2Port);
    const alice = await user('alice');
    const started = Date.now();
    const call = alice.invite({ uri: BOB, body: SDP_OFFER });
    expect((await call.waitForFinal(10_000)).status).toBe(200);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1900);
    expect(elapsed).toBeLessThan(5000);
    expect(invitesAt(um2)).toHaveLength(1);
    call.ack();
    await call.bye();
  });

  test('UM1 rings (180) without a final answer: UM2 after the UM timer', async () => {
    const um1 = await peer(UM1_ADDR, PORTS.um1Port, null);
    const um2 = await peer(UM2_ADDR, PORTS.um2Port);
    const alice = await user('alice');
    const call = alice.invite({ uri: BOB, body: SDP_OFFER });
    expect((await call.waitForFinal(10_000)).status).toBe(200);
    expect(invitesAt(um1)).toHaveLength(1);
    expect(invitesAt(um2)).toHaveLength(1);
    // the abandoned UM1 branch was cancelled
    await um1.waitForRequest((r) => r.method === 'CANCEL');
    call.ack();
    await call.bye();
  });

  test('UM1 fails with 503: UM2 is tried', async () => {
    await peer(UM1_ADDR, PORTS.um1Port, { status: 503, reason: 'Service Unavailable' });
    const um2 = await peer(UM2_ADDR, PORTS.um2Port);
    const alice = await user('alice');
    const call = alice.invite({ uri: BOB, body: SDP_OFFER });
    expect((await call.waitForFinal(10_000)).status).toBe(200);
    expect(invitesAt(um2)).toHaveLength(1);
    call.ack();
    await call.bye();
  });

  test('all UM servers of the highest version down: 480, and the older version is never tried', async () => {
    const old = await peer(OLD_UM_ADDR, PORTS.oldUmPort);
    const alice = await user('alice');
    const call = alice.invite({ uri: BOB, body: SDP_OFFER });
    const final = await call.waitForFinal(10_000);
    expect(final.status).toBe(480);
    expect(statuses(call.responses).filter((s) => s !== 407)).toEqual([101, 101, 480]);
    expect(invitesAt(old)).toHaveLength(0);
  });

  test('a 302 from UM1 naming UM2 (in the dial plan) redirects there, not back to the caller', async () => {
    const um1 = await peer(UM1_ADDR, PORTS.um1Port, {
      status: 302,
      reason: 'Moved Temporarily',
      headers: [`Contact: <${umRequestUri(UM2_ADDR)}>`],
    });
    const um2 = await peer(UM2_ADDR, PORTS.um2Port);
    const alice = await user('alice');
    const call = alice.invite({ uri: BOB, body: SDP_OFFER });
    expect((await call.waitForFinal(10_000)).status).toBe(200);
    expect(statuses(call.responses)).not.toContain(302);
    expect(invitesAt(um1)).toHaveLength(1);
    expect(invitesAt(um2)[0]!.uri).toBe(umRequestUri(UM2_ADDR));
    call.ack();
    await call.bye();
  });

  test('a 302 to a server outside the dial plan, or with two Contacts, is not followed: the next UM is tried', async () => {
    const um1 = await peer(UM1_ADDR, PORTS.um1Port, {
      status: 302,
      reason: 'Moved Temporarily',
      headers: [`Contact: <${umRequestUri('127.0.0.9')}>`],
    });
    const um2 = await peer(UM2_ADDR, PORTS.um2Port, {
      status: 302,
      reason: 'Moved Temporarily',
      headers: [`Contact: <${umRequestUri(UM1_ADDR)}>, <${umRequestUri(UM2_ADDR)}>`],
    });
    const alice = await user('alice');
    const call = alice.invite({ uri: BOB, body: SDP_OFFER });
    expect((await call.waitForFinal(10_000)).status).toBe(480);
    expect(invitesAt(um1)).toHaveLength(1);
    expect(invitesAt(um2)).toHaveLength(1);
  });

  test('a UM that keeps redirecting to itself is followed 4 times, then the next UM is tried', async () => {
    const um1 = await peer(UM1_ADDR, PORTS.um1Port, {
      status: 302,
      reason: 'Moved Temporarily',
      headers: [`Contact: <${umRequestUri(UM1_ADDR)}>`],
    });
    const um2 = await peer(UM2_ADDR, PORTS.um2Port);
    const alice = await user('alice');
    const call = alice.invite({ uri: BOB, body: SDP_OFFER });
    expect((await call.waitForFinal(10_000)).status).toBe(200);
    expect(invitesAt(um1)).toHaveLength(5);
    expect(invitesAt(um2)).toHaveLength(1);
    // 3.1.5.4: a 101 for UM1, for each of the 4 redirects, and for UM2
    expect(statuses(call.responses).filter((s) => s === 101)).toHaveLength(6);
    call.ack();
    await call.bye();
  });
});

test.describe('MS-EUMR 2.2.1: Ms-Mras-Address when an A/V edge server is configured', () => {
  let edgeLab: RunningLab;
  test.beforeAll(async () => {
    edgeLab = await startEumrLab('eumr-edge', 100, {
      avEdgeServer: 'sip:edge.umphone.test;gruu;opaque=srvr:MRAS:abc',
    });
  });
  test.afterAll(async () => {
    await edgeLab?.stop();
  });

  test("the UM gets Ms-Mras-Address with the edge server's GRUU", async () => {
    const p = eumrPorts(100);
    const um1 = await umPeerAt(edgeLab, UM1_ADDR, p.um1Port);
    open.push(um1);
    const alice = await wsUser(edgeLab, 'alice');
    open.push(alice);
    const call = alice.invite({ uri: BOB, body: SDP_OFFER });
    expect((await call.waitForFinal(10_000)).status).toBe(200);
    expect(invitesAt(um1)[0]!.getHeaders('ms-mras-address')).toEqual([
      '<sip:edge.umphone.test;gruu;opaque=srvr:MRAS:abc>',
    ]);
    call.ack();
    await call.bye();
  });
});

test.describe('every UM server of the dial plan is a trusted peer, and nobody else', () => {
  test('UM2 (127.0.0.3) calls bob without a challenge; 127.0.0.9 over TLS is challenged', async () => {
    const um2 = await peer(UM2_ADDR, PORTS.um2Port);
    const stranger = await peer('127.0.0.9', PORTS.um2Port + 10);
    const bob = await user('bob');
    const fromUm2 = um2.sendInvite({
      to: BOB,
      from: `<${BOB}>`,
      headers: ['Ms-Sensitivity: private-no-diversion'],
    });
    const atBob = await bob.waitForRequest((r) => r.method === 'INVITE' && r.callId === fromUm2.callId);
    bob.respond(atBob, 486, 'Busy Here');
    expect((await fromUm2.waitForFinal(10_000)).status).toBe(486);
    const fromStranger = stranger.sendInvite({ to: BOB, from: `<${BOB}>` });
    expect((await fromStranger.waitForFinal(10_000)).status).toBe(407);
  });
});
