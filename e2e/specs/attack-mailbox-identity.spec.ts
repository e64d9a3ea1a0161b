/**
 * Issue 12, hole 2: alice must never open bob's mailbox, whatever she writes into her request.
 *
 * Real Kamailio (the e2e lab) and the real voicemail server emulator (lab/um). alice is a
 * registered SIP-over-WebSocket user from 127.0.0.1, so the proxy keeps her
 * `Ms-Exchange-Command: skip-pin` (route[SKIP_PIN]): exactly the position the attack needs. Her
 * caller is a werift media leg, so the voicemail server really answers, connects audio and plays
 * its prompts; what she is played is what the server's call log records (as in
 * voicemail-journeys.spec.ts). bob's mailbox holds a message, so opening it would be announced
 * ("you have N new messages").
 *
 * Two labs: the shared e2e lab (routing to voicemail off: `;opaque=app:voicemail` reaches the
 * server with its Request-URI unchanged) and one with routing to voicemail on, as `npm start` runs
 * (MS-EUMR 2.2.2: the server is addressed by dial plan, and a call without Diversion is subscriber
 * access to the caller's own mailbox, so the caller's identity alone picks the mailbox).
 *
 * The defence: the proxy removes any P-Asserted-Identity a client sends and asserts the one it
 * authenticated (RFC 3325 9.1), the server takes owner and caller from that PAI only and parses
 * name-addr by RFC 3261 25.1 (a `<` inside a quoted display name is text), and refuses what can be
 * read two ways (two From, two PAIs: 400).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { labUsers, type RunningLab } from '../../lab/lab';
import type { CallLogEntry } from '../../lab/um/calllog';
import { MailboxStore } from '../../lab/um/mailbox/store';
import { MediaSession } from '../../lab/um/media/session';
import type { RunningUm } from '../../lab/um/server';
import { E2E_LAB, E2E_WS_URL } from '../support/e2e-config';
import { eumrPorts, startEumrLab, startSharedLabUm, startUmAt, UM1_ADDR } from '../support/eumr-lab';
import { expect, test } from '../support/fixtures';
import {
  buildMessage,
  newBranch,
  randomToken,
  splitHeaderList,
  type SipMessage,
} from '../support/sip-message';
import { SipWsClient } from '../support/sip-ws-client';

const DOMAIN = E2E_LAB.domain;
const VM_ALICE = `sip:alice@${DOMAIN};opaque=app:voicemail`;
const VM_BOB = `sip:bob@${DOMAIN};opaque=app:voicemail`;
const TRICK = `"<sip:bob@${DOMAIN}>" <sip:alice@${DOMAIN}>`;
const ALICE = labUsers(undefined, DOMAIN).find((u) => u.name === 'alice');

/** The voicemail server and alice's registered WebSocket flow to the proxy in front of it. */
interface Stack {
  um: RunningUm;
  alice: SipWsClient;
  stop(): Promise<void>;
}

/** bob has a new message: opening his mailbox would announce it. */
async function seedBob(dataDir: string): Promise<void> {
  const seed = await MailboxStore.open(
    path.join(dataDir, 'mailboxes'),
    labUsers(undefined, DOMAIN).map((u) => u.name),
    () => undefined,
  );
  await seed.add('bob', {
    caller: `sip:carol@${DOMAIN}`,
    callerName: 'Carol',
    receivedAt: new Date(),
    subject: 'for bob only',
    priority: 'normal',
    audio: Buffer.alloc(8000, 0x7e),
  });
  await seed.flush();
}

async function registeredAlice(wsUrl: string): Promise<SipWsClient> {
  if (!ALICE) throw new Error('no alice');
  const alice = await SipWsClient.connect({
    url: wsUrl,
    user: 'alice',
    password: ALICE.password,
    domain: DOMAIN,
  });
  const { final } = await alice.register();
  expect(final.status).toBe(200);
  return alice;
}

/** The shared e2e lab (routing to voicemail off) and the real voicemail server at its UM address. */
async function sharedLabStack(): Promise<Stack> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'um-attack-'));
  await seedBob(dataDir);
  const um = await startSharedLabUm(dataDir);
  return stackOf(um, await registeredAlice(E2E_WS_URL), dataDir);
}

/** A lab with routing to voicemail on (as `npm start`), its UM server the real emulator. */
async function divertingLabStack(): Promise<Stack> {
  const lab = await startEumrLab('attack-mailbox', 500);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'um-attack-eumr-'));
  await seedBob(dataDir);
  const um = await startUmAt(lab, UM1_ADDR, eumrPorts(500).um1Port, { dataDir });
  return stackOf(um, await registeredAlice(lab.wsUrl), dataDir, lab);
}

/** The stack's parts, stopped in reverse order: alice, the UM, its own lab if any, the mailboxes. */
function stackOf(um: RunningUm, alice: SipWsClient, dataDir: string, lab?: RunningLab): Stack {
  return {
    um,
    alice,
    async stop() {
      await alice.register(0).catch(() => undefined);
      await alice.close();
      await um.stop();
      await lab?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let stack: Stack;

/** What the caller got: the final answer, and when the server took the call, its log entry. */
interface Outcome {
  status: number;
  entry: CallLogEntry | undefined;
}

/**
 * alice calls with real media (werift) and a From/extra headers of her choosing; when the server
 * answers, waits until it has played its first prompt to her, then hangs up.
 */
async function callWithMedia(
  uri: string,
  from: string | undefined,
  headers: string[] = [],
): Promise<Outcome> {
  const { session, sdp } = await MediaSession.offer({
    iceAdditionalHostAddresses: ['127.0.0.1'],
    log: () => {},
  });
  try {
    const call = stack.alice.invite({
      uri,
      ...(from !== undefined ? { from } : {}),
      headers: ['Ms-Exchange-Command: skip-pin', ...headers],
      body: sdp,
      contentType: 'application/sdp',
    });
    const final = await call.waitForFinal(15_000);
    if (final.status !== 200)
      return {
        status: final.status,
        entry: stack.um.callLog.entries.find((e) => e.sipCallId === call.callId),
      };
    await session.acceptAnswer(final.body);
    // The first thing the server says to her: the PIN prompt, a mailbox's message count, or a greeting.
    const entry = await stack.um.callLog.waitFor(
      (e) => e.sipCallId === call.callId && e.prompts.length > 0,
      20_000,
    );
    await call.bye().catch(() => undefined);
    return { status: final.status, entry: { ...entry, prompts: [...entry.prompts] } };
  } finally {
    await session.close();
  }
}

/** Sends a hand-made INVITE (header names and forms exactly as given) on alice's flow. */
function sendRawInvite(uri: string, callId: string, headerLines: string[], sdp: string): void {
  stack.alice.sendRaw(
    buildMessage(
      `INVITE ${uri} SIP/2.0`,
      [
        `Via: SIP/2.0/WS ${randomToken(4)}.invalid;branch=${newBranch()}`,
        'Max-Forwards: 70',
        `To: <${uri}>`,
        `Call-ID: ${callId}`,
        'CSeq: 1 INVITE',
        `Contact: ${stack.alice.contact}`,
        'Ms-Exchange-Command: skip-pin',
        'Content-Type: application/sdp',
        ...headerLines,
      ],
      sdp,
    ),
  );
}

/** Ends a call alice started by hand: ACK of a failure, or ACK + BYE along the dialog (RFC 3261 12.2.1.1). */
function finishRawCall(uri: string, final: SipMessage): void {
  const send = (method: string, target: string, seq: number, routes: string[] = []) =>
    stack.alice.sendRaw(
      buildMessage(`${method} ${target} SIP/2.0`, [
        `Via: SIP/2.0/WS x.invalid;branch=${method === 'ACK' && final.status >= 300 ? final.topBranch : newBranch()}`,
        'Max-Forwards: 70',
        ...routes.map((r) => `Route: ${r}`),
        `To: ${final.getHeader('to') ?? ''}`,
        `From: ${final.getHeader('from') ?? ''}`,
        `Call-ID: ${final.callId}`,
        `CSeq: ${seq} ${method}`,
      ]),
    );
  if (final.status >= 300) return send('ACK', uri, 1);
  const routes = splitHeaderList(final.getHeaders('record-route')).reverse();
  const target = /<([^>]+)>/.exec(final.getHeader('contact') ?? '')?.[1] ?? uri;
  send('ACK', target, 1, routes);
  send('BYE', target, 2, routes);
}

/**
 * A hand-made INVITE on alice's registered flow, then an honest one behind it on the same
 * connection (a barrier): once the server has logged the barrier call, it has seen everything the
 * proxy relayed before it, and the proxy has answered everything it refused itself. So an attack
 * the proxy silently drops (Kamailio cannot even answer a request with two From headers) is told
 * apart from one that reached the server, without waiting for a time-out.
 */
async function rawInvite(uri: string, headerLines: string[], label: string): Promise<Outcome> {
  const { session, sdp } = await MediaSession.offer({
    iceAdditionalHostAddresses: ['127.0.0.1'],
    log: () => {},
  });
  const callId = `attack-${randomToken(8)}`;
  const barrierId = `barrier-${randomToken(8)}`;
  try {
    sendRawInvite(uri, callId, headerLines, sdp);
    sendRawInvite(VM_BOB, barrierId, [`From: <sip:alice@${DOMAIN}>;tag=${randomToken(4)}`], sdp);
    const barrier = await stack.alice.responses.wait(
      (r: SipMessage) => r.callId === barrierId && r.status >= 200,
      15_000,
      `the barrier call's answer (${label})`,
    );
    expect(barrier.status, `barrier after ${label}`).toBe(200);
    await stack.um.callLog.waitFor((e) => e.sipCallId === barrierId, 5_000);
    finishRawCall(VM_BOB, barrier);
    const final = stack.alice.responses.items.find((r) => r.callId === callId && r.status >= 200);
    if (final) finishRawCall(uri, final);
    return {
      status: final?.status ?? 0,
      entry: stack.um.callLog.entries.find((e) => e.sipCallId === callId),
    };
  } finally {
    await session.close();
  }
}

/** bob's mailbox was not opened: no subscriber access to it, nothing played from it, no skip-pin for it. */
function expectBobsMailboxClosed(outcome: Outcome, label: string): void {
  const { entry } = outcome;
  if (entry === undefined) {
    // Refused before the server took the call: 4xx from the proxy or the server, or (status 0,
    // rawInvite only) dropped by the proxy, which the barrier shows never reached the server.
    expect(outcome.status === 0 || outcome.status >= 400, `${label}: refused (${outcome.status})`).toBe(true);
    return;
  }
  const opened = entry.kind === 'subscriber-access' && entry.mailbox === 'bob';
  expect(opened, `${label}: subscriber access to bob's mailbox (${JSON.stringify(entry)})`).toBe(false);
  expect(entry.skipPinHonoured && entry.mailbox === 'bob', `${label}: skip-pin for bob`).toBe(false);
  // A deposit into bob's mailbox is what anyone may do; then alice is the caller on record.
  if (entry.kind === 'deposit')
    expect(entry.caller, `${label}: caller on record`).toBe(`sip:alice@${DOMAIN}`);
}

function attacks(labName: string, makeStack: () => Promise<Stack>): void {
  test.describe(labName, () => {
    test.beforeAll(async () => {
      stack = await makeStack();
    });
    test.afterAll(async () => {
      await stack?.stop();
    });

    test('control: alice calling her own voicemail with skip-pin skips her PIN and hears her own count', async () => {
      // Shows the set-up can see skip-pin honoured and a mailbox opened: the refusals below are real.
      const own = await callWithMedia(VM_ALICE, undefined);
      expect(own.status).toBe(200);
      expect(own.entry).toMatchObject({ kind: 'subscriber-access', mailbox: 'alice', skipPinHonoured: true });
      expect(own.entry?.prompts[0]).toBe('you-have-n-new');
    });

    test('the quoted "<" From trick to her own voicemail address: her own mailbox, never bob’s', async () => {
      const outcome = await callWithMedia(VM_ALICE, TRICK);
      expectBobsMailboxClosed(outcome, 'trick → own address');
      expect(outcome.entry).toMatchObject({ kind: 'subscriber-access', mailbox: 'alice' });
    });

    test('the quoted "<" From trick to bob’s voicemail address: his greeting (a deposit), not his messages', async () => {
      const outcome = await callWithMedia(VM_BOB, TRICK);
      expectBobsMailboxClosed(outcome, 'trick → bob');
      expect(outcome.entry).toMatchObject({ kind: 'deposit', mailbox: 'bob', skipPinHonoured: false });
      // She is played bob's greeting, never the PIN prompt or "you have N new messages" of his box.
      expect(outcome.entry?.prompts[0]).toBe('greeting');
    });

    test('the caller on record is who the proxy authenticated, not the name she wrote', async () => {
      // bob's message list would otherwise show a message "from Bob Example" that alice left.
      const outcome = await callWithMedia(VM_BOB, `"Bob Example" <sip:alice@${DOMAIN}>`);
      expect(outcome.entry).toMatchObject({
        kind: 'deposit',
        mailbox: 'bob',
        caller: `sip:alice@${DOMAIN}`,
        callerName: 'Alice Example', // users.conf, for the asserted identity
      });
    });

    test('a Diversion she writes herself does not pick the mailbox: her message is for bob, not carol', async () => {
      // The server deposits in the mailbox the first Diversion names (MS-EUMR 3.1.5): only the
      // proxy may write one (route[ASSERT_IDENTITY]); before that rule it landed in carol's box.
      const outcome = await callWithMedia(VM_BOB, undefined, [
        `Diversion: <sip:carol@${DOMAIN}>;reason=unconditional;counter=1`,
      ]);
      expect(outcome.entry).toMatchObject({ kind: 'deposit', mailbox: 'bob', caller: `sip:alice@${DOMAIN}` });
    });

    test('a P-Asserted-Identity she sends herself is replaced by the proxy’s', async () => {
      for (const [uri, label] of [
        [VM_BOB, 'to bob'],
        [VM_ALICE, 'to her own'],
      ] as const) {
        const outcome = await callWithMedia(uri, undefined, [`P-Asserted-Identity: <sip:bob@${DOMAIN}>`]);
        expectBobsMailboxClosed(outcome, `own PAI ${label}`);
        expect(outcome.entry?.kind).toBeDefined();
      }
      const lower = await callWithMedia(VM_BOB, `<sip:bob@${DOMAIN}>`, [
        `p-asserted-identity: "bob" <sip:bob@${DOMAIN}>`,
      ]);
      expectBobsMailboxClosed(lower, 'own PAI, lower-case name, From bob');
    });

    test('variants: escaped quotes, folding, compact f:, header-name case, duplicate From', async () => {
      const tag = () => `;tag=${randomToken(4)}`;
      const variants: Array<[string, string, string[]]> = [
        ['escaped quote', VM_BOB, [`From: "x\\" <sip:bob@${DOMAIN}>" <sip:alice@${DOMAIN}>${tag()}`]],
        [
          'escaped quote, own address',
          VM_ALICE,
          [`From: "x\\" <sip:bob@${DOMAIN}>" <sip:alice@${DOMAIN}>${tag()}`],
        ],
        ['backslash before the closing quote', VM_BOB, [`From: "x\\\\" <sip:alice@${DOMAIN}>${tag()}`]],
        ['folded display name', VM_BOB, [`From: "<sip:bob@${DOMAIN}>"\r\n <sip:alice@${DOMAIN}>${tag()}`]],
        ['folded, own address', VM_ALICE, [`From: "<sip:bob@${DOMAIN}>"\r\n\t<sip:alice@${DOMAIN}>${tag()}`]],
        ['compact f:', VM_BOB, [`f: "<sip:bob@${DOMAIN}>" <sip:alice@${DOMAIN}>${tag()}`]],
        ['compact f:, own address', VM_ALICE, [`f: "<sip:bob@${DOMAIN}>" <sip:alice@${DOMAIN}>${tag()}`]],
        ['header-name case', VM_BOB, [`FROM: "<sip:bob@${DOMAIN}>" <sip:alice@${DOMAIN}>${tag()}`]],
        [
          'header-name case, own address',
          VM_ALICE,
          [`fRoM: "<sip:bob@${DOMAIN}>" <sip:alice@${DOMAIN}>${tag()}`],
        ],
        [
          'duplicate From, alice first',
          VM_BOB,
          [`From: <sip:alice@${DOMAIN}>${tag()}`, `From: <sip:bob@${DOMAIN}>${tag()}`],
        ],
        [
          'duplicate From, own address',
          VM_ALICE,
          [`From: <sip:alice@${DOMAIN}>${tag()}`, `f: <sip:bob@${DOMAIN}>${tag()}`],
        ],
        [
          'two PAIs of her own',
          VM_BOB,
          [
            `From: <sip:alice@${DOMAIN}>${tag()}`,
            `P-Asserted-Identity: <sip:bob@${DOMAIN}>`,
            `P-Asserted-Identity: <sip:bob@${DOMAIN}>`,
          ],
        ],
        [
          'bare addr-spec with the trick in a parameter',
          VM_BOB,
          [`From: sip:alice@${DOMAIN};x="<sip:bob@${DOMAIN}>"${tag()}`],
        ],
      ];
      for (const [label, uri, lines] of variants) {
        const outcome = await rawInvite(uri, lines, label);
        expectBobsMailboxClosed(outcome, label);
      }
    });
  });
}

attacks('shared e2e lab (routing to voicemail off)', sharedLabStack);
attacks('routing to voicemail on (MS-EUMR 2.2.2, as npm start)', divertingLabStack);
