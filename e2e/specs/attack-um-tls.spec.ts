/**
 * Issue 12, hole 3: trust between the proxy and the voicemail server is a certificate, not an
 * address. Mutual TLS from the lab's own CA (lab/scripts/certs.sh), both directions:
 *
 * - the voicemail server (lab/um, real, at the shared lab's UM address) reads SIP only from a TLS
 *   client whose certificate verifies against the lab CA and names the proxy; the proxy's address
 *   (127.0.0.1) is a second factor, never enough;
 * - Kamailio (tls.cfg, route[IDENTIFY]) trusts a UM peer only when its certificate verified and
 *   names the UM server; from the UM's address (127.0.0.2) without it, a client is an ordinary,
 *   challenged one.
 *
 * Each refusal has a positive control on the same path (the right certificate is trusted), so a
 * refusal cannot come from a set-up that trusts nobody.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { startUmServer, type RunningUm } from '../../lab/um/server';
import { E2E_LAB } from '../support/e2e-config';
import { expect, test } from '../support/fixtures';
import { buildMessage, newBranch, randomToken, SipMessage, SipStreamParser } from '../support/sip-message';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DOMAIN = E2E_LAB.domain;

type Identity = 'proxy' | 'um' | 'foreign-proxy' | 'foreign-um' | 'none';

let um: RunningUm;
let dir: string;
let files: Record<Exclude<Identity, 'none'>, { cert: Buffer; key: Buffer }>;
let ca: Buffer;

test.beforeAll(async () => {
  const env = process.env;
  const need = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`${name} missing: globalSetup did not run`);
    return value;
  };
  const [umCert, umKey, caFile] = [need('UM_E2E_CERT'), need('UM_E2E_KEY'), need('UM_E2E_CA')];
  dir = mkdtempSync(path.join(tmpdir(), 'um-tls-attack-'));
  // Another CA, with certificates that carry the right names (proxy.umphone.test, um.umphone.test).
  execFileSync('bash', [path.join(PROJECT, 'lab', 'scripts', 'certs.sh'), path.join(dir, 'foreign'), DOMAIN]);
  const foreign = (name: string) => readFileSync(path.join(dir, 'foreign', 'certs', name));
  ca = readFileSync(caFile);
  files = {
    proxy: { cert: readFileSync(need('UM_E2E_PROXY_CERT')), key: readFileSync(need('UM_E2E_PROXY_KEY')) },
    um: { cert: readFileSync(umCert), key: readFileSync(umKey) },
    'foreign-proxy': { cert: foreign('lab.crt'), key: foreign('lab.key') },
    'foreign-um': { cert: foreign('um.crt'), key: foreign('um.key') },
  };
  um = await startUmServer({
    sipHost: E2E_LAB.umAddr,
    sipPort: E2E_LAB.umPort,
    proxyHost: '127.0.0.1',
    proxyTlsPort: E2E_LAB.peerTlsPort,
    domain: DOMAIN,
    certFile: umCert,
    keyFile: umKey,
    caFile,
    dataDir: path.join(dir, 'um-data'),
    httpPort: E2E_LAB.umHttpPort,
    log: () => undefined,
  });
});

test.afterAll(async () => {
  await um?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A raw SIP/TLS connection from `localAddress`, presenting `identity`'s certificate (or none). */
class TlsClient {
  readonly received: SipMessage[] = [];
  readonly closed: Promise<void>;
  private readonly waiters: Array<() => void> = [];
  readonly socket: tls.TLSSocket;

  constructor(
    target: { host: string; port: number; servername: string },
    localAddress: string,
    identity: Identity,
  ) {
    const raw = net.connect({ host: target.host, port: target.port, localAddress });
    this.socket = tls.connect({
      socket: raw,
      ca,
      servername: target.servername,
      minVersion: 'TLSv1.2',
      ...(identity === 'none' ? {} : files[identity]),
    });
    // The server's TLS alert (certificate required, unknown CA) or a reset ends up here.
    this.socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => this.socket.once('close', () => resolve()));
    const parser = new SipStreamParser((message) => {
      this.received.push(message);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.socket.on('data', (chunk: Buffer) => parser.push(chunk));
  }

  connected(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.once('secureConnect', () => resolve());
      void this.closed.then(() => reject(new Error('closed before the handshake completed')));
    });
  }

  send(text: string): void {
    this.socket.write(text);
  }

  /** The first final response, or undefined if the connection closes first. */
  finalOrClose(callId: string): Promise<SipMessage | undefined> {
    return new Promise((resolve) => {
      const check = () => {
        const final = this.received.find((m) => m.callId === callId && m.status >= 200);
        if (final) resolve(final);
        else this.waiters.push(check);
      };
      check();
      void this.closed.then(() => resolve(this.received.find((m) => m.callId === callId && m.status >= 200)));
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

/** An INVITE as the proxy would relay it: bob calling his voicemail with skip-pin and a PAI for bob. */
function skipPinInvite(callId: string, via: string): string {
  const uri = `sip:bob@${DOMAIN};opaque=app:voicemail`;
  return buildMessage(`INVITE ${uri} SIP/2.0`, [
    `Via: SIP/2.0/TLS ${via};branch=${newBranch()}`,
    'Max-Forwards: 70',
    `From: <sip:bob@${DOMAIN}>;tag=${randomToken(4)}`,
    `P-Asserted-Identity: <sip:bob@${DOMAIN}>`,
    `To: <${uri}>`,
    `Call-ID: ${callId}`,
    'CSeq: 1 INVITE',
    'Ms-Exchange-Command: skip-pin',
  ]);
}

const toUm = () => ({ host: E2E_LAB.umAddr, port: um.sipPort, servername: `um.${DOMAIN}` });
/** The proxy's listener for servers (a certificate required), or its SIP/TLS port for clients. */
const toProxy = (port: 'servers' | 'clients') => ({
  host: '127.0.0.1',
  port: port === 'servers' ? E2E_LAB.peerTlsPort : E2E_LAB.tlsPort,
  servername: `proxy.${DOMAIN}`,
});

test.describe('the voicemail server believes only the proxy’s certificate', () => {
  test('control: with the proxy’s certificate from 127.0.0.1, skip-pin for bob is honoured', async () => {
    const client = new TlsClient(toUm(), '127.0.0.1', 'proxy');
    await client.connected();
    const callId = `tls-control-${randomToken(6)}`;
    client.send(skipPinInvite(callId, '127.0.0.1:5061'));
    // No SDP offer: the server classifies the call (logged), then refuses it with 488.
    const final = await client.finalOrClose(callId);
    expect(final?.status).toBe(488);
    const entry = um.callLog.entries.find((e) => e.sipCallId === callId);
    expect(entry).toMatchObject({ kind: 'subscriber-access', mailbox: 'bob', skipPinHonoured: true });
    client.close();
  });

  for (const [identity, what] of [
    ['none', 'no certificate'],
    ['foreign-proxy', 'a certificate naming the proxy from another CA'],
    ['um', 'a lab-CA certificate that is not the proxy’s (the UM’s own)'],
  ] as const) {
    test(`a TLS client on 127.0.0.1 with ${what} gets no trust: cut off before any SIP is read`, async () => {
      const client = new TlsClient(toUm(), '127.0.0.1', identity);
      const callId = `tls-${identity}-${randomToken(6)}`;
      // TLS 1.3: the client's handshake completes before the server has checked its certificate.
      client.socket.once('secureConnect', () => client.send(skipPinInvite(callId, '127.0.0.1:5061')));
      const final = await client.finalOrClose(callId);
      // The server closed the connection without one answer (not even 403), and never saw the call.
      expect(final, `answered ${final?.status}: the server read the request`).toBeUndefined();
      await client.closed;
      expect(client.received).toEqual([]);
      expect(um.callLog.entries.some((e) => e.sipCallId === callId)).toBe(false);
    });
  }
});

test.describe('the proxy trusts a UM peer only by its certificate', () => {
  /** An INVITE to carol (not registered) from the UM's address; returns the final answer, if any. */
  async function inviteFromUmAddress(
    identity: Identity,
    port: 'servers' | 'clients' = 'servers',
  ): Promise<SipMessage | undefined> {
    const client = new TlsClient(toProxy(port), E2E_LAB.umAddr, identity);
    const callId = `tls-peer-${identity}-${randomToken(6)}`;
    const uri = `sip:carol@${DOMAIN}`;
    client.socket.once('secureConnect', () =>
      client.send(
        buildMessage(`INVITE ${uri} SIP/2.0`, [
          `Via: SIP/2.0/TLS ${E2E_LAB.umAddr}:${E2E_LAB.umPort};branch=${newBranch()};rport`,
          'Max-Forwards: 70',
          `From: "Voice Mail" <sip:bob@${DOMAIN}>;tag=${randomToken(4)}`,
          `To: <${uri}>`,
          `Call-ID: ${callId}`,
          'CSeq: 1 INVITE',
          `Contact: <sip:um@${E2E_LAB.umAddr}:${E2E_LAB.umPort};transport=tls>`,
          'Ms-Sensitivity: private-no-diversion',
        ]),
      ),
    );
    const final = await client.finalOrClose(callId);
    client.close();
    return final;
  }

  test('control: with the UM’s certificate from 127.0.0.2 on the servers’ listener, the proxy relays without a challenge', async () => {
    const final = await inviteFromUmAddress('um');
    expect(final).toBeDefined();
    expect(final?.status).not.toBe(407);
    expect(final?.status).toBeGreaterThanOrEqual(400); // carol is not registered (480)
  });

  test('from 127.0.0.2 without a certificate: an ordinary client on the clients’ port, challenged (407)', async () => {
    expect((await inviteFromUmAddress('none', 'clients'))?.status).toBe(407);
  });

  test('from 127.0.0.2 without a certificate on the servers’ listener: cut off before any SIP is read', async () => {
    expect(await inviteFromUmAddress('none', 'servers')).toBeUndefined();
  });

  test('from 127.0.0.2 with the UM’s certificate on the clients’ port: not believed there, challenged (407)', async () => {
    // A server speaks on the servers' listener, where the proxy's requests to it leave from too.
    expect((await inviteFromUmAddress('um', 'clients'))?.status).toBe(407);
  });

  test('from 127.0.0.2 with a lab-CA certificate that does not name the UM: challenged (407)', async () => {
    expect((await inviteFromUmAddress('proxy'))?.status).toBe(407);
  });

  test('from 127.0.0.2 with a certificate naming the UM from another CA: refused, never trusted', async () => {
    const final = await inviteFromUmAddress('foreign-um');
    // The handshake fails (verify_certificate), so nothing is answered; a challenge would also do.
    expect(final === undefined || final.status === 407, `answer: ${final?.status}`).toBe(true);
  });
});
