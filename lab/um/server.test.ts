/**
 * The voicemail server end to end, without Kamailio or a browser: the test
 * plays the proxy (a TLS peer on 127.0.0.1 with the proxy's certificate of the
 * lab CA: mutual TLS, lab/scripts/certs.sh) and a
 * caller with its own werift media leg (PCMU audio, SIP INFO digits).
 * Browser interop (RFC 4733 DTMF, Chromium) is checked in the lab by hand;
 * see README.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import net, { type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulawRms, FRAME_BYTES } from './media/audio';
import { MediaSession } from './media/session';
import { digestResponse, parseDigestParams } from './http/digest';
import { SipStreamFramer } from './sip/framing';
import {
  buildResponse,
  header,
  headers,
  newBranch,
  randomToken,
  serialize,
  toTag,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from './sip/message';
import { startUmServer, type RunningUm } from './server';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DOMAIN = 'umphone.test';

/** Messages arriving on a TLS socket, with waiting. */
class Peer {
  readonly messages: SipMessage[] = [];
  private waiters: Array<{ match: (m: SipMessage) => boolean; resolve: (m: SipMessage) => void }> = [];
  constructor(readonly socket: tls.TLSSocket) {
    const framer = new SipStreamFramer((e) => {
      if (e.type !== 'message') return;
      this.messages.push(e.message);
      this.waiters = this.waiters.filter((w) => (w.match(e.message) ? (w.resolve(e.message), false) : true));
    });
    socket.on('data', (chunk: Buffer) => framer.push(chunk));
  }
  send(data: Buffer | string): void {
    this.socket.write(data);
  }
  wait(match: (m: SipMessage) => boolean, timeoutMs = 15000): Promise<SipMessage> {
    const found = this.messages.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a SIP message')), timeoutMs);
      this.waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }
}

const isRequest = (method: string, callId?: string) => (m: SipMessage) =>
  m.kind === 'request' && m.method === method && (callId === undefined || header(m, 'call-id') === callId);
const isResponse =
  (callId: string, method: string, final = true) =>
  (m: SipMessage) =>
    m.kind === 'response' &&
    header(m, 'call-id') === callId &&
    (header(m, 'cseq') ?? '').endsWith(method) &&
    (!final || m.status >= 200);

let dir: string;
let um: RunningUm;
let proxyServer: tls.Server;
let proxyPeer: Promise<Peer>;
/** Final answer of the fake proxy to Play-On-Phone INVITEs. */
const popAnswer = 486;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'um-server-'));
  execFileSync('bash', [path.join(PROJECT, 'lab', 'scripts', 'certs.sh'), dir]);
  // A second lab's CA: its "proxy" certificate has the right name but the wrong issuer.
  execFileSync('bash', [path.join(PROJECT, 'lab', 'scripts', 'certs.sh'), path.join(dir, 'foreign')]);
  const certs = path.join(dir, 'certs');
  const cert = path.join(certs, 'lab.crt');
  const key = path.join(certs, 'lab.key');
  const ca = readFileSync(path.join(certs, 'ca.crt'));
  // The fake proxy: answers PUBLISH 200 (with an entity-tag) and Play-On-Phone INVITEs with `popAnswer`.
  let resolvePeer!: (peer: Peer) => void;
  proxyPeer = new Promise((resolve) => (resolvePeer = resolve));
  proxyServer = tls.createServer(
    { cert: readFileSync(cert), key: readFileSync(key), ca, requestCert: true, rejectUnauthorized: true },
    (socket) => {
      const peer = new Peer(socket);
      resolvePeer(peer);
      socket.on('data', () => {
        for (const m of peer.messages.splice(0)) {
          if (m.kind !== 'request') continue;
          peer.messages.push(m); // keep for the tests
          if (m.method === 'PUBLISH')
            peer.send(
              buildResponse(m, 200, 'OK', {
                toTag: randomToken(),
                headers: ['SIP-ETag: etag1', 'Expires: 3600'],
              }),
            );
          else if (m.method === 'INVITE') {
            peer.send(buildResponse(m, 180, 'Ringing', { toTag: 'pop' }));
            setTimeout(() => peer.send(buildResponse(m, popAnswer, 'Busy Here', { toTag: 'pop' })), 200);
          } else if (m.method === 'BYE') peer.send(buildResponse(m, 200, 'OK'));
        }
      });
    },
  );
  await new Promise<void>((resolve) => proxyServer.listen(0, '127.0.0.1', resolve));
  um = await startUmServer({
    sipHost: '127.0.0.2',
    sipPort: 0,
    proxyHost: '127.0.0.1',
    proxyTlsPort: (proxyServer.address() as AddressInfo).port,
    domain: DOMAIN,
    certFile: path.join(certs, 'um.crt'),
    keyFile: path.join(certs, 'um.key'),
    caFile: path.join(certs, 'ca.crt'),
    dataDir: path.join(dir, 'data'),
    httpPort: 0,
    usersFile: path.join(PROJECT, 'lab', 'users.conf'),
    minMessageSeconds: 0.5,
    maxMessageSeconds: 4,
    menuTiming: { pinFirstDigitMs: 4000, pinInterDigitMs: 2000, menuDigitMs: 4000 },
    log: () => {},
  });
}, 60000);

afterAll(async () => {
  await um?.stop();
  proxyServer?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A call from the proxy's address to the server, with a werift media leg. */
async function call(
  from: string,
  ruri: string,
  extraHeaders: string[] = [],
): Promise<{
  peer: Peer;
  callId: string;
  media: MediaSession;
  received: Buffer[];
  info(digits: string): void;
  bye(): void;
}> {
  const socket = connectTls('127.0.0.1');
  await new Promise((resolve) => socket.once('secureConnect', resolve));
  const peer = new Peer(socket);
  const { session: media, sdp } = await MediaSession.offer({
    iceAdditionalHostAddresses: ['127.0.0.1'],
    log: () => {},
  });
  const callId = `${randomToken(8)}@test`;
  const fromValue = `<sip:${from}@${DOMAIN}>;tag=${randomToken()}`;
  // As the lab proxy relays it: the identity it authenticated, asserted (RFC 3325).
  const base = [`From: ${fromValue}`, `P-Asserted-Identity: <sip:${from}@${DOMAIN}>`, `Call-ID: ${callId}`];
  peer.send(
    serialize(
      `INVITE ${ruri} SIP/2.0`,
      [
        `Via: SIP/2.0/TLS 127.0.0.1:5061;branch=${newBranch()}`,
        'Max-Forwards: 70',
        ...base,
        `To: <${ruri}>`,
        'CSeq: 1 INVITE',
        `Contact: <sip:${from}@127.0.0.1:5061;transport=tls>`,
        'Content-Type: application/sdp',
        ...extraHeaders,
      ],
      sdp,
    ),
  );
  const ok = (await peer.wait(isResponse(callId, 'INVITE'))) as SipResponse;
  expect(ok.status).toBe(200);
  expect(header(ok, 'contact')).toMatch(/;automata$/);
  const to = header(ok, 'to') ?? '';
  const target = /<([^>]+)>/.exec(header(ok, 'contact') ?? '')?.[1] ?? '';
  let cseq = 1;
  const inDialog = (method: string, extra: string[] = [], body = '') =>
    serialize(
      `${method} ${target} SIP/2.0`,
      [
        `Via: SIP/2.0/TLS 127.0.0.1:5061;branch=${newBranch()}`,
        'Max-Forwards: 70',
        ...base,
        `To: ${to}`,
        `CSeq: ${method === 'ACK' ? 1 : ++cseq} ${method}`,
        ...extra,
      ],
      body,
    );
  peer.send(inDialog('ACK'));
  await media.acceptAnswer(ok.body.toString());
  const received: Buffer[] = [];
  media.onAudio((a) => received.push(a.payload));
  await media.connected;
  // Send a 440 Hz tone as the caller's voice.
  let n = 0;
  media.start(() => {
    const frame = Buffer.alloc(FRAME_BYTES);
    for (let i = 0; i < FRAME_BYTES; i++, n++)
      frame[i] = linearToMulaw(Math.round(8000 * Math.sin((2 * Math.PI * 440 * n) / 8000)));
    return frame;
  });
  return {
    peer,
    callId,
    media,
    received,
    info: (digits) => {
      for (const d of digits)
        peer.send(
          inDialog('INFO', ['Content-Type: application/dtmf-relay'], `Signal=${d}\r\nDuration=160\r\n`),
        );
    },
    bye: () => peer.send(inDialog('BYE')),
  };
}

/** G.711 mu-law encoder (enough for a test tone). */
function linearToMulaw(sample: number): number {
  const BIAS = 0x84;
  const sign = sample < 0 ? 0x80 : 0;
  let s = Math.min(Math.abs(sample), 32635) + BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  s = ~(sign | (exponent << 4) | mantissa) & 0xff;
  return s;
}

/**
 * A TLS connection to the server from a chosen local address (the proxy's is 127.0.0.1),
 * presenting a certificate: the proxy's (default), the UM's own (right CA, wrong name), the
 * proxy's of another CA, or none.
 */
function connectTls(
  localAddress: string,
  identity: 'proxy' | 'um' | 'foreign-ca' | 'none' = 'proxy',
): tls.TLSSocket {
  const raw = net.connect({ host: um.sipHost, port: um.sipPort, localAddress });
  const files: Record<typeof identity, [string, string] | undefined> = {
    proxy: ['certs/lab.crt', 'certs/lab.key'],
    um: ['certs/um.crt', 'certs/um.key'],
    'foreign-ca': ['foreign/certs/lab.crt', 'foreign/certs/lab.key'],
    none: undefined,
  };
  const pair = files[identity];
  return tls.connect({
    socket: raw,
    ca: readFileSync(path.join(dir, 'certs', 'ca.crt')),
    servername: 'um.umphone.test',
    ...(pair
      ? { cert: readFileSync(path.join(dir, pair[0])), key: readFileSync(path.join(dir, pair[1])) }
      : {}),
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The server's BYE for a call arrives at the proxy (its outbound connection). */
const serverBye = async (callId: string) => (await proxyPeer).wait(isRequest('BYE', callId), 30000);

describe('voicemail server (fake proxy, werift caller)', () => {
  it('publishes MWI for every mailbox at start-up (RFC 3842)', async () => {
    const proxy = await proxyPeer;
    const publish = (await proxy.wait(
      (m) => isRequest('PUBLISH')(m) && (m as SipRequest).uri === `sip:bob@${DOMAIN}`,
    )) as SipRequest;
    expect(header(publish, 'event')).toBe('message-summary');
    expect(header(publish, 'content-type')).toBe('application/simple-message-summary');
    expect(publish.body.toString()).toBe(
      `Messages-Waiting: no\r\nMessage-Account: sip:bob@${DOMAIN}\r\nVoice-Message: 0/0 (0/0)\r\n`,
    );
    expect(um.lastMwiPublish('bob')?.status).toBe(200);
  });

  it('deposit: greeting, tone, records the caller until BYE, keeps Subject and Priority', async () => {
    const c = await call('alice', `sip:bob@${DOMAIN};opaque=app:voicemail`, [
      'Subject: Quarterly\u0007 numbers',
      'Priority: Urgent',
    ]);
    await um.callLog.waitFor((e) => e.sipCallId === c.callId && e.prompts.includes('beep'));
    await sleep(2500);
    c.bye();
    const entry = await um.callLog.waitFor((e) => e.sipCallId === c.callId && e.outcome !== 'in-progress');
    expect(entry).toMatchObject({
      kind: 'deposit',
      mailbox: 'bob',
      outcome: 'message-saved',
      prompts: ['greeting', 'beep'],
    });
    const [message] = um.mailbox('bob').messages();
    expect(message).toMatchObject({
      caller: `sip:alice@${DOMAIN}`,
      subject: 'Quarterly numbers',
      priority: 'urgent',
      heard: false,
    });
    expect(message?.durationSeconds).toBeGreaterThan(1.5);
    const audio = await um.mailbox('bob').audio(message?.id ?? '');
    expect(mulawRms(audio)).toBeGreaterThan(0.1); // the tone, not silence
    expect(c.received.length).toBeGreaterThan(50); // the caller heard the greeting
    // MWI follows the deposit.
    await expect.poll(() => um.lastMwiPublish('bob')?.body).toContain('Voice-Message: 1/0 (1/0)');
    await c.media.close();
  }, 40000);

  it('subscriber access with skip-pin from the trusted proxy: no PIN prompt, plays the message, # ends', async () => {
    const c = await call('bob', `sip:bob@${DOMAIN};opaque=app:voicemail`, ['Ms-Exchange-Command: skip-pin']);
    await um.callLog.waitFor((e) => e.sipCallId === c.callId && e.prompts.includes('menu'), 20000);
    c.info('1');
    await um.callLog.waitFor((e) => e.sipCallId === c.callId && e.prompts.includes('message-audio'), 20000);
    c.info('#');
    await serverBye(c.callId);
    const entry = um.callLog.entries.find((e) => e.sipCallId === c.callId);
    expect(entry).toMatchObject({
      skipPinRequested: true,
      skipPinHonoured: true,
      outcome: 'completed',
      digits: ['1', '#'],
    });
    expect(entry?.prompts).toEqual(['you-have-n-new', 'menu', 'message-header', 'message-audio', 'goodbye']);
    expect(um.mailbox('bob').messages()[0]?.heard).toBe(true);
    await c.media.close();
  }, 60000);

  it('asks for the PIN when skip-pin comes with a Diversion, and accepts the right one', async () => {
    const c = await call('bob', `sip:bob@${DOMAIN};opaque=app:voicemail`, [
      'Ms-Exchange-Command: skip-pin',
      `Diversion: <sip:bob@${DOMAIN}>;reason=no-answer`,
    ]);
    await um.callLog.waitFor((e) => e.sipCallId === c.callId && e.prompts.includes('pin-prompt'));
    c.info('4321#');
    await um.callLog.waitFor((e) => e.sipCallId === c.callId && e.prompts.includes('menu'), 20000);
    c.info('*');
    await serverBye(c.callId);
    expect(um.callLog.entries.find((e) => e.sipCallId === c.callId)).toMatchObject({
      skipPinRequested: true,
      skipPinHonoured: false,
      diverted: true,
      outcome: 'completed',
      prompts: ['pin-prompt', 'you-have-n-new', 'menu', 'goodbye'],
    });
    await c.media.close();
  }, 40000);

  it('three wrong PINs: goodbye and BYE', async () => {
    const c = await call('bob', `sip:bob@${DOMAIN};opaque=app:voicemail`);
    for (let i = 0; i < 3; i++) {
      await um.callLog.waitFor(
        (e) => e.sipCallId === c.callId && e.prompts.filter((p) => p === 'pin-prompt').length > i,
        20000,
      );
      c.info('0000#');
    }
    await serverBye(c.callId);
    expect(um.callLog.entries.find((e) => e.sipCallId === c.callId)).toMatchObject({
      outcome: 'pin-failed',
      prompts: [
        'pin-prompt',
        'pin-wrong',
        'pin-prompt',
        'pin-wrong',
        'pin-prompt',
        'pin-wrong',
        'pin-locked',
        'goodbye',
      ],
    });
    await c.media.close();
  }, 60000);

  it('Play-On-Phone: INVITE with From = To, automata, Ms-Sensitivity, Subject, Priority; busy is userBusy', async () => {
    const [message] = um.mailbox('bob').messages();
    const target = '/um/PlayOnPhone';
    const first = await fetch(um.httpUrl + target, { method: 'POST' });
    const p = parseDigestParams(first.headers.get('www-authenticate') ?? '');
    const response = digestResponse({
      algorithm: 'MD5',
      username: 'bob',
      realm: DOMAIN,
      password: 'bob-pass',
      method: 'POST',
      uri: target,
      nonce: p?.get('nonce') ?? '',
      nc: '00000001',
      cnonce: 'c1',
      qop: 'auth',
    });
    const res = await fetch(um.httpUrl + target, {
      method: 'POST',
      headers: {
        Authorization: `Digest username="bob", realm="${DOMAIN}", nonce="${p?.get('nonce')}", uri="${target}", qop=auth, nc=00000001, cnonce="c1", response="${response}"`,
      },
      body: JSON.stringify({ itemId: message?.id, dialString: `sip:bob@${DOMAIN}` }),
    });
    expect(res.status).toBe(200);
    const { callId } = (await res.json()) as { callId: string };
    const invite = (await (await proxyPeer).wait(isRequest('INVITE'))) as SipRequest;
    expect(invite.uri).toBe(`sip:bob@${DOMAIN}`);
    expect(header(invite, 'from')).toMatch(new RegExp(`^<sip:bob@${DOMAIN}>;tag=\\w+$`));
    expect(header(invite, 'to')).toBe(`<sip:bob@${DOMAIN}>`);
    expect(headers(invite, 'contact')[0]).toMatch(/^<sip:um@127\.0\.0\.2:\d+;transport=tls>;automata$/);
    expect(header(invite, 'ms-sensitivity')).toBe('private-no-diversion');
    expect(header(invite, 'subject')).toBe('Quarterly numbers');
    expect(header(invite, 'priority')).toBe('urgent');
    expect(invite.body.toString()).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF 0 101\r?$/m);
    const ack = await (await proxyPeer).wait((m) => isRequest('ACK', header(invite, 'call-id'))(m));
    expect(toTag(ack)).toBe('pop');
    const entry = await um.callLog.waitFor((e) => e.id === callId && e.outcome !== 'in-progress');
    expect(entry).toMatchObject({ kind: 'play-on-phone', outcome: 'not-answered', detail: '486 Busy Here' });
  }, 20000);

  it('survives malformed SIP and keeps serving', async () => {
    const socket = connectTls('127.0.0.1');
    await new Promise((resolve) => socket.once('secureConnect', resolve));
    const before = um.mailbox('bob').messages();
    let raw = '';
    socket.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    const via = 'Via: SIP/2.0/TLS 127.0.0.1:5061;branch=z9hG4bK';
    socket.write('GARBAGE\r\n\r\n'); // no Via: dropped
    socket.write(`INVITE sip:bob@umphone.test SIP/2.0\r\n${via}1\r\nContent-Length: 0\r\n\r\n`);
    socket.write(
      `OPTIONS sip:um@127.0.0.2 SIP/2.0\r\n${via}2\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:um@127.0.0.2>\r\nCall-ID: o1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`,
    );
    socket.write(
      `INVITE sip:bob@umphone.test SIP/2.0\r\n${via}3\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:b@c>\r\nCall-ID: a1\r\nCSeq: 1 INVITE\r\nContent-Length: 999999999\r\n\r\n`,
    );
    await closed; // the server closed the stream it could no longer frame
    const statusLines = raw.split('\r\n').filter((line) => line.startsWith('SIP/2.0 '));
    expect(statusLines).toEqual([
      'SIP/2.0 400 Bad Request (missing from, to, call-id, cseq)',
      'SIP/2.0 200 OK',
      'SIP/2.0 400 Bad Request (Content-Length 999999999 above limit)',
    ]);
    // Still serving, mailbox untouched.
    const again = connectTls('127.0.0.1');
    await new Promise((resolve) => again.once('secureConnect', resolve));
    const peer = new Peer(again);
    peer.send(
      `OPTIONS sip:um@127.0.0.2 SIP/2.0\r\n${via}4\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:um@127.0.0.2>\r\nCall-ID: o2\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`,
    );
    expect(((await peer.wait((m) => m.kind === 'response')) as SipResponse).status).toBe(200);
    again.destroy();
    expect(um.mailbox('bob').messages()).toEqual(before);
  });

  it('deposit: at the maximum length the server says so, hangs up and keeps the message', async () => {
    const c = await call('bob', `sip:alice@${DOMAIN};opaque=app:voicemail`);
    await serverBye(c.callId);
    const entry = await um.callLog.waitFor((e) => e.sipCallId === c.callId && e.outcome !== 'in-progress');
    expect(entry).toMatchObject({
      kind: 'deposit',
      mailbox: 'alice',
      outcome: 'message-saved',
      prompts: ['greeting', 'beep', 'max-length', 'goodbye'],
    });
    expect(um.mailbox('alice').messages()[0]?.durationSeconds).toBeCloseTo(4, 1);
    await c.media.close();
  }, 30000);

  it.each(['none', 'um', 'foreign-ca'] as const)(
    'mutual TLS: a client on the proxy address with certificate %s is cut off before any SIP is read',
    async (identity) => {
      const socket = connectTls('127.0.0.1', identity);
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.on('error', () => {}); // the server's alert (certificate required / unknown CA) or a reset
      const peer = new Peer(socket);
      const callId = `mtls-${identity}-${randomToken()}`;
      socket.once('secureConnect', () =>
        peer.send(
          serialize(
            `INVITE sip:bob@${DOMAIN};opaque=app:voicemail SIP/2.0`,
            [
              `Via: SIP/2.0/TLS 127.0.0.1:5061;branch=${newBranch()}`,
              `From: <sip:bob@${DOMAIN}>;tag=x`,
              `P-Asserted-Identity: <sip:bob@${DOMAIN}>`,
              `To: <sip:bob@${DOMAIN};opaque=app:voicemail>`,
              `Call-ID: ${callId}`,
              'CSeq: 1 INVITE',
              'Ms-Exchange-Command: skip-pin',
            ],
            'v=0\r\n',
          ),
        ),
      );
      await closed;
      // Closed without a single answer: not even a 403 was read from this connection.
      expect(peer.messages).toEqual([]);
      expect(um.callLog.entries.some((e) => e.sipCallId === callId)).toBe(false);
    },
  );

  it('refuses INVITEs that do not come from the proxy address (second factor)', async () => {
    const socket = connectTls('127.0.0.3');
    await new Promise((resolve) => socket.once('secureConnect', resolve));
    const peer = new Peer(socket);
    peer.send(
      serialize(
        `INVITE sip:bob@${DOMAIN};opaque=app:voicemail SIP/2.0`,
        [
          `Via: SIP/2.0/TLS 127.0.0.3:5061;branch=${newBranch()}`,
          `From: <sip:bob@${DOMAIN}>;tag=x`,
          `To: <sip:bob@${DOMAIN};opaque=app:voicemail>`,
          'Call-ID: spoof',
          'CSeq: 1 INVITE',
          'Ms-Exchange-Command: skip-pin',
        ],
        'v=0\r\n',
      ),
    );
    expect(((await peer.wait((m) => m.kind === 'response' && m.status >= 200)) as SipResponse).status).toBe(
      403,
    );
    socket.destroy();
  });
});
