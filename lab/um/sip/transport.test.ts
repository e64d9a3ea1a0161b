/**
 * The voicemail server's connection to a proxy cluster (issue 16): a node that freezes (keeps the
 * connection open, answers nothing: SIGSTOP) is left for the next node, as a closed one is. Two
 * stand-in nodes on loopback speak real mutual TLS with the lab CA's certificates and answer the
 * CRLF ping (RFC 5626 §4.4.1) with a CRLF, as Kamailio does, until one is frozen.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SipTransport } from './transport';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** Loopback addresses of the two stand-in nodes (the certificate's node range) and of the server. */
const NODE_A = '127.0.0.16';
const NODE_B = '127.0.0.17';
const UM_HOST = '127.0.0.8';

class StandInNode {
  readonly server: tls.Server;
  /** Connections accepted, and CRLF pings answered. */
  connections = 0;
  pongs = 0;
  /** Frozen: reads on, answers nothing, closes nothing. */
  frozen = false;
  private readonly sockets = new Set<tls.TLSSocket>();

  constructor(certs: string) {
    this.server = tls.createServer(
      {
        cert: readFileSync(path.join(certs, 'lab.crt')),
        key: readFileSync(path.join(certs, 'lab.key')),
        ca: readFileSync(path.join(certs, 'ca.crt')),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (socket) => {
        this.connections++;
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
        socket.on('data', (chunk: Buffer) => {
          if (this.frozen || !chunk.toString('latin1').includes('\r\n\r\n')) return;
          this.pongs++;
          socket.write('\r\n');
        });
      },
    );
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve((this.server.address() as AddressInfo).port));
    });
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let dir: string;
let a: StandInNode;
let b: StandInNode;
let port: number;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'um-transport-'));
  execFileSync('bash', [path.join(PROJECT, 'lab', 'scripts', 'certs.sh'), dir]);
}, 30_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function until(condition: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

it('a node that freezes is left for the next one, as a closed one is', async () => {
  const certs = path.join(dir, 'certs');
  a = new StandInNode(certs);
  b = new StandInNode(certs);
  port = await a.listen(NODE_A, 0);
  await b.listen(NODE_B, port);
  const lines: string[] = [];
  let reconnected = 0;
  const transport = new SipTransport(
    {
      host: UM_HOST,
      port: 0,
      proxyHost: NODE_A,
      proxyHosts: [NODE_B],
      proxyPort: port,
      certFile: path.join(certs, 'um.crt'),
      keyFile: path.join(certs, 'um.key'),
      caFile: path.join(certs, 'ca.crt'),
      proxyName: 'proxy.umphone.test',
      log: (line) => lines.push(line),
      keepAlive: { idleMs: 150, silenceMs: 250 },
    },
    { onMessage: () => undefined, onProxyReconnected: () => reconnected++ },
  );
  await transport.listen();
  try {
    await transport.sendToProxy(Buffer.from('\r\n\r\n'));
    await until(() => a.connections === 1, 'connected to A');
    // A answers the pings: the connection stays however long nothing else is said.
    await until(() => a.pongs >= 4, 'several pings answered by A');
    expect(b.connections).toBe(0);

    a.frozen = true;
    await until(() => b.connections === 1, 'connected to B after A froze');
    await until(() => reconnected === 1, 'reported back (publications are sent again)');
    expect(lines.some((l) => l.includes(`the proxy at ${NODE_A} is silent`))).toBe(true);
    expect(a.connections).toBe(1);
    await until(() => b.pongs >= 2, 'B answers the pings on the new connection');
  } finally {
    await transport.close();
  }
}, 20_000);
