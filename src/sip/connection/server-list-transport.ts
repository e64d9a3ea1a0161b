/**
 * SIP.js's WebSocket transport, walking a list of servers: each connection goes to the server the
 * rotation names at the time (SIP.js reads `server` through its getter whenever it opens a
 * WebSocket, LAB-NOTES "SIP.js 0.21 and several servers"). The UserAgent, its sessions and its
 * Registerer live on across servers, so the registration keeps its Call-ID (RFC 3261 §10.2.4: a
 * REGISTER with the same Call-ID and a higher CSeq updates the binding in place: one contact).
 *
 * Two additions, both on SIP.js's public surface:
 * - `onHeard`/`ping` for the CRLF watchdog (RFC 5626 §4.4.1): SIP.js swallows the server's CRLF
 *   pong before its `onMessage`, so the watchdog listens on the WebSocket itself (`ws`).
 * - `drop()`: leave a connection now, without waiting for a frozen server's closing handshake.
 *   `disconnect()` moves the transport to Disconnecting at once (sends fail from then on) and the
 *   next `connect()` is allowed from there; SIP.js ignores the old WebSocket's late events.
 */
import type { Core } from 'sip.js';
import { Transport as WebTransport } from 'sip.js/lib/platform/web/transport/index.js';
import type { TransportOptions } from 'sip.js/lib/platform/web/transport/transport-options.js';
import { connectOverSocket } from '../sipjs-internals';
import type { WatchedConnection } from './crlf-watchdog';
import type { EarlySocketSource } from '../early-socket';
import type { ServerRotation } from './server-rotation';

/** A bare CRLF (one or more) is a pong (RFC 5626 §4.4.1), not a SIP message. */
const PONG = /^(\r\n)+$/;

/** What a transport that walks a server list and can be watched offers beyond SIP.js's Transport. */
export interface ListTransport extends WatchedConnection {
  /** The server of the current (or last) connection. */
  readonly server: string;
  /** Leaves the current connection at once (no waiting for the server). */
  drop(): void;
}

export interface ServerListTransportOptions extends TransportOptions {
  rotation: ServerRotation;
  /** A socket opened before Sign in (early-socket.ts): offered to the first connection only. */
  earlySocket?: EarlySocketSource;
}

export class ServerListTransport extends WebTransport implements ListTransport {
  private readonly rotation: ServerRotation;
  private readonly listeners = new Set<(what: 'pong' | 'message') => void>();
  private readonly watched = new WeakSet<WebSocket>();
  private earlySocket: EarlySocketSource | undefined;

  constructor(logger: Core.Logger, options: ServerListTransportOptions) {
    super(logger, { ...options, server: options.rotation.current });
    this.rotation = options.rotation;
    this.earlySocket = options.earlySocket;
  }

  override get server(): string {
    return this.rotation.current;
  }

  /** Via's transport (RFC 7118 §5.2) follows the server in use: WSS or WS. */
  override get protocol(): string {
    return /^wss:/i.test(this.rotation.current) ? 'WSS' : 'WS';
  }

  override connect(): Promise<void> {
    // The first connection may go over the socket opened while the user typed the password, if it
    // is to this very server and still untouched (early-socket.ts decides); later ones never do.
    const early = this.earlySocket?.take(this.server);
    this.earlySocket = undefined;
    const opening = early ? connectOverSocket(early, () => super.connect()) : super.connect();
    const ws = this.ws;
    if (ws && !this.watched.has(ws)) {
      this.watched.add(ws);
      ws.addEventListener('message', (event: MessageEvent<unknown>) => {
        if (ws !== this.ws) return;
        const what = typeof event.data === 'string' && PONG.test(event.data) ? 'pong' : 'message';
        for (const listener of [...this.listeners]) listener(what);
      });
    }
    return opening;
  }

  ping(): Promise<void> {
    return this.send('\r\n\r\n');
  }

  onHeard(listener: (what: 'pong' | 'message') => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  drop(): void {
    if (this.isConnected() || this.ws) void this.disconnect().catch(() => undefined);
  }
}

/** Whether `transport` is one of ours (the app's, or a test's in-memory one). */
export function isListTransport(transport: unknown): transport is ListTransport {
  const t = transport as Partial<ListTransport> | undefined;
  return typeof t?.drop === 'function' && typeof t.ping === 'function' && typeof t.onHeard === 'function';
}
