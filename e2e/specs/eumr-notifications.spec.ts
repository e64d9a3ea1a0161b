import { test, expect } from '@playwright/test';
import { startLab, type RunningLab } from '../../lab/lab';
import type { RunningNotifier } from '../../lab/notifier';
import type { RunningUm } from '../../lab/um/server';
import {
  EUMR_DIAL_PLAN,
  SDP_OFFER,
  UM1_ADDR,
  eumrPorts,
  notificationsOverHttp,
  startNotifyingLab,
  wsUser,
  type NotifyingLab,
} from '../support/eumr-lab';
import type { SipWsClient } from '../support/sip-ws-client';

/**
 * MS-EUMR 3.2 missed-call notifications, end to end without a browser: Kamailio decides, the
 * notifier sidecar (lab/notifier.ts) opens the 2.2.4 INVITE dialog with the real UM emulator and
 * sends the INFO, and the UM validates it against the section 6 schema before keeping it.
 * Inactivity timer shortened to 1.5 s.
 */
test.describe.configure({ mode: 'serial' });

const PORTS = eumrPorts(300);
let stack: NotifyingLab;
let notifier: RunningNotifier;
let lab: RunningLab;
let um: RunningUm;
const open: SipWsClient[] = [];

test.beforeAll(async () => {
  stack = await startNotifyingLab('eumr-notify', 300, {
    dialPlans: [
      { name: EUMR_DIAL_PLAN, umServers: [{ address: UM1_ADDR, port: PORTS.um1Port, version: 15 }] },
    ],
    inactivityMs: 1500,
  });
  ({ notifier, lab, um } = stack);
});

test.afterAll(async () => {
  await stack?.stop();
});

test.afterEach(async () => {
  for (const c of open.splice(0)) await c.close().catch(() => undefined);
});

async function user(target: RunningLab, name: string): Promise<SipWsClient> {
  const c = await wsUser(target, name);
  open.push(c);
  return c;
}

test('alice hangs up while bob’s phone rings: the UM gets a schema-valid missed call (CallerReleased) with her Subject and Priority', async () => {
  const bob = await user(lab, 'bob');
  const alice = await user(lab, 'alice');
  const call = alice.invite({
    uri: 'sip:bob@umphone.test',
    headers: ['Subject: Quarterly <numbers> & more', 'Priority: urgent'],
    body: SDP_OFFER,
  });
  const atBob = await bob.waitForRequest((r) => r.method === 'INVITE');
  bob.respond(atBob, 180, 'Ringing');
  await call.waitForResponse(180);
  await call.cancel();
  bob.respond(await bob.waitForRequest((r) => r.method === 'CANCEL'), 200, 'OK');
  bob.respond(atBob, 487, 'Request Terminated');

  const got = await um.notifications.waitFor((n) => n.notification.event.callId === call.callId);
  expect(got.notification).toMatchObject({
    user: 'sip:bob@umphone.test',
    event: {
      type: 'missed',
      missedReason: 'CallerReleased',
      from: 'sip:alice@umphone.test',
      subject: 'Quarterly <numbers> & more',
      priority: 'urgent',
    },
  });
  expect(got.notification.time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/);
  expect(um.notifications.rejected).toEqual([]);
  // No diversion happened: nothing was deposited.
  expect(um.callLog.entries.filter((e) => e.kind === 'deposit')).toHaveLength(0);

  // What bob's phone can show in its history: his own missed calls from the UM's web API.
  const notifications = await notificationsOverHttp(um, 'bob', 'bob-pass');
  expect(notifications[0]).toMatchObject({
    type: 'missed',
    missedReason: 'CallerReleased',
    caller: 'sip:alice@umphone.test',
    subject: 'Quarterly <numbers> & more',
    priority: 'urgent',
    callId: call.callId,
  });
});

test('the dialog is reused for the next notification, and closed after the inactivity timer', async () => {
  const opened = notifier.dialogsOpened;
  const bob = await user(lab, 'bob');
  const alice = await user(lab, 'alice');
  const ring = async () => {
    const call = alice.invite({ uri: 'sip:bob@umphone.test', body: SDP_OFFER });
    const atBob = await bob.waitForRequest((r) => r.method === 'INVITE' && r.callId === call.callId);
    bob.respond(atBob, 180, 'Ringing');
    await call.waitForResponse(180);
    await call.cancel();
    bob.respond(
      await bob.waitForRequest((r) => r.method === 'CANCEL' && r.callId === call.callId),
      200,
      'OK',
    );
    bob.respond(atBob, 487, 'Request Terminated');
    await um.notifications.waitFor((n) => n.notification.event.callId === call.callId);
  };
  await ring();
  // Within 1.5 s of the first test's notification or not: at most one new dialog so far.
  const afterFirst = notifier.dialogsOpened;
  await ring();
  expect(notifier.dialogsOpened).toBe(afterFirst); // 3.2.3: reused
  expect(afterFirst - opened).toBeLessThanOrEqual(1);
  await new Promise((r) => setTimeout(r, 2500)); // 3.2.6: inactivity → BYE
  await ring();
  expect(notifier.dialogsOpened).toBe(afterFirst + 1);
});

test('3.2.4.1: bob declines a private-no-diversion call: not diverted and no Declined notification', async () => {
  const before = notifier.delivered.length;
  const bob = await user(lab, 'bob');
  const alice = await user(lab, 'alice');
  const call = alice.invite({
    uri: 'sip:bob@umphone.test',
    headers: ['Ms-Sensitivity: private-no-diversion'],
    body: SDP_OFFER,
  });
  bob.respond(await bob.waitForRequest((r) => r.method === 'INVITE'), 603, 'Decline');
  expect((await call.waitForFinal()).status).toBe(603);
  await new Promise((r) => setTimeout(r, 1000));
  expect(notifier.delivered.length).toBe(before);
});

test('without routing to voicemail, bob declining is a missed call (Declined)', async () => {
  const lab2 = await startLab({
    name: `eumr-notify-nodiv-${process.pid}`,
    ...(({ wsPort, wssPort, tcpPort, tlsPort }) => ({ wsPort, wssPort, tcpPort, tlsPort }))(eumrPorts(400)),
    umAddr: UM1_ADDR,
    umPort: PORTS.um1Port,
    dialPlans: lab.config.dialPlans,
    notifierPort: notifier.port,
    notifierSecret: notifier.secret,
    echoLog: false,
  });
  try {
    const bob = await user(lab2, 'bob');
    const alice = await user(lab2, 'alice');
    const call = alice.invite({ uri: 'sip:bob@umphone.test', headers: ['Subject: lunch?'], body: SDP_OFFER });
    bob.respond(await bob.waitForRequest((r) => r.method === 'INVITE'), 603, 'Decline');
    expect((await call.waitForFinal()).status).toBe(603);
    const got = await um.notifications.waitFor((n) => n.notification.event.callId === call.callId);
    expect(got.notification.event).toMatchObject({
      type: 'missed',
      missedReason: 'Declined',
      subject: 'lunch?',
    });
  } finally {
    for (const c of open.splice(0)) await c.close().catch(() => undefined);
    await lab2.stop();
  }
});
