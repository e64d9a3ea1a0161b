/**
 * The two-node lab cluster itself (lab/cluster.ts, e2e/support/cluster-lab.ts), proven at the
 * lab level: registrations replicate, a call through either node reaches a WebSocket held by the
 * other (Path), a dialog set up through one node ends through the other (one Record-Route name,
 * replicated dialog ends), a node restarted empty learns the contacts back, relaying through a
 * node is refused to anyone but the other node (mutual TLS with the proxy certificate and the
 * node's address), and two voicemail servers share one mailbox store so that a message left while
 * the first is down is in bob's list. A dialog end that moves to a new connection is
 * cluster-dialog-moves.spec.ts; the phone's own failover journeys are elsewhere.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunningUm } from '../../lab/um/server';
import { startClusterLab, startClusterUm, type ClusterLab, type ClusterNode } from '../support/cluster-lab';
import { expect, test } from '../support/fixtures';
import { expectRingsAndCancel } from '../support/resilience-lab';
import { buildMessage, newBranch, randomToken, SipMessage, SipStreamParser } from '../support/sip-message';
import { SipWsClient } from '../support/sip-ws-client';

// One cluster for the file; tests restart its nodes: one at a time.
test.describe.configure({ mode: 'serial' });

const OFFSET = 200; // ports 24266... (cluster-lab.ts); other cluster specs take other offsets
const UM1 = { address: '127.0.0.2', port: 24371, http: 24391 };
const UM2 = { address: '127.0.0.3', port: 24372, http: 24392 };
const DIAL_PLAN = 'umphone-dialplan';

let lab: ClusterLab;
test.beforeAll(async () => {
  lab = await startClusterLab('cluster-lab', OFFSET, {
    // MS-EUMR 3.1: an INVITE to bob's voicemail goes to UM1, else UM2 (same version: in order).
    voicemailDiversion: true,
    dialPlans: [
      {
        name: DIAL_PLAN,
        umServers: [
          { address: UM1.address, port: UM1.port, version: 15 },
          { address: UM2.address, port: UM2.port, version: 15 },
        ],
      },
    ],
  });
});
test.afterAll(async () => {
  await lab?.stop();
});

const wsClient = async (node: 'a' | 'b', name: string) => {
  const user = lab.user(name);
  return SipWsClient.connect({
    url: lab.wsUrl(node),
    user: name,
    password: user.password,
    domain: lab.domain,
  });
};

test('a REGISTER through A is known on B, and a call via B rings the browser registered on A', async ({
  phoneFor,
}) => {
  const alice = await phoneFor('alice', { serverUrl: lab.wsUrl('a') });
  const onA = await lab.waitForContact('a', 'alice');
  // dmq_usrloc: the same contact on B, carrying the Path that names A.
  expect(await lab.waitForContact('b', 'alice')).toEqual(onA);
  await expectRingsAndCancel(lab.node('b'), lab.user('bob'), lab.user('alice'), alice);
  expect(alice.pageErrors).toEqual([]);
});

/** The cells of htable `table` on `node` (kamcmd htable.dump), name and value. */
const htableCells = async (
  node: ClusterNode,
  table: string,
): Promise<Array<{ name: string; value: string }>> => {
  const { code, output } = await lab.rpc(node, ['htable.dump', table]);
  expect(code).toBe(0);
  return [...output.matchAll(/name:[ \t]*(\S+)\s+value:[ \t]*(\S*)/g)].map((m) => ({
    name: m[1] ?? '',
    value: m[2] ?? '',
  }));
};

/** How many cells of the replicated dialog table (lab_cl_dlg) `node` holds for `callId`. */
const dialogCells = async (node: ClusterNode, callId: string): Promise<number> =>
  (await htableCells(node, 'lab_cl_dlg')).filter((cell) => cell.name.startsWith(`${callId}::`)).length;

/**
 * Whether `node`'s dialog module still holds the call as not ended (states 1-4: unconfirmed,
 * early, answered, confirmed; 5 is ended and about to go).
 */
const dialogLive = async (node: ClusterNode, callId: string): Promise<boolean> => {
  const { code, output } = await lab.rpc(node, ['dlg.list']);
  expect(code).toBe(0);
  return output
    .split(/h_entry:/)
    .some((dialog) => dialog.includes(callId) && /\bstate: [1-4]\b/.test(dialog));
};

/** Unregisters `client` (user `name`) and waits until neither node knows a contact of theirs. */
const unregisterEverywhere = async (client: SipWsClient, name: string) => {
  expect((await client.register(0)).final.status).toBe(200);
  for (const node of ['a', 'b'] as const)
    await expect.poll(() => lab.contacts(node, name), { timeout: 5000 }).toEqual([]);
};

/** Both nodes hold the call's cells (so that their removal below is not vacuous). */
const expectDialogCells = async (callId: string) => {
  for (const node of ['a', 'b'] as const)
    await expect.poll(() => dialogCells(node, callId), { timeout: 5000 }).toBeGreaterThan(0);
};

/** Neither node keeps a cell of the call once it has ended (kamailio.cfg route[CLUSTER_DLG_END]). */
const expectNoDialogCells = async (callId: string) => {
  for (const node of ['a', 'b'] as const)
    await expect.poll(() => dialogCells(node, callId), { timeout: 5000 }).toBe(0);
};

/**
 * Neither node's dialog module keeps the call once it has ended: the node it was set up through
 * ends it even when its BYE came in at the other node (kamailio.cfg route[CLUSTER_WITHINDLG]).
 */
const expectDialogEnded = async (callId: string) => {
  for (const node of ['a', 'b'] as const)
    await expect.poll(() => dialogLive(node, callId), { timeout: 5000 }).toBe(false);
};

test('a call set up through B to alice on A ends from either side, through either node, and neither node keeps it', async () => {
  const alice = await wsClient('a', 'alice');
  const bob = await wsClient('b', 'bob');
  try {
    expect((await alice.register()).final.status).toBe(200);
    await lab.waitForContact('b', 'alice');
    for (const hangsUp of ['bob', 'alice'] as const) {
      const call = bob.invite({ uri: lab.user('alice').aor });
      const invite = await alice.waitForRequest(
        (m) => m.method === 'INVITE' && m.callId === call.callId,
        10_000,
      );
      // One Record-Route name for the cluster, whichever node the call came through.
      expect(invite.getHeaders('record-route')).toHaveLength(1);
      expect(invite.getHeader('record-route')).toMatch(/^<sip:proxy\.umphone\.test;transport=tls;/);
      const tag = alice.respond(invite, 200, 'OK', { body: 'v=0\r\n' });
      expect((await call.waitForFinal(10_000)).status).toBe(200);
      call.ack();
      await expectDialogCells(call.callId);
      expect(await dialogLive('b', call.callId)).toBe(true);
      if (hangsUp === 'bob') {
        // bob's BYE enters at B and reaches alice's WebSocket, which A holds.
        const bye = call.bye(10_000);
        const atAlice = await alice.waitForRequest(
          (m) => m.method === 'BYE' && m.callId === call.callId,
          10_000,
        );
        alice.respond(atAlice, 200, 'OK');
        expect((await bye).status).toBe(200);
      } else {
        // alice's BYE enters at A and reaches bob's WebSocket, which B holds.
        const bye = alice.requestInDialog(invite, tag, 'BYE', 10_000);
        const atBob = await bob.waitForRequest((m) => m.method === 'BYE' && m.callId === call.callId, 10_000);
        bob.respond(atBob, 200, 'OK');
        expect((await bye).status).toBe(200);
      }
      await expectNoDialogCells(call.callId);
      await expectDialogEnded(call.callId);
    }
  } finally {
    await alice.close();
    await bob.close();
  }
});

test('a call declined, and one cancelled while ringing, leave no dialog cells on either node', async () => {
  // carol: no earlier test left a contact of hers, so her answer is the call's
  const carol = await wsClient('a', 'carol');
  const bob = await wsClient('b', 'bob');
  try {
    expect((await carol.register()).final.status).toBe(200);
    await lab.waitForContact('b', 'carol');
    const declined = bob.invite({ uri: lab.user('carol').aor });
    const atCarol = await carol.waitForRequest(
      (m) => m.method === 'INVITE' && m.callId === declined.callId,
      10_000,
    );
    await expectDialogCells(declined.callId);
    carol.respond(atCarol, 486, 'Busy Here');
    // Her 486 sends the call on to voicemail (MS-EUMR 3.1), which is not running in this test:
    // the proxy's 480 after the UM servers were tried, the dialog's last chance.
    expect((await declined.waitForFinal(10_000)).status).toBe(480);
    await expectNoDialogCells(declined.callId);

    const cancelled = bob.invite({ uri: lab.user('carol').aor });
    const ringing = await carol.waitForRequest(
      (m) => m.method === 'INVITE' && m.callId === cancelled.callId,
      10_000,
    );
    carol.respond(ringing, 180, 'Ringing');
    await expectDialogCells(cancelled.callId);
    expect((await cancelled.cancel()).status).toBe(200);
    const cancel = await carol.waitForRequest((m) => m.method === 'CANCEL' && m.callId === cancelled.callId);
    carol.respond(cancel, 200, 'OK');
    carol.respond(ringing, 487, 'Request Terminated');
    expect((await cancelled.waitForFinal(10_000)).status).toBe(487);
    await expectNoDialogCells(cancelled.callId);

    // A later test needs carol unknown to both nodes.
    await unregisterEverywhere(carol, 'carol');
  } finally {
    await carol.close();
    await bob.close();
  }
});

test('a WebSocket flow is forgotten when its connection closes', async () => {
  // lab_flows: connection id -> the user whose REGISTER on it passed digest (route[IDENTIFY]).
  const flowsOf = async (user: string): Promise<string[]> =>
    (await htableCells('a', 'lab_flows')).filter((cell) => cell.value === user).map((cell) => cell.name);
  const before = await flowsOf('carol');
  const carol = await wsClient('a', 'carol');
  let flow: string | undefined;
  try {
    expect((await carol.register()).final.status).toBe(200);
    const added = (await flowsOf('carol')).filter((id) => !before.includes(id));
    expect(added).toHaveLength(1);
    flow = added[0];
    // A later test needs carol unknown to both nodes.
    await unregisterEverywhere(carol, 'carol');
  } finally {
    await carol.close();
  }
  // The websocket module removes a closed connection (and runs websocket:closed) on its timer,
  // up to rm_delay_interval (5 s) and a timer tick later.
  await expect
    .poll(async () => (await flowsOf('carol')).includes(flow ?? ''), { timeout: 15_000 })
    .toBe(false);
});

test('A restarted empty learns alice back from B, and a call via A rings her browser on B', async ({
  phoneFor,
}) => {
  const alice = await phoneFor('alice', { serverUrl: lab.wsUrl('b') });
  const onB = await lab.waitForContact('b', 'alice');
  await lab.restartEmpty('a');
  // Empty at start (memory only), then the DMQ sync brings B's table over.
  expect(await lab.waitForContact('a', 'alice')).toEqual(expect.arrayContaining(onB));
  await expectRingsAndCancel(lab.node('a'), lab.user('bob'), lab.user('alice'), alice);
});

test('A restarted empty learns back from B a dialog table synced in ~60 KB messages, and the registrations synced beside it', async () => {
  // htable sends a table in messages of up to ~60 KB (its fixed batch size): more than Kamailio's
  // default TCP read buffer (16 KB), and than a TLS connection may queue during its handshake
  // (64 KB), which a connection to a node that has just restarted is in. Either limit dropped the
  // connection with the registrations synced on it; the lab's kamailio.cfg raises both
  // (tcp_rd_buf_size, tls con_ct_wq_max). 250 cells of ~530 bytes: three such messages.
  const CELLS = 250;
  const value = `sip:${'x'.repeat(500)}@127.0.0.1:5060;transport=ws`;
  const tableSize = async (which: ClusterNode) =>
    Number(
      /name: lab_cl_dlg\s+slots:\s*\d+\s+all:\s*(\d+)/.exec(
        (await lab.rpc(which, ['htable.stats'])).output,
      )?.[1],
    );
  for (let i = 0; i < CELLS; i++)
    expect((await lab.rpc('b', ['htable.sets', 'lab_cl_dlg', `sync-test-${i}::caller`, value])).code).toBe(0);
  const bob = lab.user('bob');
  const client = await SipWsClient.connect({
    url: lab.wsUrl('b'),
    user: bob.name,
    password: bob.password,
    domain: lab.domain,
  });
  try {
    expect((await client.register()).final.status).toBe(200);
    await lab.waitForContact('a', 'bob');
    expect(await tableSize('b')).toBeGreaterThanOrEqual(CELLS);
    await lab.restartEmpty('a');
    expect(await lab.waitForContact('a', 'bob')).not.toHaveLength(0);
    await expect.poll(() => tableSize('a'), { timeout: 10_000 }).toBeGreaterThanOrEqual(CELLS);
  } finally {
    await client.close();
    for (const which of ['a', 'b'] as const) await lab.rpc(which, ['htable.flush', 'lab_cl_dlg']);
  }
});

/** Writes `text` once `socket` emits `ready`; resolves with the first final response to `callId`. */
function firstFinalResponse(
  socket: net.Socket,
  ready: 'connect' | 'secureConnect',
  text: string,
  callId: string,
  timeoutMessage: string,
): Promise<SipMessage> {
  return new Promise<SipMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(timeoutMessage)), 5000);
    const parser = new SipStreamParser((m) => {
      if (m.kind === 'response' && m.callId === callId && m.status >= 200) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    socket.on('data', (chunk: Buffer) => parser.push(chunk));
    socket.on('error', reject);
    socket.on(ready, () => socket.write(text));
  });
}

/** One request over plain TCP from `localAddress`; resolves with its first final response. */
async function overTcp(localAddress: string, text: string, callId: string): Promise<SipMessage> {
  const socket = net.connect({
    host: lab.node('a').config.host,
    port: lab.node('a').config.tcpPort,
    localAddress,
  });
  try {
    return await firstFinalResponse(socket, 'connect', text, callId, 'no final response within 5 s');
  } finally {
    socket.destroy();
  }
}

/**
 * Over TLS to A's servers' listener (or, with `port` 'clients', its SIP/TLS port for clients) from
 * `localAddress`, presenting the certificate `as`; resolves with the first final response. TLS 1.2: with TLS 1.3 a request written right after the handshake
 * was, on this machine, sometimes never read by Kamailio 5.6 (it sat behind the client's Finished
 * in one segment) and the probe timed out instead of being answered.
 */
async function overTls(
  localAddress: string,
  as: 'proxy' | 'um',
  text: string,
  callId: string,
  port: 'servers' | 'clients' = 'servers',
): Promise<SipMessage> {
  const a = lab.node('a');
  const raw = net.connect({
    host: a.config.host,
    port: port === 'servers' ? a.config.peerTlsPort : a.config.tlsPort,
    localAddress,
  });
  const socket = tls.connect({
    socket: raw,
    cert: readFileSync(as === 'proxy' ? a.paths.certFile : a.paths.umCertFile),
    key: readFileSync(as === 'proxy' ? a.paths.keyFile : a.paths.umKeyFile),
    ca: readFileSync(a.paths.caFile),
    servername: `proxy.${lab.domain}`,
    maxVersion: 'TLSv1.2',
  });
  try {
    return await firstFinalResponse(
      socket,
      'secureConnect',
      text,
      callId,
      'no final response over TLS within 5 s',
    );
  } finally {
    socket.destroy();
  }
}

/** What node B sends A: a KDMQ replicating a contact (here: a forged one for carol). */
function forgedKdmq(transport: 'TCP' | 'TLS', callId: string): string {
  const a = lab.node('a').config;
  const body = JSON.stringify({
    action: 1,
    aor: 'carol',
    ruid: `uloc-forged-${randomToken(4)}`,
    c: 'sip:carol@203.0.113.9:5060',
    received: '',
    path: '',
    callid: callId,
    user_agent: 'forger',
    instance: '',
    expires: Math.floor(Date.now() / 1000) + 600,
    cseq: 1,
    flags: 0,
    cflags: 0,
    q: 0,
    last_modified: Math.floor(Date.now() / 1000),
    methods: 4294967295,
    reg_id: 0,
  });
  return buildMessage(
    `KDMQ sip:usrloc@${a.host}:${a.tlsPort};transport=${transport.toLowerCase()} SIP/2.0`,
    [
      `Via: SIP/2.0/${transport} 127.0.0.12:${a.tlsPort};branch=${newBranch()};rport`,
      'Max-Forwards: 1',
      `To: <sip:usrloc@${a.host}:${a.tlsPort}>`,
      `From: <sip:usrloc@127.0.0.12:${a.tlsPort}>;tag=${randomToken()}`,
      `Call-ID: ${callId}`,
      'CSeq: 10 KDMQ',
      'Content-Type: application/json',
    ],
    body,
  );
}

/** What node B sends A for a call to a contact A holds: an INVITE with the contact's Path. */
function pathRelayInvite(transport: 'TCP' | 'TLS', callId: string): string {
  const a = lab.node('a').config;
  return buildMessage(`INVITE sip:x@x.invalid;transport=ws SIP/2.0`, [
    `Via: SIP/2.0/${transport} 127.0.0.12:${a.tlsPort};branch=${newBranch()};rport`,
    'Max-Forwards: 10',
    `Route: <sip:${a.host}:${a.tlsPort};transport=tls;lr;received=sip:127.0.0.1:9%3btransport%3dws>`,
    `To: <${lab.user('alice').aor}>`,
    `From: <${lab.user('bob').aor}>;tag=${randomToken()}`,
    `Call-ID: ${callId}`,
    'CSeq: 1 INVITE',
    `Contact: <sip:bob@127.0.0.12:${a.tlsPort};transport=tls>`,
  ]);
}

test('relaying through a node and replication are refused, with a response, to anyone but the other node', async () => {
  const refusals: string[] = [];
  const refused = (m: SipMessage, why: string) => {
    refusals.push(`${why}: ${m.status} ${m.reason}`);
    expect(m.status, why).toBe(403);
  };
  let id = randomToken(8);
  // The peer's address without any certificate (plain TCP from 127.0.0.12).
  refused(await overTcp('127.0.0.12', forgedKdmq('TCP', id), id), 'KDMQ, node address, no TLS');
  expect((await overTcp('127.0.0.12', pathRelayInvite('TCP', (id = randomToken(8))), id)).reason).toMatch(
    /cluster nodes only/,
  );
  // The peer's address with a certificate of the lab CA that is not a proxy's (the UM's).
  refused(
    await overTls('127.0.0.12', 'um', forgedKdmq('TLS', (id = randomToken(8))), id),
    'KDMQ, node address, UM cert',
  );
  refused(
    await overTls('127.0.0.12', 'um', pathRelayInvite('TLS', (id = randomToken(8))), id),
    'Path relay, node address, UM cert',
  );
  // The proxy certificate from the node's address, on the clients' port: a node speaks on the
  // servers' listener only, where the proxy's relays to it leave from (kamailio.cfg route[TO_SERVER]).
  refused(
    await overTls('127.0.0.12', 'proxy', forgedKdmq('TLS', (id = randomToken(8))), id, 'clients'),
    'KDMQ, node address, proxy cert, clients port',
  );
  // The proxy certificate from an address that is no node (the second factor).
  refused(
    await overTls('127.0.0.1', 'proxy', forgedKdmq('TLS', (id = randomToken(8))), id),
    'KDMQ, proxy cert, other address',
  );
  // Neither: a client at 127.0.0.1 asking A to relay along a Path.
  const relay = await overTcp('127.0.0.1', pathRelayInvite('TCP', (id = randomToken(8))), id);
  refused(relay, 'Path relay, client');
  expect(relay.reason).toMatch(/relaying between cluster nodes only/);
  // Nothing of it was believed: no contact for carol on A.
  expect(await lab.contacts('a', 'carol')).toEqual([]);

  // A client's own Path is never stored: calls to it would go wherever it pointed.
  const carol = await wsClient('a', 'carol');
  try {
    const registered = await carol.request('REGISTER', {
      uri: `sip:${lab.domain}`,
      to: `<${lab.user('carol').aor}>`,
      headers: [
        `Contact: ${carol.contact};expires=600`,
        'Path: <sip:203.0.113.9:5060;lr>',
        'Supported: path',
      ],
    });
    expect(registered.final.status).toBe(200);
    const entry = await lab.location('a', 'carol');
    expect(entry).toMatch(/Path: <sip:127\.0\.0\.11:\d+;transport=tls;lr;received=/);
    expect(entry).not.toContain('203.0.113.9');
  } finally {
    await carol.close();
  }
  console.log(`cluster relay refusals: ${refusals.join('; ')}`);
});

test.describe('two voicemail servers, one mailbox store', () => {
  let dataDir: string;
  let um1: RunningUm | undefined;
  let um2: RunningUm | undefined;
  const startUm = (at: typeof UM1) => startClusterUm(lab, at, { dataDir, dialPlan: DIAL_PLAN });
  test.beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'um-cluster-'));
    um1 = await startUm(UM1);
    um2 = await startUm(UM2);
  });
  test.afterAll(async () => {
    await um1?.stop();
    await um2?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a message left while the first voicemail server is down is in bob’s list', async ({ phoneFor }) => {
    test.setTimeout(90_000);
    await um1?.stop(); // UM1 down: its SIP and web API refuse connections
    um1 = undefined;
    const alice = await phoneFor('alice', { serverUrl: lab.wsUrl('a') });
    await alice.leaveMessage('bob', { subject: 'While UM1 was down' });
    await expect(alice.active()).toHaveAttribute('data-state', 'connected');
    const deposits = () =>
      um2?.callLog.entries.filter((e) => e.kind === 'deposit' && e.mailbox === 'bob') ?? [];
    await expect
      .poll(() => deposits().some((e) => e.prompts.includes('beep')), { timeout: 20_000 })
      .toBe(true);
    await alice.page.waitForTimeout(2500); // what alice's microphone says is the message
    await alice.active().getByRole('button', { name: 'Hang up' }).click();
    await expect
      .poll(() => deposits().some((e) => e.outcome === 'message-saved'), { timeout: 20_000 })
      .toBe(true);

    // bob's phone (on node B) names both web APIs, UM1 first: UM1 refuses, UM2 answers.
    const bob = await phoneFor('bob', {
      serverUrl: lab.wsUrl('b'),
      voicemailApiUrl: `http://127.0.0.1:${UM1.http} http://127.0.0.1:${UM2.http}`,
    });
    const item = bob.page.getByTestId('voicemail-message');
    await expect(item).toHaveCount(1, { timeout: 20_000 });
    await expect(item.getByTestId('voicemail-subject')).toHaveText('While UM1 was down');

    // UM1 back: it reads the same store, so it lists the message too.
    um1 = await startUm(UM1);
    expect(
      um1
        .mailbox('bob')
        .messages()
        .map((m) => m.subject),
    ).toEqual(['While UM1 was down']);
  });
});
