import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TransportState, type Core } from 'sip.js';
import { EarlySocket } from './early-socket';
import { ServerListTransport } from './connection/server-list-transport';
import { ServerRotation } from './connection/server-rotation';

/** A WebSocket without a network: records what is sent, opens, closes and receives on command. */
class FakeSocket extends EventTarget {
  static made: FakeSocket[] = [];
  readyState = 0;
  protocol = '';
  binaryType = 'blob';
  readonly sent: string[] = [];
  closedWith?: number;
  constructor(
    readonly url: string,
    readonly protocols?: string | string[],
  ) {
    super();
    FakeSocket.made.push(this);
  }
  send(data: string): void {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(data);
  }
  close(code?: number): void {
    if (this.readyState >= 2) return;
    this.closedWith = code;
    this.readyState = 3;
    this.dispatchEvent(new Event('close'));
  }
  /** The server accepted the handshake with `protocol` as the agreed subprotocol. */
  accept(protocol = 'sip'): void {
    this.readyState = 1;
    this.protocol = protocol;
    this.dispatchEvent(new Event('open'));
  }
  receive(data: string): void {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
}

const SERVER = 'wss://sip.example.com:7443';
const quiet = { log() {}, warn() {}, error() {}, debug() {} } as unknown as Core.Logger;

const early = () => new EarlySocket((server) => new FakeSocket(server, 'sip') as unknown as WebSocket);

beforeEach(() => {
  FakeSocket.made = [];
});

describe('EarlySocket: what may be adopted', () => {
  it('hands over an open socket to the same server once, with nothing sent on it', () => {
    const holder = early();
    holder.open(SERVER);
    const socket = FakeSocket.made[0]!;
    expect(socket.url).toBe(SERVER);
    socket.accept();
    expect(holder.take(SERVER)).toBe(socket);
    expect(socket.sent).toEqual([]); // no SIP before Sign in
    expect(socket.closedWith).toBeUndefined();
    expect(holder.take(SERVER)).toBeUndefined(); // once
  });

  it('hands over a socket still opening', () => {
    const holder = early();
    holder.open(SERVER);
    expect(holder.take(SERVER)).toBe(FakeSocket.made[0]);
  });

  it('refuses it for another server (a changed server field) and closes it', () => {
    const holder = early();
    holder.open(SERVER);
    const socket = FakeSocket.made[0]!;
    socket.accept();
    expect(holder.take('wss://elsewhere.example.com:7443')).toBeUndefined();
    expect(socket.readyState).toBe(3);
  });

  it('refuses a socket that closed before Sign in', () => {
    const holder = early();
    holder.open(SERVER);
    const socket = FakeSocket.made[0]!;
    socket.accept();
    socket.close(1006);
    expect(holder.take(SERVER)).toBeUndefined();
  });

  it('refuses a socket something spoke on before we did, and closes it', () => {
    const holder = early();
    holder.open(SERVER);
    const socket = FakeSocket.made[0]!;
    socket.accept();
    socket.receive('SIP/2.0 200 OK\r\n\r\n');
    expect(socket.readyState).toBe(3);
    expect(holder.take(SERVER)).toBeUndefined();
  });

  it('refuses an open socket without the sip subprotocol (RFC 7118 §4.1)', () => {
    const holder = early();
    holder.open(SERVER);
    FakeSocket.made[0]!.accept('');
    expect(holder.take(SERVER)).toBeUndefined();
    expect(FakeSocket.made[0]!.readyState).toBe(3);
  });

  it('opens nothing for a URL that is not ws: or wss:, or carries credentials', () => {
    const holder = early();
    holder.open('https://sip.example.com');
    holder.open('wss://user:secret@sip.example.com');
    holder.open('not a url');
    expect(FakeSocket.made).toEqual([]);
  });

  it('closes an unused socket after its maximum age', () => {
    vi.useFakeTimers();
    try {
      const holder = new EarlySocket((server) => new FakeSocket(server, 'sip') as unknown as WebSocket, 1000);
      holder.open(SERVER);
      FakeSocket.made[0]!.accept();
      vi.advanceTimersByTime(1000);
      expect(FakeSocket.made[0]!.readyState).toBe(3);
      expect(holder.take(SERVER)).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('ServerListTransport adopting the early socket (SIP.js 0.21 web Transport)', () => {
  beforeEach(() => {
    vi.stubGlobal('WebSocket', FakeSocket);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const transportWith = (holder: EarlySocket, servers = [SERVER]) =>
    new ServerListTransport(quiet, {
      server: servers[0]!,
      connectionTimeout: 5,
      rotation: new ServerRotation(servers),
      earlySocket: holder,
    });

  it('connects over the open early socket: no new WebSocket, and SIP goes over it', async () => {
    const holder = early();
    holder.open(SERVER);
    const socket = FakeSocket.made[0]!;
    socket.accept();
    const transport = transportWith(holder);
    await transport.connect();
    expect(transport.state).toBe(TransportState.Connected);
    expect(FakeSocket.made).toEqual([socket]);
    expect(globalThis.WebSocket).toBe(FakeSocket); // the constructor is put back
    await transport.send('REGISTER sip:example.com SIP/2.0\r\n\r\n');
    expect(socket.sent).toEqual(['REGISTER sip:example.com SIP/2.0\r\n\r\n']);
  });

  it('connects over an early socket still opening once it opens', async () => {
    const holder = early();
    holder.open(SERVER);
    const socket = FakeSocket.made[0]!;
    const transport = transportWith(holder);
    const opening = transport.connect();
    expect(transport.state).toBe(TransportState.Connecting);
    socket.accept();
    await opening;
    expect(transport.state).toBe(TransportState.Connected);
    expect(FakeSocket.made).toEqual([socket]);
  });

  it('makes its own WebSocket when the early one went to another server', async () => {
    const holder = early();
    holder.open('wss://other.example.com:7443');
    const other = FakeSocket.made[0]!;
    other.accept();
    const transport = transportWith(holder);
    const opening = transport.connect();
    expect(other.readyState).toBe(3);
    const own = FakeSocket.made[1]!;
    expect(own.url).toBe(SERVER);
    own.accept();
    await opening;
    expect(transport.ws).toBe(own);
  });

  it('makes its own WebSocket when the early one closed', async () => {
    const holder = early();
    holder.open(SERVER);
    FakeSocket.made[0]!.accept();
    FakeSocket.made[0]!.close(1006);
    const transport = transportWith(holder);
    const opening = transport.connect();
    const own = FakeSocket.made[1]!;
    own.accept();
    await opening;
    expect(transport.ws).toBe(own);
  });

  it('offers it to the first connection only: a reconnect makes a new WebSocket', async () => {
    const holder = early();
    holder.open(SERVER);
    const socket = FakeSocket.made[0]!;
    socket.accept();
    const transport = transportWith(holder);
    await transport.connect();
    await transport.disconnect();
    holder.open(SERVER); // even if another were opened meanwhile
    const again = transport.connect();
    const own = FakeSocket.made.at(-1)!;
    expect(own).not.toBe(socket);
    expect(own).not.toBe(FakeSocket.made[1]);
    own.accept();
    await again;
    expect(transport.ws).toBe(own);
  });
});
