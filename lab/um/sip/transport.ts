/**
 * SIP over TLS (RFC 3261 18, 26.2): a listening socket where the proxy
 * delivers requests for the voicemail server, and one outgoing connection to
 * the proxy, bound to the server's own address.
 *
 * Both directions are mutual TLS (RFC 8446 4.3.2 CertificateRequest, 4.4.2):
 * the listener requires a client certificate issued by the lab CA that names
 * the proxy (`proxyName`, checked like a server identity, RFC 6125), and the
 * outgoing connection presents the server's certificate and accepts only a
 * proxy certificate from that CA with that name. Trust is the certificate,
 * not the address: any local process can connect from 127.0.0.1, none has
 * the proxy's key. A handshake that fails, or a peer certificate naming
 * someone else, closes the connection before any SIP is read.
 *
 * Responses go back on the connection their request came in on (18.2.2);
 * the server's own requests always go to the proxy, which is the first hop of
 * every route here (outbound proxy).
 *
 * A proxy node that stops answering without closing (frozen: no FIN, no RST)
 * is noticed by the phone's own CRLF watchdog (RFC 5626 §4.4.1 ping/pong,
 * which Kamailio answers over TLS too): the connection is then dropped and
 * the next node of the cluster tried, as after a close.
 */
import { readFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import tls from 'node:tls';
import { SipStreamFramer, type FramerEvent } from './framing';
import { buildResponse, describe, type SipMessage, type SipParseError } from './message';
import {
  CrlfWatchdog,
  WATCHDOG_IDLE_MS,
  WATCHDOG_SILENCE_MS,
} from '../../../src/sip/connection/crlf-watchdog';

/** A bare CRLF (or several) from the proxy: the pong to our ping (RFC 5626 §4.4.1). */
const PONG = /^(\r\n)+$/;

export interface SipConnection {
  readonly id: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** 'inbound': the proxy connected to us; 'outbound': our connection to the proxy. */
  readonly direction: 'inbound' | 'outbound';
  /** Always true here: every connection is TLS. */
  readonly secure: boolean;
  /** The peer's certificate verified against the CA and names the proxy (always true once open). */
  readonly proxyVerified: boolean;
  send(data: Buffer): boolean;
}

export interface SipTransportOptions {
  /** Address to listen on and to connect from. */
  host: string;
  /** TLS listening port (0: any free port). */
  port: number;
  proxyHost: string;
  proxyPort: number;
  /**
   * Further nodes of a proxy cluster (lab/cluster.ts), same port: when the connection to one
   * fails or is lost, the next is tried. Every one of them is the proxy (same certificate name).
   */
  proxyHosts?: readonly string[];
  /**
   * PEM files: this server's certificate and key (presented in both
   * directions) and the CA that issued the proxy's certificate (the only one
   * trusted). Re-read for every outgoing connection, so that files remade by
   * a restarted lab are picked up when the connection comes back.
   */
  certFile: string;
  keyFile: string;
  caFile: string;
  /** The name the proxy's certificate must carry (SAN DNS, or CN without SANs), e.g. proxy.umphone.test. */
  proxyName: string;
  log: (line: string) => void;
  /** Log every message in full. */
  trace?: boolean;
  /** CRLF keep-alive of the connection to the proxy (default: the phone's, 2 s idle + 2.5 s). */
  keepAlive?: { idleMs: number; silenceMs: number };
}

export interface SipTransportDelegate {
  onMessage(message: SipMessage, connection: SipConnection): void;
  /**
   * The connection to the proxy came back after it had been lost (e.g. the
   * proxy restarted and forgot its in-memory state).
   */
  onProxyReconnected?(): void;
}

let nextConnectionId = 1;

export class SipTransport {
  private server: tls.Server | undefined;
  private readonly sockets = new Set<tls.TLSSocket>();
  private outbound: Promise<{ socket: tls.TLSSocket; connection: SipConnection }> | undefined;
  private closed = false;
  private listenPort = 0;
  /** Set while the connection to the proxy is lost and being retried. */
  private reconnectTimer: NodeJS.Timeout | undefined;
  private reconnectDelayMs = 500;
  /** Which of the proxy's nodes the outgoing connection goes to (proxyHost first). */
  private proxyIndex = 0;

  constructor(
    private readonly options: SipTransportOptions,
    private readonly delegate: SipTransportDelegate,
  ) {}

  get port(): number {
    return this.listenPort;
  }

  get host(): string {
    return this.options.host;
  }

  async listen(): Promise<void> {
    const server = tls.createServer(
      {
        ...this.credentials(),
        minVersion: 'TLSv1.2',
        // Mutual TLS: no client certificate from the CA, no connection.
        requestCert: true,
        rejectUnauthorized: true,
      },
      (socket) => {
        const problem = this.peerProblem(socket);
        if (problem) {
          this.options.log(`TLS client ${socket.remoteAddress ?? '?'} refused: ${problem}`);
          socket.destroy();
          return;
        }
        this.attach(socket, 'inbound');
      },
    );
    server.on('tlsClientError', (error) => this.options.log(`tls handshake failed: ${error.message}`));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.listenPort = (server.address() as AddressInfo).port;
  }

  /** Sends a request (or an ACK/CANCEL) to the proxy on the outgoing connection. */
  async sendToProxy(data: Buffer): Promise<void> {
    const { connection } = await this.connectProxy();
    if (!connection.send(data)) throw new Error('connection to the proxy is closed');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const server = this.server;
    const serverClosed = server
      ? new Promise<void>((resolve) => server.close(() => resolve()))
      : Promise.resolve();
    for (const socket of this.sockets) socket.end();
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const socket of this.sockets) socket.destroy();
    await serverClosed;
  }

  /** The proxy's addresses: proxyHost, then any further cluster nodes. */
  get proxyAddresses(): string[] {
    return [this.options.proxyHost, ...(this.options.proxyHosts ?? [])];
  }

  /** The next node of a cluster for the next connection attempt (a no-op with one proxy). */
  private nextProxy(): void {
    this.proxyIndex = (this.proxyIndex + 1) % this.proxyAddresses.length;
  }

  private connectProxy(): Promise<{ socket: tls.TLSSocket; connection: SipConnection }> {
    if (this.closed) return Promise.reject(new Error('transport closed'));
    this.outbound ??= new Promise((resolve, reject) => {
      const raw = net.connect({
        host: this.proxyAddresses[this.proxyIndex] ?? this.options.proxyHost,
        port: this.options.proxyPort,
        localAddress: this.options.host,
      });
      raw.once('error', (error) => {
        this.outbound = undefined;
        this.nextProxy();
        reject(error);
      });
      let credentials: { cert: Buffer; key: Buffer; ca: Buffer };
      try {
        credentials = this.credentials();
      } catch (error) {
        raw.destroy();
        this.outbound = undefined;
        reject(error as Error);
        return;
      }
      const socket = tls.connect({
        socket: raw,
        // SNI and the identity check (tls.checkServerIdentity) both use the proxy's name.
        servername: this.options.proxyName,
        minVersion: 'TLSv1.2',
        ...credentials,
        rejectUnauthorized: true,
      });
      socket.setTimeout(10000, () => socket.destroy(new Error('TLS connect timeout')));
      socket.once('secureConnect', () => {
        socket.setTimeout(0);
        const connection = this.attach(socket, 'outbound');
        const watchdog = this.watch(socket);
        socket.once('close', () => {
          watchdog.stop();
          this.outbound = undefined;
          if (!this.closed) {
            this.nextProxy();
            this.options.log('connection to the proxy lost; reconnecting');
            this.scheduleReconnect();
          }
        });
        resolve({ socket, connection });
      });
      socket.once('error', (error) => {
        this.outbound = undefined;
        reject(error);
      });
    });
    return this.outbound;
  }

  /** Drops the connection to a node that stops answering pings (then the next node is tried). */
  private watch(socket: tls.TLSSocket): CrlfWatchdog {
    const timing = this.options.keepAlive ?? { idleMs: WATCHDOG_IDLE_MS, silenceMs: WATCHDOG_SILENCE_MS };
    const watchdog = new CrlfWatchdog(
      {
        ping: () =>
          new Promise<void>((resolve, reject) => {
            if (socket.destroyed || !socket.writable) reject(new Error('closed'));
            else socket.write('\r\n\r\n', (error) => (error ? reject(error) : resolve()));
          }),
        onHeard: (listener) => {
          const onData = (chunk: Buffer) =>
            listener(PONG.test(chunk.toString('latin1')) ? 'pong' : 'message');
          socket.on('data', onData);
          return () => socket.off('data', onData);
        },
      },
      {
        ...timing,
        onDead: (silentForMs) => {
          this.options.log(
            `the proxy at ${socket.remoteAddress ?? '?'} is silent for ${silentForMs} ms; leaving it`,
          );
          socket.destroy();
        },
      },
    );
    watchdog.start();
    return watchdog;
  }

  private credentials(): { cert: Buffer; key: Buffer; ca: Buffer } {
    return {
      cert: readFileSync(this.options.certFile),
      key: readFileSync(this.options.keyFile),
      ca: readFileSync(this.options.caFile),
    };
  }

  /** Why an inbound peer is not the proxy (its chain was verified by the handshake), or undefined. */
  private peerProblem(socket: tls.TLSSocket): string | undefined {
    if (!socket.authorized) return `certificate not verified (${String(socket.authorizationError)})`;
    const cert = socket.getPeerCertificate();
    if (!cert || Object.keys(cert).length === 0) return 'no certificate';
    const mismatch = tls.checkServerIdentity(this.options.proxyName, cert);
    return mismatch ? `not the proxy's certificate (${mismatch.message})` : undefined;
  }

  /** Retries the proxy connection (backoff up to 10 s) and reports when it is back. */
  private scheduleReconnect(): void {
    if (this.reconnectTimer || this.closed) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connectProxy().then(
        () => {
          this.reconnectDelayMs = 500;
          this.options.log('connection to the proxy is back');
          this.delegate.onProxyReconnected?.();
        },
        (error: unknown) => {
          this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, 10000);
          this.options.log(
            `proxy still unreachable (${String(error)}); next try in ${this.reconnectDelayMs} ms`,
          );
          this.scheduleReconnect();
        },
      );
    }, this.reconnectDelayMs);
    this.reconnectTimer.unref();
  }

  private attach(socket: tls.TLSSocket, direction: 'inbound' | 'outbound'): SipConnection {
    this.sockets.add(socket);
    const log = this.options.log;
    const connection: SipConnection = {
      id: nextConnectionId++,
      remoteAddress: (socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
      remotePort: socket.remotePort ?? 0,
      direction,
      secure: true,
      // inbound: checked by peerProblem(); outbound: rejectUnauthorized + servername checked the proxy.
      proxyVerified: socket.authorized,
      send: (data: Buffer) => {
        if (socket.destroyed || !socket.writable) return false;
        if (this.options.trace) log(`send on #${connection.id}:\n${data.toString('utf8')}`);
        socket.write(data);
        return true;
      },
    };
    const answerBadRequest = (error: SipParseError): void => {
      // Only requests that carry a Via can be answered (RFC 3261 8.2.6.1).
      if (!error.request) return;
      if (error.request.method === 'ACK') return;
      connection.send(buildResponse(error.request, 400, `Bad Request (${error.reason})`));
    };
    const framer = new SipStreamFramer((event: FramerEvent) => {
      switch (event.type) {
        case 'message':
          if (this.options.trace) log(`recv on #${connection.id}: ${describe(event.message)}`);
          try {
            this.delegate.onMessage(event.message, connection);
          } catch (error) {
            log(`error handling ${describe(event.message)}: ${String(error)}`);
          }
          return;
        case 'invalid':
          log(`malformed SIP from ${connection.remoteAddress}: ${event.error.reason}`);
          answerBadRequest(event.error);
          return;
        case 'fatal':
          log(`unframeable SIP from ${connection.remoteAddress}: ${event.error.reason}; closing connection`);
          answerBadRequest(event.error);
          socket.end();
          return;
        case 'ping':
          connection.send(Buffer.from('\r\n'));
          return;
      }
    });
    socket.on('data', (chunk: Buffer) => framer.push(chunk));
    socket.on('error', (error) => log(`connection #${connection.id} error: ${error.message}`));
    socket.on('close', () => this.sockets.delete(socket));
    return connection;
  }
}
