/**
 * An in-memory SIP.js Transport for unit tests (in the spirit of SIP.js's own
 * test/support/api/transport-fake.ts): records what the UserAgent sends and lets a test deliver
 * wire text as if it came from the proxy. Test support only; not part of the app bundle.
 */
import { TransportState, type Transport } from 'sip.js';

type Listener = (state: TransportState) => void;

export class FakeTransport implements Transport {
  /** Every message the UserAgent sent, in order. */
  static readonly sent: string[] = [];
  static last?: FakeTransport;

  state: TransportState = TransportState.Disconnected;
  private readonly listeners = new Set<Listener>();
  readonly stateChange = {
    addListener: (listener: Listener) => void this.listeners.add(listener),
    removeListener: (listener: Listener) => void this.listeners.delete(listener),
    on: (listener: Listener) => void this.listeners.add(listener),
    off: (listener: Listener) => void this.listeners.delete(listener),
    once: (listener: Listener) => {
      const once = (state: TransportState) => {
        this.listeners.delete(once);
        listener(state);
      };
      this.listeners.add(once);
    },
  } as unknown as Transport['stateChange'];
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;
  readonly protocol = 'WSS';

  constructor() {
    FakeTransport.last = this;
  }

  private set(state: TransportState): void {
    this.state = state;
    for (const listener of [...this.listeners]) listener(state);
  }

  connect(): Promise<void> {
    this.set(TransportState.Connected);
    this.onConnect?.();
    return Promise.resolve();
  }

  disconnect(): Promise<void> {
    this.set(TransportState.Disconnected);
    return Promise.resolve();
  }

  dispose(): Promise<void> {
    return this.disconnect();
  }

  isConnected(): boolean {
    return this.state === TransportState.Connected;
  }

  send(message: string): Promise<void> {
    FakeTransport.sent.push(message);
    return Promise.resolve();
  }

  /** Delivers wire text to the UserAgent, as the proxy would. */
  receive(message: string): void {
    this.onMessage?.(message);
  }
}

/** A header's value in a sent message (first occurrence), or undefined. */
export function sentHeader(message: string, name: string): string | undefined {
  const head = message.split('\r\n\r\n')[0] ?? '';
  const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(line.indexOf(':') + 1).trim();
}

/** A response to `request` (a sent message) with the given status line tail and extra headers. */
export function responseTo(request: string, status: string, extra: string[] = []): string {
  const headers = ['via', 'from', 'to', 'call-id', 'cseq'].map((name) => {
    const value = sentHeader(request, name) ?? '';
    const label = { via: 'Via', from: 'From', to: 'To', 'call-id': 'Call-ID', cseq: 'CSeq' }[name];
    return `${label}: ${value}${name === 'to' && !value.includes('tag=') ? ';tag=srv' : ''}`;
  });
  return [`SIP/2.0 ${status}`, ...headers, ...extra, 'Content-Length: 0', '', ''].join('\r\n');
}
