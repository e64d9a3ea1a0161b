import { test, expect } from '@playwright/test';
import type { RunningLab } from '../../lab/lab';
import { MediaSession } from '../../lab/um/media/session';
import type { RunningUm } from '../../lab/um/server';
import {
  EUMR_DIAL_PLAN,
  SDP_OFFER,
  UM1_ADDR,
  UM2_ADDR,
  eumrPorts,
  notificationsOverHttp,
  startNotifyingLab,
  umPeerAt,
  wsUser,
  type NotifyingLab,
} from '../support/eumr-lab';
import type { SipMessage } from '../support/sip-message';
import type { SipWsClient, WsOutgoingInvite } from '../support/sip-ws-client';

/**
 * Call forwarding in the lab (issue #4) and the MS-EUMR events it makes possible, end to end
 * without a browser: bob forwards his calls to carol (LabConfig.callForwarding, then changed at
 * run time with RunningLab.setCallForwarding), Kamailio reports the forwarding destination's
 * answer to the notifier sidecar, and the real UM emulator validates and keeps the 3.2.4.2
 * (answered) and 3.2.4.3 (forbidden) notifications. Last, 3.1.5.5: a UM server's 415 to a
 * multipart INVITE goes back to the caller and no other UM server is tried.
 *
 * Dial plan: UM1 = the UM emulator (answers 415 to multipart bodies), UM2 = a um-peer stand-in
 * that would take any call (so a proxy that went on to UM2 would be seen).
 */
test.describe.configure({ mode: 'serial' });

const OFFSET = 600;
const PORTS = eumrPorts(OFFSET);
const BOB = 'sip:bob@umphone.test';
const CAROL = 'sip:carol@umphone.test';
let stack: NotifyingLab;
let lab: RunningLab;
let um: RunningUm;
const open: SipWsClient[] = [];

test.beforeAll(async () => {
  stack = await startNotifyingLab('eumr-fwd', OFFSET, {
    dialPlans: [
      {
        name: EUMR_DIAL_PLAN,
        umServers: [
          { address: UM1_ADDR, port: PORTS.um1Port, version: 15 },
          { address: UM2_ADDR, port: PORTS.um2Port, version: 15 },
        ],
      },
    ],
    lab: { callForwarding: { bob: 'carol' } },
    um: { rejectMultipartBodies: true },
  });
  ({ lab, um } = stack);
});

test.afterAll(async () => {
  await stack?.stop();
});

test.afterEach(async () => {
  for (const c of open.splice(0)) await c.close().catch(() => undefined);
});

async function user(name: string): Promise<SipWsClient> {
  const c = await wsUser(lab, name);
  open.push(c);
  return c;
}

const invitesFor = (client: SipWsClient, callId: string): SipMessage[] =>
  client.requests.items.filter((r) => r.method === 'INVITE' && r.callId === callId);

/** The caller hangs up; `callee` (a raw client, which answers nothing by itself) answers the BYE. */
async function hangUp(call: WsOutgoingInvite, callee: SipWsClient): Promise<number> {
  const bye = call.bye();
  callee.respond(
    await callee.waitForRequest((r) => r.method === 'BYE' && r.callId === call.callId),
    200,
    'OK',
  );
  return (await bye).status;
}

/** bob's own notifications through the UM's web API (what his phone would read). */
const bobsNotificationsOverHttp = () => notificationsOverHttp(um, 'bob', 'bob-pass');

test('3.2.4.2: bob forwards to carol, carol answers: the UM keeps a schema-valid answered notification for bob; bob’s phone never rang', async () => {
  const bob = await user('bob');
  const carol = await user('carol');
  const alice = await user('alice');
  const call = alice.invite({
    uri: BOB,
    headers: ['Subject: Forwarded <budget> & plans', 'Priority: urgent'],
    body: SDP_OFFER,
  });
  const atCarol = await carol.waitForRequest((r) => r.method === 'INVITE' && r.callId === call.callId);
  // The call is still addressed to bob: only the Request-URI was changed.
  expect(atCarol.getHeader('to')).toContain(BOB);
  carol.respond(atCarol, 180, 'Ringing');
  // carol's phone claims another identity: a phone's answer asserts nothing (RFC 3325 5), so
  // AnsweredBy is what the proxy knows, the AOR the answering contact is registered for.
  carol.respond(atCarol, 200, 'OK', {
    body: SDP_OFFER,
    headers: ['P-Asserted-Identity: "Your CEO" <sip:ceo@umphone.test>'],
  });
  expect((await call.waitForFinal()).status).toBe(200);

  const got = await um.notifications.waitFor(
    (n) => n.notification.event.callId === call.callId && n.notification.event.type === 'answered',
  );
  expect(got.notification).toMatchObject({
    user: BOB,
    event: {
      type: 'answered',
      from: 'sip:alice@umphone.test',
      subject: 'Forwarded <budget> & plans',
      priority: 'urgent',
      target: CAROL,
      targetClass: 'primary',
      answeredBy: CAROL,
    },
  });
  expect(got.notification.event.missedReason).toBeUndefined();
  expect(um.notifications.rejected).toEqual([]);
  // bob's own phone was never offered the call.
  expect(invitesFor(bob, call.callId)).toEqual([]);

  const overHttp = await bobsNotificationsOverHttp();
  expect(overHttp.find((n) => n.callId === call.callId)).toMatchObject({
    type: 'answered',
    caller: 'sip:alice@umphone.test',
    subject: 'Forwarded <budget> & plans',
    priority: 'urgent',
    target: CAROL,
    answeredBy: CAROL,
  });
  expect(await hangUp(call, carol)).toBe(200);
});

test('3.2.4.3: carol refuses the forwarded call with 403: a forbidden notification for bob (and, the caller having reached nobody, a missed one)', async () => {
  const bob = await user('bob');
  const carol = await user('carol');
  const alice = await user('alice');
  const call = alice.invite({ uri: BOB, headers: ['Subject: Can I come in?'], body: SDP_OFFER });
  const atCarol = await carol.waitForRequest((r) => r.method === 'INVITE' && r.callId === call.callId);
  carol.respond(atCarol, 403, 'Forbidden');
  expect((await call.waitForFinal()).status).toBe(403);

  const forbidden = await um.notifications.waitFor(
    (n) => n.notification.event.callId === call.callId && n.notification.event.type === 'forbidden',
  );
  expect(forbidden.notification).toMatchObject({
    user: BOB,
    event: {
      type: 'forbidden',
      from: 'sip:alice@umphone.test',
      subject: 'Can I come in?',
      target: CAROL,
      targetClass: 'primary',
    },
  });
  expect(forbidden.notification.event.answeredBy).toBeUndefined();
  const missed = await um.notifications.waitFor(
    (n) => n.notification.event.callId === call.callId && n.notification.event.type === 'missed',
  );
  expect(missed.notification.event.missedReason).toBe('Declined');
  expect(um.notifications.rejected).toEqual([]);
  expect(invitesFor(bob, call.callId)).toEqual([]);
});

test('forwarding switched off at run time: bob’s phone rings again; switched on again: carol’s, and AnsweredBy is carol’s AOR', async () => {
  await lab.setCallForwarding('bob', null);
  expect(lab.callForwarding).toEqual({});
  const bob = await user('bob');
  const carol = await user('carol');
  const alice = await user('alice');

  const direct = alice.invite({ uri: BOB, body: SDP_OFFER });
  const atBob = await bob.waitForRequest((r) => r.method === 'INVITE' && r.callId === direct.callId);
  bob.respond(atBob, 200, 'OK', { body: SDP_OFFER });
  expect((await direct.waitForFinal()).status).toBe(200);
  expect(invitesFor(carol, direct.callId)).toEqual([]);
  expect(await hangUp(direct, bob)).toBe(200);

  await lab.setCallForwarding('bob', CAROL);
  expect(lab.callForwarding).toEqual({ bob: CAROL });
  const forwarded = alice.invite({ uri: BOB, body: SDP_OFFER });
  const atCarol = await carol.waitForRequest((r) => r.method === 'INVITE' && r.callId === forwarded.callId);
  carol.respond(atCarol, 200, 'OK', { body: SDP_OFFER });
  expect((await forwarded.waitForFinal()).status).toBe(200);
  const got = await um.notifications.waitFor((n) => n.notification.event.callId === forwarded.callId);
  expect(got.notification.event).toMatchObject({ type: 'answered', target: CAROL, answeredBy: CAROL });
  expect(invitesFor(bob, forwarded.callId)).toEqual([]);
  expect(await hangUp(forwarded, carol)).toBe(200);

  // The call bob answered himself was not "answered elsewhere" (3.2.4.2): nothing about it was
  // reported, neither before nor after the forwarded call's notification.
  expect(um.notifications.received.filter((n) => n.notification.event.callId === direct.callId)).toEqual([]);
  await lab.setCallForwarding('bob', null);
});

test('3.1.5.5: UM1 answers 415 to a multipart INVITE: the caller gets the 415 and UM2 never sees it; a fresh single-part INVITE reaches voicemail', async () => {
  await lab.setCallForwarding('bob', null);
  const um2 = await umPeerAt(lab, UM2_ADDR, PORTS.um2Port); // would answer 200 OK
  // An offer the UM emulator's werift media can answer (PCMU, ICE, DTLS).
  const { session: media, sdp: offer } = await MediaSession.offer({
    iceAdditionalHostAddresses: ['127.0.0.1'],
    log: () => undefined,
  });
  try {
    const alice = await user('alice'); // bob is not registered: straight to voicemail (3.1)
    const boundary = 'eumr-3155';
    const multipart = [
      `--${boundary}`,
      'Content-Type: application/sdp',
      '',
      offer,
      `--${boundary}`,
      'Content-Type: text/plain',
      '',
      'a second part',
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const first = alice.invite({
      uri: BOB,
      body: multipart,
      contentType: `multipart/mixed;boundary=${boundary}`,
    });
    const refused = await first.waitForFinal();
    expect(refused.status).toBe(415);
    expect(refused.getHeader('accept')).toBe('application/sdp'); // UM1's own answer, relayed
    // 3.1.5.4: one 101 progress report, for UM1 only.
    expect(first.responses.filter((r) => r.status === 101)).toHaveLength(1);

    const fresh = alice.invite({ uri: BOB, body: offer });
    const deposit = await um.callLog.waitFor((e) => e.sipCallId === fresh.callId);
    expect(deposit).toMatchObject({ kind: 'deposit', mailbox: 'bob', diverted: true });
    const final = await fresh.waitForFinal();
    expect(final.status).toBe(200);
    expect((await fresh.bye()).status).toBe(200);

    // Both INVITEs were answered by UM1: UM2 was never asked, not even for the multipart one.
    expect(um2.received.filter((r) => r.method === 'INVITE')).toEqual([]);
  } finally {
    await media.close();
    await um2.close();
  }
});

test('a forwarded call the target refuses (486) still goes to bob’s voicemail: the UM files it in his mailbox by the Diversion (3.1.5 step 2)', async () => {
  await lab.setCallForwarding('bob', CAROL);
  const { session: media, sdp: offer } = await MediaSession.offer({
    iceAdditionalHostAddresses: ['127.0.0.1'],
    log: () => undefined,
  });
  try {
    const carol = await user('carol');
    const alice = await user('alice');
    const call = alice.invite({ uri: BOB, body: offer, headers: ['Subject: for bob, via carol'] });
    const atCarol = await carol.waitForRequest((r) => r.method === 'INVITE' && r.callId === call.callId);
    carol.respond(atCarol, 486, 'Busy Here');

    // The call is bob's: his mailbox, not carol's, and not a missed call.
    const deposit = await um.callLog.waitFor((e) => e.sipCallId === call.callId);
    expect(deposit).toMatchObject({ kind: 'deposit', mailbox: 'bob', diverted: true });
    expect((await call.waitForFinal()).status).toBe(200);
    expect((await call.bye()).status).toBe(200);
    expect(
      um.notifications.received.filter(
        (n) => n.notification.event.callId === call.callId && n.notification.event.type === 'missed',
      ),
    ).toEqual([]);
  } finally {
    await media.close();
    await lab.setCallForwarding('bob', null);
  }
});
