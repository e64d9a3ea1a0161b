/**
 * Smoke test of the lab proxy with hand-written SIP clients (no browser):
 *   npx tsx lab/smoke.ts        (SMOKE_LOG=1 for Kamailio's log, UM_PEER_LOG=1 for UM traffic)
 * Runs its own lab instance ("smoke") on ports 25xxx so it does not clash
 * with a running demo lab, and checks that nothing is left running after.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { startLab, type RunningLab } from './lab';
import { startUmPeer, type UmPeer } from '../e2e/support/um-peer';
import { SipWsClient } from '../e2e/support/sip-ws-client';
import { buildMessage, headerUri, type SipMessage } from '../e2e/support/sip-message';
import { probe, probeVia } from '../e2e/support/sip-probe';

const PORTS = { wsPort: 25066, wssPort: 27443, tcpPort: 25060, tlsPort: 25061, umPort: 25071 };
const results: Array<{ name: string; ok: boolean; ms: number; error?: string }> = [];

async function step(name: string, fn: () => Promise<void>): Promise<void> {
  const t0 = performance.now();
  try {
    await fn();
    results.push({ name, ok: true, ms: performance.now() - t0 });
    console.log(`ok   ${name} (${(performance.now() - t0).toFixed(0)} ms)`);
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    results.push({ name, ok: false, ms: performance.now() - t0, error: message });
    console.log(`FAIL ${name}\n     ${message.split('\n').join('\n     ')}`);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Kamailio processes of this smoke lab: those whose command line names its runtime dir. Other
 * labs (a demo, an e2e run of someone else on this machine) may start and stop meanwhile.
 */
function kamailioPids(runDir: string): string[] {
  try {
    return execFileSync('pgrep', ['-x', 'kamailio'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(runDir);
        } catch {
          return false; // gone meanwhile
        }
      });
  } catch {
    return [];
  }
}

const t0 = performance.now();
const lab: RunningLab = await startLab({ name: 'smoke', ...PORTS, echoLog: process.env.SMOKE_LOG === '1' });
console.log(`lab started in ${(performance.now() - t0).toFixed(0)} ms, pid ${lab.pid}, ${lab.wsUrl}`);
const domain = lab.config.domain;
const [alice, bob] = lab.users;
assert.ok(alice && bob, 'users.conf must define at least two users');
let um: UmPeer | undefined;
const clients: SipWsClient[] = [];
const client = async (
  user: { name: string; password: string },
  extra: { url?: string; localAddress?: string } = {},
) => {
  const c = await SipWsClient.connect({
    url: extra.url ?? lab.wsUrl,
    user: user.name,
    password: user.password,
    domain,
    localAddress: extra.localAddress ?? '127.0.0.1',
    log: process.env.WS_LOG === '1',
  });
  clients.push(c);
  return c;
};

try {
  um = await startUmPeer({
    host: lab.config.umAddr,
    port: lab.config.umPort,
    proxy: { host: lab.config.host, port: lab.config.peerTlsPort },
    domain,
    // Mutual TLS with the proxy (lab/scripts/certs.sh): the UM's certificate, the lab CA.
    cert: lab.paths.umCertFile,
    key: lab.paths.umKeyFile,
    ca: lab.paths.caFile,
  });
  const peer = um;

  const a = await client(alice);
  const b = await client(bob);

  await step('REGISTER over WS: 401 challenge, then 200', async () => {
    for (const c of [a, b]) {
      const { final, responses } = await c.register();
      assert.deepEqual(
        responses.map((r) => r.status),
        [401, 200],
      );
      assert.equal(final.status, 200);
      assert.match(final.getHeader('contact') ?? '', /expires=/);
    }
  });

  await step('REGISTER with a wrong password stays 401', async () => {
    const intruder = await client({ name: alice.name, password: 'wrong' });
    const { final, responses } = await intruder.register();
    assert.equal(final.status, 401);
    assert.deepEqual(
      responses.map((r) => r.status),
      [401, 401],
    );
    await intruder.close();
  });

  await step('REGISTER for someone else (To=bob, auth alice) is 403', async () => {
    const c = await client(alice);
    const { final } = await c.request('REGISTER', {
      uri: `sip:${domain}`,
      to: `<sip:${bob.name}@${domain}>`,
      from: `<sip:${bob.name}@${domain}>`,
      headers: [`Contact: ${c.contact}`],
    });
    assert.equal(final.status, 403);
    await c.close();
  });

  await step(
    'INVITE without credentials on a connection that has not registered is challenged with 407',
    async () => {
      const fresh = await client(alice);
      const { final } = await fresh.request('INVITE', {
        uri: `sip:${bob.name}@${domain}`,
        authenticate: false,
      });
      assert.equal(final.status, 407);
      assert.match(final.getHeader('proxy-authenticate') ?? '', new RegExp(`realm="${domain}"`));
      await fresh.close();
    },
  );

  await step(
    'on alice’s registered connection her OPTIONS passes unchallenged; From=bob on it is challenged',
    async () => {
      const own = await a.request('OPTIONS', { uri: `sip:${domain}`, authenticate: false });
      assert.equal(own.final.status, 200);
      const forged = await a.request('OPTIONS', {
        uri: `sip:${domain}`,
        from: `<sip:${bob.name}@${domain}>`,
        authenticate: false,
      });
      assert.equal(forged.final.status, 407);
    },
  );

  await step('alice sending an INVITE with From=bob gets 403', async () => {
    const { final, responses } = await a.request('INVITE', {
      uri: `sip:${bob.name}@${domain}`,
      from: `<sip:${bob.name}@${domain}>`,
    });
    assert.deepEqual(
      responses.map((r) => r.status).filter((s) => s >= 200),
      [407, 403],
    );
    assert.equal(final.status, 403);
  });

  await step('MESSAGE alice → bob is relayed over WS (authenticated)', async () => {
    const pending = b.waitForRequest((r) => r.method === 'MESSAGE');
    const done = a.request('MESSAGE', { uri: `sip:${bob.name}@${domain}`, body: 'hello bob' });
    const msg = await pending;
    assert.equal(msg.body, 'hello bob');
    assert.equal(msg.getHeader('proxy-authorization'), undefined, 'credentials consumed');
    b.respond(msg, 200, 'OK');
    assert.equal((await done).final.status, 200);
  });

  await step(
    'voicemail INVITE (;opaque=app:voicemail) reaches the UM with skip-pin intact (WS from 127.0.0.1)',
    async () => {
      const uri = `sip:${alice.name}@${domain};opaque=app:voicemail`;
      const call = a.invite({
        uri,
        to: `<sip:${alice.name}@${domain}>`,
        headers: ['Ms-Exchange-Command: skip-pin'],
        body: 'v=0\r\n',
      });
      const inv = await peer.waitForRequest(
        (r) => r.method === 'INVITE' && r.uri.includes('opaque=app:voicemail'),
      );
      assert.equal(inv.uri, uri, 'Request-URI unchanged');
      assert.equal(inv.getHeader('ms-exchange-command'), 'skip-pin');
      assert.match(inv.getHeader('from') ?? '', new RegExp(`sip:${alice.name}@${domain}`));
      assert.equal(inv.getHeader('proxy-authorization'), undefined);
      const final = await call.waitForFinal();
      assert.equal(final.status, 480, 'UM default answer relayed');
      await peer.waitForRequest((r) => r.method === 'ACK' && r.callId === inv.callId, 2000);
    },
  );

  await step('opaque param matched case-insensitively; lowercase header name kept', async () => {
    const uri = `sip:${alice.name}@${domain};OPAQUE=App:VoiceMail`;
    const call = a.invite({ uri, headers: ['ms-exchange-command: skip-pin'] });
    const inv = await peer.waitForRequest((r) => r.method === 'INVITE' && r.uri === uri);
    assert.equal(inv.getHeader('Ms-Exchange-Command'), 'skip-pin');
    await call.waitForFinal();
  });

  await step('voicemail call answered by the UM: 200, ACK and BYE routed to the UM over TLS', async () => {
    peer.setInviteAnswer({ status: 200, reason: 'OK' });
    try {
      const call = a.invite({
        uri: `sip:${alice.name}@${domain};opaque=app:voicemail;x=answered`,
        body: 'v=0\r\n',
      });
      const final = await call.waitForFinal();
      assert.equal(final.status, 200);
      assert.match(final.body, /m=audio/);
      await peer.waitForRequest((r) => r.method === 'ACK' && r.callId === call.callId);
      const bye = await call.bye();
      assert.equal(bye.status, 200);
      const byeAtUm = await peer.waitForRequest((r) => r.method === 'BYE' && r.callId === call.callId);
      assert.match(byeAtUm.uri, /^sip:um@/);
    } finally {
      peer.setInviteAnswer({ status: 480, reason: 'Temporarily Unavailable' });
    }
  });

  await step('voicemail call cancelled by the caller: UM gets CANCEL, caller gets 487', async () => {
    peer.setInviteAnswer(null);
    try {
      const call = a.invite({ uri: `sip:${alice.name}@${domain};opaque=app:voicemail;x=cancel` });
      await call.waitForResponse(180);
      const cancelled = await call.cancel();
      assert.equal(cancelled.status, 200);
      assert.equal((await call.waitForFinal()).status, 487);
      await peer.waitForRequest((r) => r.method === 'CANCEL' && r.callId === call.callId);
    } finally {
      peer.setInviteAnswer({ status: 480, reason: 'Temporarily Unavailable' });
    }
  });

  await step(
    'skip-pin stripped over plain WS from a non-loopback source (127.0.0.3), kept over WSS',
    async () => {
      const remote = await client(alice, { localAddress: '127.0.0.3' });
      await remote.register(60);
      const call1 = remote.invite({
        uri: `sip:${alice.name}@${domain};opaque=app:voicemail;x=ws3`,
        headers: ['Ms-Exchange-Command: skip-pin'],
      });
      const inv1 = await peer.waitForRequest((r) => r.method === 'INVITE' && r.uri.endsWith('x=ws3'));
      assert.equal(inv1.getHeader('ms-exchange-command'), undefined);
      await call1.waitForFinal();
      await remote.register(0);
      await remote.close();

      const secure = await client(alice, { url: lab.wssUrl, localAddress: '127.0.0.3' });
      const call2 = secure.invite({
        uri: `sip:${alice.name}@${domain};opaque=app:voicemail;x=wss3`,
        headers: ['Ms-Exchange-Command: skip-pin'],
      });
      const inv2 = await peer.waitForRequest((r) => r.method === 'INVITE' && r.uri.endsWith('x=wss3'));
      assert.equal(inv2.getHeader('ms-exchange-command'), 'skip-pin');
      await call2.waitForFinal();
      await secure.close();
    },
  );

  let playOnPhone: SipMessage | undefined;
  await step(
    'UM Play-On-Phone INVITE reaches bob over WS with ;automata, Ms-Sensitivity, Subject, Priority',
    async () => {
      const pending = b.waitForRequest((r) => r.method === 'INVITE');
      const call = peer.sendInvite({
        to: `sip:${bob.name}@${domain}`,
        headers: [
          'Ms-Sensitivity: private',
          'Subject: Play on phone: message from Carol',
          'Priority: urgent',
          'Ms-Exchange-Command: skip-pin',
        ],
      });
      const inv = await pending;
      playOnPhone = inv;
      assert.match(inv.getHeader('contact') ?? '', /;automata/);
      assert.equal(
        headerUri(inv.getHeader('contact') ?? ''),
        `sip:um@${lab.config.umAddr}:${lab.config.umPort};transport=tls`,
        'UM Contact URI unchanged (no alias)',
      );
      assert.equal(inv.getHeader('ms-sensitivity'), 'private');
      assert.equal(inv.getHeader('subject'), 'Play on phone: message from Carol');
      assert.equal(inv.getHeader('priority'), 'urgent');
      assert.equal(inv.getHeader('ms-exchange-command'), undefined, 'skip-pin never passes from the UM');
      assert.match(inv.uri, /transport=ws/);
      assert.ok(inv.getHeaders('record-route').length > 0);
      assert.match(inv.body, /m=audio/);

      // bob answers; UM ACKs; bob hangs up (loose routing back to the UM over TLS)
      b.respond(inv, 180, 'Ringing', { toTag: 'bobtag1' });
      const toTag = b.respond(inv, 200, 'OK', {
        toTag: 'bobtag1',
        body: 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n',
      });
      await call.waitForResponse(200);
      assert.deepEqual(call.responses.slice(-2), [180, 200]);
      await b.waitForRequest((r) => r.method === 'ACK' && r.callId === inv.callId);
      const bye = await b.requestInDialog(inv, toTag, 'BYE');
      assert.equal(bye.status, 200);
      await peer.waitForRequest((r) => r.method === 'BYE' && r.callId === inv.callId);
    },
  );

  await step('UM BYE to bob (in-dialog, alias in bob’s Contact routes it to the WebSocket)', async () => {
    const pending = b.waitForRequest((r) => r.method === 'INVITE' && r.callId !== playOnPhone?.callId);
    const call = peer.sendInvite({ to: `sip:${bob.name}@${domain}` });
    const inv = await pending;
    b.respond(inv, 200, 'OK', { body: 'v=0\r\n' });
    await call.waitForResponse(200);
    const byeDone = call.bye();
    const bye = await b.waitForRequest((r) => r.method === 'BYE' && r.callId === inv.callId);
    b.respond(bye, 200, 'OK');
    assert.equal((await byeDone).status, 200);
  });

  await step('UM peer may not REGISTER (403); 127.0.0.2 over plain TCP is not trusted (407)', async () => {
    const reg = peer.sendRequest('REGISTER', {
      uri: `sip:${domain}`,
      to: `<sip:${bob.name}@${domain}>`,
      from: `<sip:${bob.name}@${domain}>`,
    });
    assert.equal((await reg.waitForFinal()).status, 403);

    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect({
        host: lab.config.host,
        port: lab.config.tcpPort,
        localAddress: lab.config.umAddr,
      });
      let data = '';
      socket.on('data', (chunk: Buffer) => {
        data += chunk.toString();
        if (data.includes('\r\n\r\n')) {
          socket.destroy();
          resolve(data);
        }
      });
      socket.on('error', reject);
      socket.setTimeout(3000, () => reject(new Error('no reply over TCP')));
      socket.write(
        buildMessage(`MESSAGE sip:${bob.name}@${domain} SIP/2.0`, [
          `Via: SIP/2.0/TCP ${lab.config.umAddr}:5999;rport;branch=z9hG4bKtcp${Date.now()}`,
          'Max-Forwards: 70',
          `From: <sip:um@${domain}>;tag=1`,
          `To: <sip:${bob.name}@${domain}>`,
          'Call-ID: tcp-untrusted',
          'CSeq: 1 MESSAGE',
        ]),
      );
    });
    assert.match(reply, /^SIP\/2\.0 407 /);
  });

  await step('UM CANCEL: bob gets CANCEL, UM gets 487', async () => {
    const pending = b.waitForRequest((r) => r.method === 'INVITE' && r.getHeader('subject') === 'cancel-me');
    const call = peer.sendInvite({ to: `sip:${bob.name}@${domain}`, headers: ['Subject: cancel-me'] });
    const inv = await pending;
    b.respond(inv, 180, 'Ringing');
    await call.waitForResponse(180);
    const cancelDone = call.cancel();
    const cancel = await b.waitForRequest((r) => r.method === 'CANCEL' && r.callId === inv.callId);
    b.respond(cancel, 200, 'OK');
    b.respond(inv, 487, 'Request Terminated');
    assert.equal((await cancelDone).status, 200);
    assert.equal((await call.waitForFinal()).status, 487);
    await b.waitForRequest((r) => r.method === 'ACK' && r.callId === inv.callId);
  });

  await step('browser ↔ browser over WS: INVITE, 180, 200, ACK, BYE (loose routing)', async () => {
    const pending = b.waitForRequest((r) => r.method === 'INVITE' && r.getHeader('subject') === 'a2b');
    const call = a.invite({ uri: `sip:${bob.name}@${domain}`, headers: ['Subject: a2b'], body: 'v=0\r\n' });
    const inv = await pending;
    assert.match(inv.getHeader('contact') ?? '', /;alias=127\.0\.0\.1~\d+~5/, 'caller contact aliased');
    b.respond(inv, 180, 'Ringing', { toTag: 'b2' });
    b.respond(inv, 200, 'OK', { toTag: 'b2', body: 'v=0\r\n' });
    assert.equal((await call.waitForFinal()).status, 200);
    await b.waitForRequest((r) => r.method === 'ACK' && r.callId === inv.callId);
    const byeDone = call.bye();
    const bye = await b.waitForRequest((r) => r.method === 'BYE' && r.callId === inv.callId);
    b.respond(bye, 200, 'OK');
    assert.equal((await byeDone).status, 200);
  });

  await step(
    'caller’s identity is the proxy’s: one P-Asserted-Identity, alice’s, whatever she sent',
    async () => {
      const pending = b.waitForRequest((r) => r.method === 'INVITE' && r.getHeader('subject') === 'pai');
      const call = a.invite({
        uri: `sip:${bob.name}@${domain}`,
        headers: [
          'Subject: pai',
          `P-Asserted-Identity: <sip:${bob.name}@${domain}>`,
          `P-Preferred-Identity: <sip:x@${domain}>`,
        ],
        body: 'v=0\r\n',
      });
      const inv = await pending;
      assert.deepEqual(inv.getHeaders('p-asserted-identity'), [`<sip:${alice.name}@${domain}>`]);
      assert.deepEqual(inv.getHeaders('p-preferred-identity'), []);
      b.respond(inv, 486, 'Busy Here');
      assert.equal((await call.waitForFinal()).status, 486);
    },
  );

  await step(
    'in-dialog request of no dialog of the proxy (To-tag, Route to it, ;alias= of bob’s connection): 481, bob gets nothing',
    async () => {
      // bob's connection, as the proxy names it in the Contact of anything bob sends
      const atAlice = a.waitForRequest((r) => r.method === 'MESSAGE' && r.getHeader('subject') === 'where');
      const sent = b.request('MESSAGE', {
        uri: `sip:${alice.name}@${domain}`,
        headers: ['Subject: where'],
        body: 'hi',
      });
      const msg = await atAlice;
      a.respond(msg, 200, 'OK');
      await sent;
      const port = /;alias=127\.0\.0\.1~(\d+)~5/.exec(msg.getHeader('contact') ?? '')?.[1];
      assert.ok(port, 'bob’s Contact carries the proxy’s alias');
      const callId = `forged-${Date.now()}`;
      const forged = buildMessage(`INVITE sip:${bob.name}@x.invalid;alias=127.0.0.1~${port}~5 SIP/2.0`, [
        probeVia('tcp', `z9hG4bK-${callId}`),
        'Max-Forwards: 70',
        `Route: <sip:127.0.0.1:${PORTS.tcpPort};lr>`,
        `From: <sip:mallory@${domain}>;tag=m1`,
        `To: <sip:${bob.name}@${domain}>;tag=b1`,
        `Call-ID: ${callId}`,
        'CSeq: 1 INVITE',
        'Contact: <sip:mallory@127.0.0.1:9;transport=tcp>',
      ]);
      const answer = await probe({ host: lab.config.host, ...PORTS }, 'tcp', forged, callId, 8000);
      assert.equal(`${answer.status} ${answer.getHeader('server') ?? ''}`, '481 um-phone-lab');
      // a real MESSAGE behind it on bob's connection: once it is there, the forged one would be too
      const real = b.waitForRequest((r) => r.method === 'MESSAGE' && r.getHeader('subject') === 'after');
      const done = a.request('MESSAGE', {
        uri: `sip:${bob.name}@${domain}`,
        headers: ['Subject: after'],
        body: 'hi',
      });
      b.respond(await real, 200, 'OK');
      await done;
      assert.deepEqual(
        b.requests.items.filter((r) => r.callId === callId),
        [],
      );
    },
  );

  await step('browser ↔ browser over WSS: CANCEL → 487', async () => {
    const as = await client(alice, { url: lab.wssUrl });
    const bs = await client(bob, { url: lab.wssUrl });
    await bs.register(60);
    const pending = bs.waitForRequest(
      (r) => r.method === 'INVITE' && r.getHeader('subject') === 'wss-cancel',
    );
    const call = as.invite({ uri: `sip:${bob.name}@${domain}`, headers: ['Subject: wss-cancel'] });
    // bob is registered twice (WS and WSS): both fork
    const inv = await pending;
    bs.respond(inv, 180, 'Ringing');
    await call.waitForResponse(180);
    const cancelDone = call.cancel();
    const cancel = await bs.waitForRequest((r) => r.method === 'CANCEL' && r.callId === inv.callId);
    bs.respond(cancel, 200, 'OK');
    bs.respond(inv, 487, 'Request Terminated');
    const other = await b.waitForRequest((r) => r.method === 'CANCEL' && r.callId === inv.callId);
    const otherInv = await b.waitForRequest((r) => r.method === 'INVITE' && r.callId === inv.callId);
    b.respond(other, 200, 'OK');
    b.respond(otherInv, 487, 'Request Terminated');
    assert.equal((await cancelDone).status, 200);
    assert.equal((await call.waitForFinal()).status, 487);
    await bs.register(0);
    await bs.close();
    await as.close();
  });

  await step('stale contact (closed WebSocket) does not break a call to the live one', async () => {
    const stale = await client(bob);
    await stale.register(600);
    await stale.close(); // its contact stays in location until handle_lost_tcp cleans up
    const pending = b.waitForRequest((r) => r.method === 'INVITE' && r.getHeader('subject') === 'stale');
    const call = a.invite({ uri: `sip:${bob.name}@${domain}`, headers: ['Subject: stale'] });
    const inv = await pending;
    b.respond(inv, 486, 'Busy Here');
    assert.equal((await call.waitForFinal()).status, 486, 'live branch reply wins');
  });

  await step('unregistered user → 480, unknown user → 404', async () => {
    const carol = await client(bob);
    await carol.register(0); // removes only this contact; bob stays registered via `b`
    await carol.close();
    const unknown = a.invite({ uri: `sip:nobody@${domain}` });
    assert.equal((await unknown.waitForFinal()).status, 404);
    await b.register(0);
    const offline = a.invite({ uri: `sip:${bob.name}@${domain}` });
    const final = await offline.waitForFinal();
    assert.ok([480].includes(final.status), `got ${final.status}`);
    await b.register(600);
  });

  await step(
    'MWI: UM PUBLISH message-summary 200; alice SUBSCRIBE 200 + NOTIFY Messages-Waiting: yes',
    async () => {
      const pub = peer.publishMessageSummary(`sip:${alice.name}@${domain}`, {
        newMessages: 2,
        oldMessages: 1,
      });
      assert.equal((await pub.waitForFinal()).status, 200);
      const notifyPending = a.waitForRequest((r) => r.method === 'NOTIFY');
      const { final } = await a.request('SUBSCRIBE', {
        uri: `sip:${alice.name}@${domain}`,
        to: `<sip:${alice.name}@${domain}>`,
        headers: ['Event: message-summary', 'Accept: application/simple-message-summary', 'Expires: 60'],
      });
      assert.ok(final.status === 200 || final.status === 202, `SUBSCRIBE got ${final.status}`);
      const notify = await notifyPending;
      assert.match(notify.body, /Messages-Waiting: yes/);
      a.respond(notify, 200, 'OK');
    },
  );

  await step('MWI authorization: alice may not watch bob’s mailbox nor PUBLISH message-summary', async () => {
    const sub = await a.request('SUBSCRIBE', {
      uri: `sip:${bob.name}@${domain}`,
      headers: ['Event: message-summary', 'Expires: 60'],
    });
    assert.equal(sub.final.status, 403);
    const pub = await a.request('PUBLISH', {
      uri: `sip:${alice.name}@${domain}`,
      headers: ['Event: message-summary', 'Expires: 60'],
      body: 'Messages-Waiting: no\r\n',
      contentType: 'application/simple-message-summary',
    });
    assert.equal(pub.final.status, 403);
  });

  await step(
    'PIDF presence: alice PUBLISH presence 200, bob SUBSCRIBE presence → NOTIFY with PIDF',
    async () => {
      const pidf =
        '<?xml version="1.0" encoding="UTF-8"?>\r\n' +
        `<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:${alice.name}@${domain}">` +
        '<tuple id="t1"><status><basic>open</basic></status></tuple></presence>\r\n';
      const pub = await a.request('PUBLISH', {
        uri: `sip:${alice.name}@${domain}`,
        headers: ['Event: presence', 'Expires: 60'],
        body: pidf,
        contentType: 'application/pidf+xml',
      });
      assert.equal(pub.final.status, 200);
      const notifyPending = b.waitForRequest(
        (r) => r.method === 'NOTIFY' && /presence/.test(r.getHeader('event') ?? ''),
      );
      const sub = await b.request('SUBSCRIBE', {
        uri: `sip:${alice.name}@${domain}`,
        headers: ['Event: presence', 'Accept: application/pidf+xml', 'Expires: 60'],
      });
      assert.ok(sub.final.status === 200 || sub.final.status === 202, `SUBSCRIBE got ${sub.final.status}`);
      const notify = await notifyPending;
      assert.match(notify.body, /<basic>open<\/basic>/);
      b.respond(notify, 200, 'OK');
    },
  );

  await step('UM down: voicemail INVITE gets 503 quickly instead of hanging', async () => {
    await peer.close();
    const t = performance.now();
    const call = a.invite({ uri: `sip:${alice.name}@${domain};opaque=app:voicemail` });
    const final = await call.waitForFinal(15000);
    assert.equal(final.status, 503);
    console.log(`     (${final.status} ${final.reason} after ${(performance.now() - t).toFixed(0)} ms)`);
  });

  await step('UM hung (accepts TCP, never answers): 503 after fr_timer (5 s)', async () => {
    const hung = net.createServer(() => {});
    await new Promise<void>((resolve) => hung.listen(lab.config.umPort, lab.config.umAddr, resolve));
    try {
      const t = performance.now();
      const call = a.invite({ uri: `sip:${alice.name}@${domain};opaque=app:voicemail` });
      const final = await call.waitForFinal(15000);
      assert.equal(final.status, 503);
      console.log(`     (${final.status} ${final.reason} after ${(performance.now() - t).toFixed(0)} ms)`);
    } finally {
      hung.close();
    }
  });

  await step('restart() keeps the run dir and serves again', async () => {
    const oldPid = lab.pid;
    await lab.restart();
    assert.notEqual(lab.pid, oldPid);
    const c = await client(alice);
    assert.equal((await c.register()).final.status, 200);
  });
} finally {
  for (const c of clients) await c.close().catch(() => {});
  await um?.close().catch(() => {});
  await lab.stop();
}

await step('after stop(): no kamailio left, runtime dir removed', async () => {
  await sleep(100);
  const after = kamailioPids(lab.paths.runDir);
  assert.deepEqual(after, [], `kamailio still running: ${after.join(' ')}`);
  assert.equal(existsSync(lab.paths.runDir), false, `${lab.paths.runDir} still exists`);
});

const failed = results.filter((r) => !r.ok);
console.log(`\n${results.length - failed.length}/${results.length} passed`);
process.exit(failed.length ? 1 : 0);
