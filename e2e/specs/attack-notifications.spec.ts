import { randomBytes } from 'node:crypto';
import { test, expect } from '../support/fixtures';
import type { LabUser, RunningLab } from '../../lab/lab';
import type { RunningNotifier } from '../../lab/notifier';
import type { RunningUm } from '../../lab/um/server';
import { digestAuthorization, parseDigestChallenge } from '../../src/protocol/http-digest';
import {
  EUMR_DIAL_PLAN,
  SDP_OFFER,
  UM1_ADDR,
  eumrPorts,
  startNotifyingLab,
  wsUser,
  type NotifyingLab,
} from '../support/eumr-lab';
import { buildMessage, newBranch, randomToken, type SipMessage } from '../support/sip-message';
import { probe, probeVia, type Transport } from '../support/sip-probe';
import { PhonePage } from '../support/phone-page';
import { SipWsClient } from '../support/sip-ws-client';

/**
 * Issue 12, hole 4: a caller wrote into someone else's call history. The proxy copied a folded
 * Subject raw into the line-based call event it sends the notifier, whose parser let later lines
 * override earlier ones and took continuation lines: bob's history showed a missed emergency
 * call from "Your CEO". And anyone who reached the notifier's port could report calls.
 *
 * Here alice calls carol (UM-enabled) with every spelling of the attack, over every transport;
 * carol declines; the report the UM gets must be carol's, from alice, the caller's text on one
 * line. bob is never called: after all of it, and after an outsider's MESSAGEs straight to the
 * notifier, bob signs in and his history holds exactly the one real missed call a control adds.
 * Routing to voicemail is off in this lab, so a declined call is a missed one (3.2.4.1).
 */
test.describe.configure({ mode: 'serial' });

const OFFSET = 900;
const PORTS = eumrPorts(OFFSET);
const DOMAIN = 'umphone.test';
const BOB = `sip:bob@${DOMAIN}`;
const CAROL = `sip:carol@${DOMAIN}`;
let stack: NotifyingLab;
let lab: RunningLab;
let um: RunningUm;
let notifier: RunningNotifier;

test.beforeAll(async () => {
  stack = await startNotifyingLab('attack-notify', OFFSET, {
    dialPlans: [
      { name: EUMR_DIAL_PLAN, umServers: [{ address: UM1_ADDR, port: PORTS.um1Port, version: 15 }] },
    ],
    lab: { voicemailDiversion: false },
  });
  ({ lab, um, notifier } = stack);
});

test.afterAll(async () => {
  await stack?.stop();
});

const FORGED_LINES = [' user: bob', ' from: "Your CEO" <sip:ceo@umphone.test>', ' priority: emergency'];
const FLAT = 'user: bob from: "Your CEO" <sip:ceo@umphone.test> priority: emergency';

/** The attack's spellings: extra INVITE headers, the From display name, and what the UM must get. */
const VARIANTS: Array<{
  name: string;
  headers: string[];
  displayName?: string;
  expect: Record<string, string | undefined>;
}> = [
  {
    name: 'folded Subject (the issue)',
    headers: [`Subject: hello\r\n${FORGED_LINES.join('\r\n')}`],
    expect: { subject: `hello ${FLAT}`, priority: undefined },
  },
  {
    name: 'folded with tabs',
    headers: [`Subject: hello\r\n${FORGED_LINES.map((l) => `\t${l.trim()}`).join('\r\n')}`],
    expect: { subject: `hello ${FLAT}`, priority: undefined },
  },
  {
    name: 'compact header name s:',
    headers: [`s: hello\r\n${FORGED_LINES.join('\r\n')}`],
    expect: { subject: `hello ${FLAT}` },
  },
  {
    name: 'lower-case subject, folded twice in a row',
    headers: [`subject: hello\r\n \r\n${FORGED_LINES.join('\r\n')}`],
    expect: { subject: `hello ${FLAT}` },
  },
  {
    name: 'two Subject headers, the second folded',
    headers: ['Subject: first', `Subject: second\r\n${FORGED_LINES.join('\r\n')}`],
    expect: { subject: 'first' },
  },
  {
    name: 'folded Priority',
    headers: [`Priority: urgent\r\n${FORGED_LINES.slice(0, 2).join('\r\n')}`],
    expect: { priority: `urgent ${FLAT.replace(' priority: emergency', '')}`, subject: undefined },
  },
  {
    name: 'folded Referred-By',
    headers: [`Referred-By: <sip:alice@umphone.test>\r\n${FORGED_LINES.join('\r\n')}`],
    // A caller's own Referred-By never reaches the report: the proxy removes it and writes one only
    // for a referral it relayed itself (kamailio.cfg route[REFERRAL], RFC 3892), and the folded
    // lines never become fields either (user, from, priority as above).
    expect: { referredBy: undefined, priority: undefined },
  },
  // (A quoted display name folded over lines is not parsed by Kamailio at all: the request is
  // dropped as malformed. Tabs inside one are legal, RFC 3261 25.1 qdtext, and reach the report.)
  {
    name: 'tabs inside the From display name',
    headers: [],
    displayName: `"Alice\tuser: bob\tfrom: Your CEO"`,
    expect: { from: '"Alice user: bob from: Your CEO" <sip:alice@umphone.test>' },
  },
];

/** The UM's notification of `callId`, once it is there. */
function reportOf(callId: string) {
  return um.notifications.waitFor((n) => n.notification.event.callId === callId);
}

async function expectCarolsReport(callId: string, variant: (typeof VARIANTS)[number], where: string) {
  const got = await reportOf(callId);
  expect(got.notification.user, where).toBe(CAROL);
  expect(got.notification.event.type, where).toBe('missed');
  expect(got.notification.event.missedReason, where).toBe('Declined');
  if (!('from' in variant.expect)) expect(got.notification.event.from, where).toBe('sip:alice@umphone.test');
  for (const [key, value] of Object.entries(variant.expect)) {
    expect((got.notification.event as unknown as Record<string, unknown>)[key], `${where}: ${key}`).toBe(
      value,
    );
  }
}

/** carol declines the next INVITE she gets (603): the call is a missed one of hers. */
async function carolDeclines(carol: SipWsClient, callId: string): Promise<void> {
  const invite = await carol.waitForRequest((r) => r.method === 'INVITE' && r.callId === callId);
  carol.respond(invite, 603, 'Decline');
}

/**
 * alice's INVITE to carol over UDP, TCP or TLS, with digest (407 answered once), as raw text so
 * that the attack's header spellings reach the proxy as written.
 */
async function rawInvite(
  t: Transport,
  alice: LabUser,
  variant: (typeof VARIANTS)[number],
  carol: SipWsClient,
): Promise<string> {
  const callId = `${randomToken(10)}@attack`;
  const fromTag = randomToken();
  const from = `${variant.displayName ? `${variant.displayName} ` : ''}<sip:alice@${DOMAIN}>;tag=${fromTag}`;
  const text = (cseq: number, authorization?: string) =>
    buildMessage(
      `INVITE ${CAROL} SIP/2.0`,
      [
        probeVia(t, newBranch()),
        'Max-Forwards: 70',
        `From: ${from}`,
        `To: <${CAROL}>`,
        `Call-ID: ${callId}`,
        `CSeq: ${cseq} INVITE`,
        `Contact: <sip:alice@127.0.0.1:9;transport=${t}>`,
        ...variant.headers,
        ...(authorization ? [`Proxy-Authorization: ${authorization}`] : []),
        'Content-Type: application/sdp',
      ],
      SDP_OFFER,
    );
  const challenge = await probe(lab.config, t, text(1), callId);
  expect(challenge.status).toBe(407);
  const parsed = parseDigestChallenge(challenge.getHeader('proxy-authenticate'));
  if (!parsed) throw new Error('no digest challenge');
  const authorization = digestAuthorization(
    parsed,
    { username: alice.name, password: alice.password },
    'INVITE',
    CAROL,
    randomBytes(8).toString('hex'),
  );
  const final = probe(lab.config, t, text(2, authorization), callId);
  const first = await Promise.race([
    final.then((r) => `answered ${r.status} ${r.reason} before ringing carol`),
    carol.waitForRequest((r) => r.method === 'INVITE' && r.callId === callId).then(() => 'rang'),
  ]);
  expect(first, `${variant.name} over ${t}`).toBe('rang');
  await carolDeclines(carol, callId);
  expect((await final).status).toBe(603);
  return callId;
}

test('alice’s folded headers never become fields: carol’s report is carol’s, from alice, on every transport', async ({
  users,
}) => {
  const alice = users.alice!;
  const carol = await wsUser(lab, 'carol');
  const clients: SipWsClient[] = [carol];
  try {
    for (const variant of VARIANTS) {
      // WebSocket (the registered flow: no challenge) and secure WebSocket (digest on the INVITE).
      for (const t of ['ws', 'wss'] as const) {
        const caller = await SipWsClient.connect({
          url: t === 'ws' ? lab.wsUrl : lab.wssUrl,
          user: alice.name,
          password: alice.password,
          domain: DOMAIN,
        });
        clients.push(caller);
        if (t === 'ws') expect((await caller.register()).final.status).toBe(200);
        const call = caller.invite({
          uri: CAROL,
          body: SDP_OFFER,
          headers: variant.headers,
          ...(variant.displayName ? { from: `${variant.displayName} <sip:alice@${DOMAIN}>` } : {}),
        });
        await carolDeclines(carol, call.callId);
        expect((await call.waitForFinal()).status).toBe(603);
        await expectCarolsReport(call.callId, variant, `${variant.name} over ${t}`);
        await caller.close();
      }
      for (const t of ['udp', 'tcp', 'tls'] as const) {
        const callId = await rawInvite(t, alice, variant, carol);
        await expectCarolsReport(callId, variant, `${variant.name} over ${t}`);
      }
    }
    expect(um.notifications.forUser(BOB)).toEqual([]);
    expect(um.notifications.rejected).toEqual([]);
    expect(notifier.refused).toEqual([]);
  } finally {
    for (const c of clients) await c.close().catch(() => undefined);
  }
});

/** A MESSAGE to the notifier straight from a local process, as route[USER_NOTIFY] would write it. */
function outsiderMessage(secretHeaders: string[], user = 'bob'): Promise<SipMessage> {
  const callId = `${randomToken(10)}@outsider`;
  const body = [
    'event: missed',
    `user: ${user}`,
    `call-id: ${callId}`,
    'from: "Your CEO" <sip:ceo@umphone.test>',
    'reason: Declined',
    'priority: emergency',
    '',
  ].join('\r\n');
  const text = buildMessage(
    `MESSAGE sip:${lab.config.host}:${notifier.port};transport=tcp SIP/2.0`,
    [
      probeVia('tcp', newBranch()),
      'Max-Forwards: 70',
      `From: <sip:proxy@${DOMAIN}>;tag=${randomToken()}`,
      `To: <sip:notifier@${DOMAIN}>`,
      `Call-ID: ${callId}`,
      'CSeq: 1 MESSAGE',
      'Content-Type: text/x-um-phone-call-event',
      ...secretHeaders,
    ],
    body,
  );
  // the notifier's port over TCP: probe() speaks to a "tcp" listener at tcpPort
  return probe({ ...lab.config, tcpPort: notifier.port }, 'tcp', text, callId);
}

test('an outsider’s MESSAGE to the notifier is refused, with no secret, a guessed one or a stolen-looking one', async () => {
  const before = notifier.refused.length;
  const answers: number[] = [];
  for (const secretHeaders of [
    [],
    [`X-Lab-Notifier-Secret: ${'0'.repeat(64)}`],
    [`X-Lab-Notifier-Secret: ${notifier.secret.slice(0, -1)}`],
    [`X-Lab-Notifier-Secret: ${notifier.secret}x`],
    [`X-Lab-Notifier-Secret: ${notifier.secret.toUpperCase()}`],
  ]) {
    answers.push((await outsiderMessage(secretHeaders)).status);
  }
  expect(answers).toEqual([403, 403, 403, 403, 403]);
  expect(notifier.refused.slice(before)).toEqual([
    'no secret',
    'wrong secret',
    'wrong secret',
    'wrong secret',
    'wrong secret',
  ]);
  // Control: the same MESSAGE with the proxy's secret is accepted, so the refusals above are the
  // secret's doing (it names a user who is not bob, so bob's history stays his own).
  const control = await outsiderMessage([`X-Lab-Notifier-Secret: ${notifier.secret}`], 'mallory');
  expect(control.status).toBe(200);
});

test('after all of it bob’s history holds only his one real missed call', async ({ browser, users }) => {
  // Control: a real missed call of bob's (not registered: 480, reported as Declined).
  const alice = await wsUser(lab, 'alice');
  try {
    const call = alice.invite({ uri: BOB, body: SDP_OFFER, headers: ['Subject: the real one'] });
    expect((await call.waitForFinal()).status).toBe(480);
    const real = await reportOf(call.callId);
    expect(real.notification.user).toBe(BOB);
  } finally {
    await alice.close();
  }
  // What the UM holds for bob, and what his phone shows when he signs in: that call only.
  const forBob = um.notifications.forUser(BOB);
  expect(forBob.map((n) => n.notification.event.subject ?? '')).toEqual(['the real one']);

  // bob's phone reads the reports once registered; what the web API answered is kept for the
  // failure message (the phone treats a failed read as "no reports" until its next poll).
  const bob = await PhonePage.open(browser);
  const apiAnswers: string[] = [];
  bob.page.on('response', (r) => {
    if (r.url().includes('/um/'))
      apiAnswers.push(`${r.request().method()} ${new URL(r.url()).pathname} ${r.status()}`);
  });
  try {
    const bobUser = users.bob!;
    const reportsRead = bob.page.waitForResponse(
      (r) => r.url().endsWith('/um/notifications') && r.status() === 200,
    );
    await bob.signIn({
      serverUrl: lab.wsUrl,
      voicemailApiUrl: um.httpUrl,
      aor: bobUser.aor,
      password: bobUser.password,
    });
    await bob.expectRegistered();
    await reportsRead.catch(() => undefined);
    const entries = bob.page.getByRole('region', { name: 'History' }).getByTestId('history-entry');
    await expect(entries, `web API answers: ${apiAnswers.join(', ')}`).toHaveCount(1);
    await expect(entries.first().getByTestId('history-subject')).toHaveText('the real one');
    await expect(bob.page.getByRole('region', { name: 'History' })).not.toContainText('CEO');
  } finally {
    await bob.close();
  }
});
