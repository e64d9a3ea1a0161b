import net from 'node:net';
import tls from 'node:tls';
import { test, expect } from '../support/fixtures';
import { E2E_LAB } from '../support/e2e-config';
import { e2eWsClient } from '../support/e2e-ws-client';
import { startClusterLab, type ClusterLab } from '../support/cluster-lab';
import { VALID_SDP } from '../support/fake-proxy';
import { SipWsClient } from '../support/sip-ws-client';
import {
  buildMessage,
  newBranch,
  randomToken,
  SipStreamParser,
  type SipMessage,
} from '../support/sip-message';

/**
 * The proxy's link to one of its servers cannot be taken over while that server is down
 * (kamailio.cfg: the servers' TLS listener, route[TO_SERVER], tcp_reuse_port).
 *
 * The attack: a server is down. A local process binds that server's very address and port as the
 * source of a TLS connection to the proxy's SIP/TLS port for clients, where no certificate is
 * asked. Kamailio keeps connections by their remote address and port, inbound ones too, so
 * before the fix what the proxy relayed to that server next went over the intruder's connection:
 * a call to voicemail with skip-pin and P-Asserted-Identity, or a call the other cluster node was
 * to deliver. The proxy must relay to a server only over a connection on its servers' listener,
 * where a certificate of the lab CA is required, or one it opened itself from there (verifying
 * the server's certificate). The intruder answers whatever reaches it 486, so the caller's final
 * answer comes after anything relayed to it has arrived.
 */

/** A TLS client of the proxy's SIP/TLS port for clients, without a certificate, from `local`. */
class Intruder {
  readonly received: SipMessage[] = [];
  readonly socket: tls.TLSSocket;
  private readonly secure: Promise<void>;

  constructor(proxy: { host: string; port: number }, local: { address: string; port: number }) {
    const raw = net.connect({ ...proxy, localAddress: local.address, localPort: local.port });
    // An intruder has no reason to check who it talks to.
    this.socket = tls.connect({ socket: raw, rejectUnauthorized: false, minVersion: 'TLSv1.2' });
    this.socket.on('error', () => undefined);
    this.secure = new Promise<void>((resolve, reject) => {
      this.socket.once('secureConnect', () => resolve());
      this.socket.once('close', () => reject(new Error('closed before the handshake completed')));
    });
    const parser = new SipStreamParser((message) => {
      this.received.push(message);
      if (message.kind === 'request' && message.method !== 'ACK') this.socket.write(busy(message));
    });
    this.socket.on('data', (chunk: Buffer) => parser.push(chunk));
  }

  /** Resolves once the proxy has answered an OPTIONS over this connection: it is in the proxy's table. */
  async known(domain: string): Promise<void> {
    await this.secure;
    const callId = `intruder-${randomToken(6)}`;
    this.socket.write(
      buildMessage(`OPTIONS sip:${domain} SIP/2.0`, [
        `Via: SIP/2.0/TLS ${this.socket.localAddress}:${this.socket.localPort};branch=${newBranch()};rport`,
        'Max-Forwards: 70',
        `From: <sip:intruder@${domain}>;tag=${randomToken(4)}`,
        `To: <sip:${domain}>`,
        `Call-ID: ${callId}`,
        'CSeq: 1 OPTIONS',
      ]),
    );
    await expect.poll(() => this.received.some((m) => m.callId === callId && m.status > 0)).toBe(true);
  }

  /** The requests that reached it, one line each. */
  requests(): string[] {
    return this.received.filter((m) => m.kind === 'request').map((m) => `${m.method} ${m.uri}`);
  }

  close(): void {
    this.socket.destroy();
  }
}

function busy(request: SipMessage): string {
  return buildMessage('SIP/2.0 486 Busy Here', [
    ...request.getHeaders('Via').map((v) => `Via: ${v}`),
    `From: ${request.getHeader('From')}`,
    `To: ${request.getHeader('To')};tag=${randomToken(4)}`,
    `Call-ID: ${request.callId}`,
    `CSeq: ${request.getHeader('CSeq')}`,
  ]);
}

/**
 * With the intruder's connection known to the proxy, `caller` places a call the proxy is to relay
 * to the server the intruder stands in for: its final answer (never the intruder's 486) comes once
 * the branch has ended, by when nothing may have reached the intruder. Closes both.
 */
async function callPastIntruder(
  intruder: Intruder,
  caller: SipWsClient,
  domain: string,
  invite: { uri: string; headers?: string[] },
): Promise<void> {
  try {
    await intruder.known(domain);
    const call = caller.invite({ ...invite, body: VALID_SDP, contentType: 'application/sdp' });
    const final = await call.waitForFinal(40_000);
    expect(intruder.requests()).toEqual([]);
    expect(final.status).toBeGreaterThanOrEqual(400);
    expect(final.status).not.toBe(486);
  } finally {
    intruder.close();
    await caller.close();
  }
}

test('a process holding the voicemail server’s address and port gets none of its calls', async ({
  users,
}) => {
  // The shared e2e lab's voicemail server is not running in this file.
  const intruder = new Intruder(
    { host: '127.0.0.1', port: E2E_LAB.tlsPort },
    { address: E2E_LAB.umAddr, port: E2E_LAB.umPort },
  );
  await callPastIntruder(intruder, await e2eWsClient(users.bob!), E2E_LAB.domain, {
    uri: `sip:bob@${E2E_LAB.domain};opaque=app:voicemail`,
    headers: ['Ms-Exchange-Command: skip-pin'],
  });
});

test.describe('in a cluster', () => {
  let lab: ClusterLab;
  test.beforeAll(async () => {
    lab = await startClusterLab('attack-peer', 600); // ports 24666... (cluster-lab.ts)
  });
  test.afterAll(async () => {
    await lab?.stop();
  });

  test('a process holding the other node’s address and port gets none of the calls for it', async () => {
    const client = async (node: 'a' | 'b', name: string) => {
      const c = await SipWsClient.connect({
        url: lab.wsUrl(node),
        user: name,
        password: lab.user(name).password,
        domain: lab.domain,
      });
      expect((await c.register()).final.status).toBe(200);
      return c;
    };
    // carol on B; A learns her contact, whose Path names B's servers' listener.
    const carol = await client('b', 'carol');
    await lab.waitForContact('a', 'carol');
    lab.kill('b');
    await carol.close();
    const b = lab.node('b').config;
    const a = lab.node('a').config;
    const intruder = new Intruder(
      { host: a.host, port: a.tlsPort },
      { address: b.host, port: b.peerTlsPort },
    );
    await callPastIntruder(intruder, await client('a', 'bob'), lab.domain, { uri: lab.user('carol').aor });
  });
});
