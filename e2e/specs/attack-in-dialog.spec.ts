import type { Page } from '@playwright/test';
import { test, expect } from '../support/fixtures';
import { PhonePage } from '../support/phone-page';
import { E2E_LAB, E2E_WS_URL } from '../support/e2e-config';
import type { SipWsClient } from '../support/sip-ws-client';
import { e2eWsClient } from '../support/e2e-ws-client';
import {
  SipMessage,
  buildMessage,
  headerUri,
  newBranch,
  randomToken,
  splitHeaderList,
} from '../support/sip-message';
import { E2E_PROXY_PORTS, TRANSPORTS, probe, probeVia, type Transport } from '../support/sip-probe';
import { VALID_SDP } from '../support/fake-proxy';

/**
 * Issue 12, hole 1: an in-dialog request (one with a To-tag) is relayed only for a dialog the
 * proxy set up, and only to the end of it the proxy recorded (kamailio.cfg route[WITHINDLG]).
 * The attack: an outsider, no credentials, any transport, sends a request with a To-tag,
 * `Route: <sip:127.0.0.1;lr>` and a Request-URI whose `;alias=127.0.0.1~PORT~5` names a
 * browser's WebSocket connection. Before the fix it reached bob's browser, and the answer for
 * bob's port (relayed) differed from every other port (500), so one OPTIONS per port found each
 * browser. Every "bob saw nothing" below is followed, in the same test, by a request of the real
 * dialog reaching bob, so it cannot pass because the probe or the observer is broken.
 *
 * And a request of a real dialog is relayed only from its sender's own end (route[DLG_SENDER]):
 * someone who learnt a call's Call-ID, tags and route cannot end it or re-INVITE it from another
 * connection. The controls therefore send the real dialog's requests over the caller's own
 * connection (her SipWsClient, or her browser's hold and resume).
 */

const DOMAIN = E2E_LAB.domain;
// The proxy's own 481 (its Server header), not a phone's answer to a request that reached it.
const REFUSED = '481 Call/Transaction Does Not Exist (um-phone-lab)';
// Longer than the proxy's fr_timer (5 s): a probe that was relayed to a silent browser ends
// with the proxy's 408 instead, which is not the 481 expected.
const PROBE_TIMEOUT_MS = 8000;

const SDP = VALID_SDP;

/** How a probe spells its headers: the parser variants an attacker would try. */
type Style = 'plain' | 'compact' | 'lowercase' | 'folded' | 'duplicate' | 'uppercase-param' | 'bare-route';
const STYLES: readonly Style[] = [
  'plain',
  'compact',
  'lowercase',
  'folded',
  'duplicate',
  'uppercase-param',
  'bare-route',
];

interface InDialog {
  method: string;
  /** Request-URI. */
  uri: string;
  callId: string;
  from: string;
  fromTag: string;
  to: string;
  toTag: string;
  /** Route header values, in order. */
  routes: string[];
  style?: Style;
  body?: string;
  /** CSeq number (default: random), so a spec can tell its probe from another. */
  cseq?: number;
}

/** The text of an in-dialog request sent over `t`, spelled in `style`. */
function inDialogRequest(t: Transport, r: InDialog): string {
  const style = r.style ?? 'plain';
  const names =
    style === 'compact'
      ? { via: 'v', from: 'f', to: 't', callId: 'i', contact: 'm', route: 'Route', cseq: 'CSeq' }
      : style === 'lowercase'
        ? {
            via: 'via',
            from: 'from',
            to: 'to',
            callId: 'call-id',
            contact: 'contact',
            route: 'route',
            cseq: 'cseq',
          }
        : {
            via: 'Via',
            from: 'From',
            to: 'To',
            callId: 'Call-ID',
            contact: 'Contact',
            route: 'Route',
            cseq: 'CSeq',
          };
  const via = probeVia(t, newBranch()).replace(/^Via:/, `${names.via}:`);
  const routes =
    style === 'folded'
      ? [`${names.route}:\r\n ${r.routes.join(',\r\n\t')}`]
      : style === 'duplicate'
        ? [...r.routes, ...r.routes].map((v) => `${names.route}: ${v}`)
        : r.routes.map((v) => `${names.route}: ${v}`);
  const to =
    style === 'folded'
      ? `${names.to}: <${r.to}>\r\n ;tag=${r.toTag}`
      : `${names.to}: <${r.to}>;tag=${r.toTag}`;
  const uri = style === 'uppercase-param' ? r.uri.replace(';alias=', ';ALIAS=') : r.uri;
  const headers = [
    via,
    'Max-Forwards: 70',
    ...routes,
    `${names.from}: <${r.from}>;tag=${r.fromTag}`,
    to,
    `${names.callId}: ${r.callId}`,
    `${names.cseq}: ${r.cseq ?? Math.floor(Math.random() * 1000) + 10} ${r.method}`,
    `${names.contact}: <sip:probe@probe.invalid;transport=${t === 'wss' ? 'ws' : t}>`,
  ];
  if (r.body) headers.push('Content-Type: application/sdp');
  return buildMessage(`${r.method} ${uri} SIP/2.0`, headers, r.body ?? '');
}

/** A forged request: fresh Call-ID and tags, a Route naming this proxy, an alias of our choosing. */
function forged(method: string, aliasPort: number, style: Style = 'plain', proto = 5): InDialog {
  return {
    method,
    uri: `sip:bob@x.invalid;alias=127.0.0.1~${aliasPort}~${proto}`,
    callId: `forged-${randomToken(10)}`,
    from: `sip:mallory@${DOMAIN}`,
    fromTag: randomToken(),
    to: `sip:bob@${DOMAIN}`,
    toTag: randomToken(),
    // This proxy, as the issue's probe named it on the default ports (5060): here its SIP port;
    // 'bare-route' keeps the issue's literal `<sip:127.0.0.1;lr>`.
    routes: [style === 'bare-route' ? '<sip:127.0.0.1;lr>' : `<sip:127.0.0.1:${E2E_LAB.tcpPort};lr>`],
    style,
    ...(method === 'INVITE' ? { body: SDP } : {}),
  };
}

/** Port of the `;alias=IP~PORT~PROTO` the proxy wrote into a Contact URI. */
function aliasPort(uri: string): number {
  const m = /;alias=[\d.]+~(\d+)~\d+/.exec(uri);
  if (!m) throw new Error(`no alias in ${uri}`);
  return Number(m[1]);
}

const statusLine = (m: SipMessage) =>
  `${m.status} ${m.reason}${m.getHeader('server') !== undefined ? ` (${m.getHeader('server')})` : ''}`;

interface Call {
  callId: string;
  callerAor: string;
  calleeAor: string;
  callerTag: string;
  calleeTag: string;
  /** The callee's Contact as the caller got it (the proxy's alias in it). */
  calleeTarget: string;
  /** The caller's Contact as the callee got it. */
  callerTarget: string;
  /** Route set of the caller's requests (RFC 3261 12.1.2: Record-Route of the 2xx, reversed). */
  callerRoutes: string[];
}

/** `caller` calls `callee` through the lab; the callee answers; resolves once the ACK reached it. */
async function answeredCall(caller: SipWsClient, callee: SipWsClient): Promise<Call> {
  const call = caller.invite({ uri: callee.aor, body: SDP });
  const invite = await callee.waitForRequest((r) => r.method === 'INVITE' && r.callId === call.callId);
  const calleeTag = callee.respond(invite, 200, 'OK', { body: SDP });
  const ok = await call.waitForResponse(200);
  await callee.waitForRequest((r) => r.method === 'ACK' && r.callId === call.callId);
  return {
    callId: call.callId,
    callerAor: caller.aor,
    calleeAor: callee.aor,
    callerTag: invite.fromTag ?? '',
    calleeTag,
    calleeTarget: headerUri(ok.getHeader('contact') ?? ''),
    callerTarget: headerUri(invite.getHeader('contact') ?? ''),
    callerRoutes: splitHeaderList(ok.getHeaders('record-route')).reverse(),
  };
}

/**
 * Sends `r` over `client`'s own connection (as its phone would) and resolves with the proxy's or
 * the far end's final answer to it.
 */
async function overOwnConnection(client: SipWsClient, r: InDialog): Promise<SipMessage> {
  // Above any CSeq the client has used (it starts below 1001), and each one new: an answer is
  // known by its Call-ID, CSeq number and method.
  const seq = r.cseq ?? nextOwnCseq++;
  client.sendRaw(inDialogRequest('ws', { ...r, cseq: seq }));
  return client.responses.wait(
    (m) => m.callId === r.callId && m.cseq.seq === seq && m.cseq.method === r.method && m.status >= 200,
    PROBE_TIMEOUT_MS,
    `an answer to ${r.method} ${seq}`,
  );
}
let nextOwnCseq = 3000;

/** A request of the caller's side of `call`, as its real owner would send it. */
function fromCaller(call: Call, method: string, overrides: Partial<InDialog> = {}): InDialog {
  return {
    method,
    uri: call.calleeTarget,
    callId: call.callId,
    from: call.callerAor,
    fromTag: call.callerTag,
    to: call.calleeAor,
    toTag: call.calleeTag,
    routes: call.callerRoutes,
    ...overrides,
  };
}

test.describe('in-dialog requests reach only dialogs the proxy set up, and only their recorded ends', () => {
  let alice: SipWsClient;
  let bob: SipWsClient;
  let carol: SipWsClient;

  test.beforeEach(async ({ users }) => {
    alice = await e2eWsClient(users.alice!);
    bob = await e2eWsClient(users.bob!);
    carol = await e2eWsClient(users.carol!);
  });
  test.afterEach(async () => {
    await Promise.all([alice.close(), bob.close(), carol.close()]);
  });

  test('control: a request of the dialog over the caller’s own connection reaches bob, in every spelling', async () => {
    const call = await answeredCall(alice, bob);
    let cseq = 1000;
    const outcomes: string[] = [];
    const expected: string[] = [];
    // A repeated Route set or an ;ALIAS= is not the dialog's own: only these spellings are
    // ('bare-route' only changes forged Routes).
    for (const style of STYLES.filter((s) => !['uppercase-param', 'duplicate', 'bare-route'].includes(s))) {
      const seq = ++cseq;
      const answer = overOwnConnection(alice, fromCaller(call, 'INFO', { style, cseq: seq }));
      const atBob = await bob
        .waitForRequest((r) => r.method === 'INFO' && r.callId === call.callId && r.cseq.seq === seq, 2000)
        .catch(() => undefined);
      if (atBob) bob.respond(atBob, 200, 'OK');
      expected.push(`${style}: 200 OK`);
      outcomes.push(`${style}: ${await answer.then(statusLine, (e: Error) => e.message)}`);
    }
    expect(outcomes).toEqual(expected);
  });

  test('the same requests of the dialog from any other connection: 481 on every transport, and bob sees none', async () => {
    // Someone who learnt the call's Call-ID, tags and route (here: all of it) and sends alice's
    // requests from elsewhere (kamailio.cfg route[DLG_SENDER]).
    const call = await answeredCall(alice, bob);
    let cseq = 2000;
    const sent: number[] = [];
    for (const t of TRANSPORTS) {
      for (const method of ['BYE', 'INVITE', 'INFO']) {
        const seq = ++cseq;
        sent.push(seq);
        const r = fromCaller(call, method, { cseq: seq, ...(method === 'INVITE' ? { body: SDP } : {}) });
        const answer = await probe(E2E_PROXY_PORTS, t, inDialogRequest(t, r), call.callId, PROBE_TIMEOUT_MS);
        expect(statusLine(answer), `${method} over ${t}`).toBe(REFUSED);
      }
    }
    // carol's own registered WebSocket is another connection too.
    const seq = ++cseq;
    sent.push(seq);
    expect(statusLine(await overOwnConnection(carol, fromCaller(call, 'BYE', { cseq: seq })))).toBe(REFUSED);
    // The observer is live: alice's own INFO reaches bob after all of them, and the call is up.
    const info = overOwnConnection(alice, fromCaller(call, 'INFO', { cseq: cseq + 1 }));
    bob.respond(await bob.waitForRequest((r) => r.method === 'INFO' && r.callId === call.callId), 200, 'OK');
    expect((await info).status).toBe(200);
    expect(
      bob.requests.items
        .filter((r) => r.callId === call.callId && sent.includes(r.cseq.seq))
        .map((r) => r.method),
    ).toEqual([]);
  });

  test('an outsider’s forged in-dialog request never reaches bob: 481 on every transport and spelling', async () => {
    // bob's connection, as the proxy names it in his Contact (a call shows it to any caller).
    const call = await answeredCall(alice, bob);
    const bobPort = aliasPort(call.calleeTarget);
    const sent: string[] = [];
    for (const t of TRANSPORTS) {
      for (const style of STYLES) {
        for (const method of ['INVITE', 'BYE', 'MESSAGE', 'NOTIFY']) {
          const r = forged(method, bobPort, style);
          sent.push(r.callId);
          const answer = await probe(E2E_PROXY_PORTS, t, inDialogRequest(t, r), r.callId, PROBE_TIMEOUT_MS);
          expect(statusLine(answer), `${method} over ${t}, ${style}`).toBe(REFUSED);
        }
      }
      // The alias of a secure WebSocket (proto 6) and of a TCP flow (proto 2) to the same port.
      for (const proto of [6, 2]) {
        const r = forged('INVITE', bobPort, 'plain', proto);
        sent.push(r.callId);
        const answer = await probe(E2E_PROXY_PORTS, t, inDialogRequest(t, r), r.callId, PROBE_TIMEOUT_MS);
        expect(statusLine(answer), `proto ${proto} over ${t}`).toBe(REFUSED);
      }
    }
    // The observer is live: a real in-dialog request of the call reaches bob after all of them.
    const info = overOwnConnection(alice, fromCaller(call, 'INFO'));
    bob.respond(await bob.waitForRequest((r) => r.method === 'INFO' && r.callId === call.callId), 200, 'OK');
    expect((await info).status).toBe(200);
    expect(bob.requests.items.filter((r) => sent.includes(r.callId)).map((r) => r.method)).toEqual([]);
  });

  test('every port gets the same answer: one OPTIONS per port finds no browser', async () => {
    const aliceCall = await answeredCall(alice, bob);
    const bobPort = aliasPort(aliceCall.calleeTarget);
    const alicePort = aliasPort(aliceCall.callerTarget);
    const ports = [bobPort, alicePort, bobPort + 1, bobPort - 1, E2E_LAB.wsPort, 9, 65535];
    for (const t of TRANSPORTS) {
      const answers: string[] = [];
      for (const port of ports) {
        const r = forged('OPTIONS', port);
        answers.push(
          statusLine(await probe(E2E_PROXY_PORTS, t, inDialogRequest(t, r), r.callId, PROBE_TIMEOUT_MS)),
        );
      }
      expect(answers, `OPTIONS over ${t} to ports ${ports.join(', ')}`).toEqual(ports.map(() => REFUSED));
    }
  });

  test('inside her own call with bob, alice cannot point a request at carol’s connection', async () => {
    const call = await answeredCall(alice, bob);
    // carol's connection, as the proxy names it (a call from carol shows it).
    const carolCall = await answeredCall(carol, alice);
    const carolAlias = /;alias=([^;>]+)/.exec(carolCall.callerTarget)?.[1] ?? '';
    expect(carolAlias).not.toBe('');
    const bobTarget = call.calleeTarget;
    const variants: Array<[string, InDialog]> = [
      [
        'alias swapped for carol’s',
        fromCaller(call, 'INFO', { uri: bobTarget.replace(/;alias=[^;>]+/, `;alias=${carolAlias}`) }),
      ],
      ['bob’s alias, then carol’s', fromCaller(call, 'INFO', { uri: `${bobTarget};alias=${carolAlias}` })],
      [
        'carol’s alias, then bob’s',
        fromCaller(call, 'INFO', {
          uri: bobTarget.replace(/;alias=([^;>]+)/, `;alias=${carolAlias};alias=$1`),
        }),
      ],
      [
        'carol’s alias added twice',
        fromCaller(call, 'INFO', {
          uri: `${bobTarget.replace(/;alias=[^;>]+/, '')};alias=${carolAlias};alias=${carolAlias}`,
        }),
      ],
      [
        'no alias (the browser’s .invalid host)',
        fromCaller(call, 'INFO', { uri: bobTarget.replace(/;alias=[^;>]+/, '') }),
      ],
      [
        'a host of its choosing',
        fromCaller(call, 'INFO', { uri: `sip:bob@127.0.0.1:${E2E_LAB.tcpPort};transport=tcp` }),
      ],
      // Playing bob's side of the dialog (tags swapped): the caller's end is alice's own connection.
      [
        'tags swapped, towards carol',
        fromCaller(call, 'INFO', {
          uri: `sip:x@x.invalid;alias=${carolAlias}`,
          from: call.calleeAor,
          fromTag: call.calleeTag,
          to: call.callerAor,
          toTag: call.callerTag,
        }),
      ],
      [
        'an extra Route beyond the proxy',
        fromCaller(call, 'INFO', {
          routes: [...call.callerRoutes, `<sip:127.0.0.1:${E2E_LAB.tcpPort};transport=tcp;lr>`],
        }),
      ],
    ];
    // Over alice's own connection, so that it is the target, not the sender, that is refused.
    for (const [name, r] of variants) {
      expect(statusLine(await overOwnConnection(alice, r)), name).toBe(REFUSED);
    }
    // The same request with bob's own Request-URI still reaches bob: the dialog itself works.
    const info = overOwnConnection(alice, fromCaller(call, 'INFO'));
    bob.respond(await bob.waitForRequest((r) => r.method === 'INFO' && r.callId === call.callId), 200, 'OK');
    expect((await info).status).toBe(200);
    expect(carol.requests.items.filter((r) => r.method === 'INFO').map((r) => r.callId)).toEqual([]);
    expect(bob.requests.items.filter((r) => r.method === 'INFO')).toHaveLength(1);
  });
});

/** Every SIP text frame the page receives over its WebSockets. */
function watchFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
  return frames;
}

function firstLineWithCallId(frames: string[], callId: string): string[] {
  return frames
    .filter((f) => new RegExp(`^(call-id|i)[ \\t]*:[ \\t]*${callId}[ \\t]*$`, 'im').test(f))
    .map((f) => f.split('\r\n')[0] ?? '');
}

test('bob’s browser never receives a forged in-dialog request; its real call’s own requests do', async ({
  browser,
  users,
}) => {
  const alice = users.alice!;
  const bob = users.bob!;
  const alicePhone = await PhonePage.open(browser);
  const bobPhone = await PhonePage.open(browser);
  try {
    const aliceFrames = watchFrames(alicePhone.page);
    const aliceSent: string[] = [];
    alicePhone.page.on('websocket', (ws) => ws.on('framesent', (f) => aliceSent.push(String(f.payload))));
    const bobFrames = watchFrames(bobPhone.page);
    for (const [phone, user] of [
      [alicePhone, alice],
      [bobPhone, bob],
    ] as const) {
      await phone.signIn({
        serverUrl: E2E_WS_URL,
        aor: user.aor,
        password: user.password,
        displayName: user.displayName,
      });
      await phone.expectRegistered();
    }

    // A real call: alice's browser calls bob's, bob answers.
    await alicePhone.dial('bob');
    await bobPhone.incoming().getByRole('button', { name: 'Answer' }).click();
    await expect(bobPhone.active()).toHaveAttribute('data-state', 'connected');
    // The call as alice's page sent and got it (waited for: frames arrive as events).
    await expect.poll(() => aliceSent.some((f) => f.startsWith('INVITE '))).toBe(true);
    const invite = new SipMessage(aliceSent.find((f) => f.startsWith('INVITE ')) ?? '');
    const isOk = (f: string) => {
      if (!f.startsWith('SIP/2.0 200')) return false;
      const m = new SipMessage(f);
      return m.callId === invite.callId && m.cseq.method === 'INVITE';
    };
    await expect.poll(() => aliceFrames.some(isOk)).toBe(true);
    const ok = new SipMessage(aliceFrames.find(isOk) ?? '');
    const call: Call = {
      callId: invite.callId,
      callerAor: alice.aor,
      calleeAor: bob.aor,
      callerTag: invite.fromTag ?? '',
      calleeTag: ok.toTag ?? '',
      calleeTarget: headerUri(ok.getHeader('contact') ?? ''),
      callerTarget: headerUri(invite.getHeader('contact') ?? ''),
      callerRoutes: splitHeaderList(ok.getHeaders('record-route')).reverse(),
    };
    const bobPort = aliasPort(call.calleeTarget);

    // The call's own in-dialog requests pass both ways: each side puts it on hold and back
    // (re-INVITEs from the callee, then from the caller).
    // The (re-)INVITEs of the call answered 200, each counted once (a 200 is retransmitted until
    // its ACK arrives, RFC 3261 13.3.1.4).
    const oksToInvite = (frames: string[]) =>
      new Set(
        frames
          .filter((f) => f.startsWith('SIP/2.0 200'))
          .map((f) => new SipMessage(f))
          .filter((m) => m.callId === call.callId && m.cseq.method === 'INVITE')
          .map((m) => `${m.fromTag ?? ''} ${m.cseq.seq}`),
      ).size;
    // Hold moves the call to the held list (one active call, issue 15); Resume brings it back.
    const holdAndResume = async (phone: PhonePage, frames: string[]) => {
      const before = oksToInvite(frames);
      await phone.active().getByRole('button', { name: 'Hold' }).click();
      await expect.poll(() => oksToInvite(frames)).toBe(before + 1);
      await phone.page
        .getByTestId('held-call')
        .getByRole('button', { name: /^Resume the call with/ })
        .click();
      await expect.poll(() => oksToInvite(frames)).toBe(before + 2);
      await expect(phone.active().getByTestId('call-status')).toHaveText('Connected');
    };
    await holdAndResume(bobPhone, bobFrames);
    await holdAndResume(alicePhone, aliceFrames);
    for (const t of TRANSPORTS) {
      // The attack, each spelling: the proxy's 481.
      const sent: string[] = [];
      for (const style of STYLES) {
        const r = forged('INVITE', bobPort, style);
        sent.push(r.callId);
        const answer = await probe(E2E_PROXY_PORTS, t, inDialogRequest(t, r), r.callId, PROBE_TIMEOUT_MS);
        expect(statusLine(answer), `INVITE over ${t}, ${style}`).toBe(REFUSED);
      }
      // Then the real call's own request from alice's page (hold, then resume), which reaches
      // bob's page over the same WebSocket: once it is there, anything relayed before it would
      // be there too.
      const reInvites = () =>
        firstLineWithCallId(bobFrames, call.callId).filter((l) => l.startsWith('INVITE ')).length;
      const before = reInvites();
      await holdAndResume(alicePhone, aliceFrames);
      await expect.poll(reInvites, `control after ${t}`).toBe(before + 2);
      expect(
        sent.flatMap((id) => firstLineWithCallId(bobFrames, id)),
        `forged requests at bob over ${t}`,
      ).toEqual([]);
    }
    // Still a working call after all of it: bob hangs up (BYE).
    await expect(bobPhone.active()).toHaveAttribute('data-state', 'connected');
    await bobPhone.active().getByRole('button', { name: 'Hang up' }).click();
    await expect(alicePhone.active()).toHaveCount(0);
  } finally {
    await alicePhone.close();
    await bobPhone.close();
  }
});
