/**
 * An in-process SIP proxy, registrar and presence server for two-party unit tests, in the manner of
 * SIP.js's test/support/api/transport-fake.ts: each phone's UserAgent gets a transport that hands
 * its text to this proxy, which answers what a registrar/presence server would, and relays
 * INVITEs (and the dialogs they make) between the registered phones. Everything is delivered on a
 * later microtask, never re-entrantly. A test can override what any method gets, silence the
 * proxy (a half-open connection), refuse connections, drop them, or inject raw text (a voicemail
 * server's Play-On-Phone INVITE). Test support only: never imported by the app.
 */
import { TransportState, type Transport, type UserAgentOptions } from 'sip.js';
import type { ListTransport } from '../connection/server-list-transport';

type StateListener = (state: TransportState) => void;

/** One SIP message as the proxy saw it. */
export class WireMessage {
  constructor(
    /** The phone that sent it ('proxy' for what the proxy made itself). */
    readonly from: string,
    readonly text: string,
  ) {}

  get isResponse(): boolean {
    return this.text.startsWith('SIP/2.0 ');
  }
  /** The method of a request, or of the request a response answers (from CSeq). */
  get method(): string {
    return this.isResponse ? (this.header('cseq')?.split(/\s+/)[1] ?? '') : (this.text.split(' ')[0] ?? '');
  }
  get status(): number | undefined {
    return this.isResponse ? Number(this.text.split(' ')[1]) : undefined;
  }
  get requestUri(): string {
    return this.isResponse ? '' : (this.text.split('\r\n')[0]?.split(' ')[1] ?? '');
  }
  get callId(): string {
    return this.header('call-id') ?? '';
  }
  get branch(): string {
    return /branch=([^;,\s]+)/.exec(this.header('via') ?? '')?.[1] ?? '';
  }
  get body(): string {
    const at = this.text.indexOf('\r\n\r\n');
    return at < 0 ? '' : this.text.slice(at + 4);
  }
  /** A header's value (first occurrence, compact forms not handled: SIP.js writes long ones). */
  header(name: string): string | undefined {
    const head = this.text.split('\r\n\r\n')[0] ?? '';
    const line = head
      .split('\r\n')
      .slice(1)
      .find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
    return line?.slice(line.indexOf(':') + 1).trim();
  }
  /** The user part of a URI (`sip:bob@…` → bob). */
  static userOf(uri: string): string {
    return /sips?:([^@;>]+)@/.exec(uri)?.[1] ?? '';
  }
}

/** What the proxy answers a request with, or 'relay' / 'ignore'. */
export type Answer = { status: string; headers?: string[]; body?: string } | 'relay' | 'ignore';
export type Responder = (request: WireMessage) => Answer;

export class FakeProxy {
  /** Every message any phone sent, in order. */
  readonly received: WireMessage[] = [];
  /** Per method, how the proxy answers; the defaults behave like Kamailio with presence. */
  readonly responders = new Map<string, Responder>();
  /** While true, nothing is answered or relayed (a frozen proxy: the connection is half-open). */
  silent = false;
  /** While false, connection attempts fail (the server cannot be reached). */
  reachable = true;
  /**
   * Whether a double-CRLF ping gets a CRLF pong (RFC 5626 §4.4.1), as Kamailio answers over
   * WebSocket. Off by default: a server that ignores pings, so only the OPTIONS probe judges.
   */
  answersPings = false;

  private readonly connections = new Set<ProxyTransport>();
  private readonly bindings = new Map<string, ProxyTransport>();
  private readonly dialogs = new Map<string, [ProxyTransport, ProxyTransport]>();
  private readonly transactions = new Map<string, ProxyTransport>();
  private readonly inviteTargets = new Map<string, ProxyTransport>();
  private etags = 0;
  private notifies = 0;
  private branches = 0;

  constructor() {
    this.responders.set('REGISTER', (r) => this.register(r));
    this.responders.set('PUBLISH', (r) => {
      const expires = r.header('expires') ?? '3600';
      const etag = r.header('sip-if-match') ?? `etag${++this.etags}`;
      return { status: '200 OK', headers: [`SIP-ETag: ${etag}`, `Expires: ${expires}`] };
    });
    this.responders.set('SUBSCRIBE', (r) => ({
      status: '200 OK',
      headers: [`Expires: ${r.header('expires') ?? '3600'}`, PROXY_CONTACT],
    }));
    this.responders.set('OPTIONS', () => ({ status: '200 OK' }));
  }

  /** The transport class a phone's UserAgent uses; `name` labels what it sends. */
  transportFor(name: string): UserAgentOptions['transportConstructor'] {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the class below is bound to this proxy
    const proxy = this;
    return class extends ProxyTransport {
      constructor() {
        super(proxy, name);
      }
    };
  }

  /** What `name` sent (requests and responses), optionally only one method's requests. */
  sentBy(name: string, method?: string): WireMessage[] {
    return this.received.filter(
      (m) => m.from === name && (method === undefined || (!m.isResponse && m.method === method)),
    );
  }

  /** Requests of `method` sent by anyone. */
  requests(method: string): WireMessage[] {
    return this.received.filter((m) => !m.isResponse && m.method === method);
  }

  /** The responses `name` sent to requests of `method`. */
  responsesBy(name: string, method: string): WireMessage[] {
    return this.received.filter((m) => m.from === name && m.isResponse && m.method === method);
  }

  /** Open connections right now (a lost connection is closed; a reconnection opens a new one). */
  get openConnections(): number {
    return [...this.connections].filter((c) => c.state === TransportState.Connected).length;
  }

  /** The proxy closes every connection (it restarted, or the network went away). */
  dropAll(): void {
    for (const c of [...this.connections]) c.closeFromServer();
  }

  /** The proxy closes `name`'s connection only. */
  drop(name: string): void {
    for (const c of [...this.connections]) if (c.name === name) c.closeFromServer();
  }

  /**
   * `name`'s connection goes half-open (its network went away without a FIN): what the phone sends
   * on it is lost and nothing reaches it, while it still believes it is connected. Its next
   * connection works. `lost` keeps what was sent into the void.
   */
  cutOff(name: string): void {
    for (const c of this.connections) if (c.name === name) c.halfOpen = true;
  }

  /** Messages phones sent on a half-open connection (never seen by the proxy). */
  readonly lost: WireMessage[] = [];

  /** Delivers raw text to the phone registered as `user` (e.g. a UM server's INVITE). */
  inject(user: string, text: string): void {
    const to = this.bindings.get(user);
    if (!to) throw new Error(`${user} is not registered`);
    const message = new WireMessage('proxy', text);
    if (!message.isResponse) this.transactions.set(message.branch, PROXY_ITSELF);
    to.deliver(text);
  }

  /** A proxy-made request's Via branch, unique. */
  nextBranch(): string {
    return `z9hG4bKproxy${++this.branches}`;
  }

  /** Connections opened so far (each attempt that reached the proxy). */
  opened = 0;
  /** CRLF pings received. */
  pings = 0;

  attach(t: ProxyTransport): void {
    this.opened++;
    this.connections.add(t);
  }

  detach(t: ProxyTransport): void {
    this.connections.delete(t);
    for (const [user, bound] of this.bindings) if (bound === t) this.bindings.delete(user);
  }

  /** A message a phone sent; handled on a later microtask. */
  fromPhone(t: ProxyTransport, text: string): void {
    if (/^(\r\n)+$/.test(text)) {
      this.pings++;
      if (this.answersPings && !this.silent) t.deliver('\r\n');
      return;
    }
    const message = new WireMessage(t.name, text);
    this.received.push(message);
    queueMicrotask(() => {
      if (this.silent || t.state !== TransportState.Connected) return;
      this.route(t, message);
    });
  }

  private route(sender: ProxyTransport, m: WireMessage): void {
    if (m.isResponse) {
      const to = this.transactions.get(m.branch);
      if (to && to !== PROXY_ITSELF && to.state === TransportState.Connected) to.deliver(m.text);
      return;
    }
    this.transactions.set(m.branch, sender);
    // CANCEL and a non-2xx ACK travel with their INVITE's branch, to wherever it went.
    if ((m.method === 'CANCEL' || m.method === 'ACK') && this.inviteTargets.has(m.branch)) {
      this.inviteTargets.get(m.branch)?.deliver(m.text);
      return;
    }
    const dialog = this.dialogs.get(m.callId);
    if (dialog && m.header('to')?.includes('tag=')) {
      const other = dialog[0] === sender ? dialog[1] : dialog[0];
      other.deliver(m.text);
      return;
    }
    const answer = (this.responders.get(m.method) ?? (() => 'relay' as const))(m);
    if (answer === 'ignore') return;
    if (answer !== 'relay') {
      sender.deliver(responseText(m, answer));
      // RFC 6665 §4.2.1.2: a NOTIFY follows an accepted SUBSCRIBE at once.
      if (m.method === 'SUBSCRIBE' && answer.status.startsWith('2')) this.notify(sender, m);
      return;
    }
    if (m.method === 'ACK') return;
    const target = this.bindings.get(WireMessage.userOf(m.requestUri));
    if (!target || m.requestUri.includes('opaque=app:voicemail')) {
      sender.deliver(responseText(m, { status: '404 Not Found' }));
      return;
    }
    if (m.method === 'INVITE') {
      this.dialogs.set(m.callId, [sender, target]);
      this.inviteTargets.set(m.branch, target);
    }
    target.deliver(m.text);
  }

  /** The NOTIFY that follows an accepted SUBSCRIBE (no body: the state is unknown yet). */
  private notify(to: ProxyTransport, subscribe: WireMessage): void {
    const expires = subscribe.header('expires') ?? '3600';
    const target = /<([^>]+)>/.exec(subscribe.header('contact') ?? '')?.[1] ?? '';
    const to_ = subscribe.header('to') ?? '';
    const text = [
      `NOTIFY ${target} SIP/2.0`,
      `Via: SIP/2.0/WSS proxy.invalid;branch=${this.nextBranch()}`,
      'Max-Forwards: 70',
      `From: ${to_}${to_.includes('tag=') ? '' : ';tag=proxy'}`,
      `To: ${subscribe.header('from') ?? ''}`,
      `Call-ID: ${subscribe.callId}`,
      `CSeq: ${++this.notifies} NOTIFY`,
      PROXY_CONTACT,
      `Event: ${subscribe.header('event') ?? ''}`,
      `Subscription-State: ${expires === '0' ? 'terminated;reason=timeout' : `active;expires=${expires}`}`,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    this.transactions.set(new WireMessage('proxy', text).branch, PROXY_ITSELF);
    to.deliver(text);
  }

  /** A registrar that accepts everything and binds the AOR's user to this connection. */
  private register(r: WireMessage): Answer {
    const contact = r.header('contact') ?? '';
    const expires = r.header('expires') ?? '3600';
    const user = WireMessage.userOf(r.header('to') ?? '');
    const sender = this.transactions.get(r.branch);
    if (expires === '0' || contact === '*') {
      this.bindings.delete(user);
      return { status: '200 OK' };
    }
    if (sender && sender !== PROXY_ITSELF) this.bindings.set(user, sender);
    return { status: '200 OK', headers: [`Contact: ${contact};expires=${expires}`] };
  }
}

const PROXY_CONTACT = 'Contact: <sip:proxy@proxy.invalid;transport=ws>';

/** Marks a transaction the proxy started itself (its responses go nowhere). */
const PROXY_ITSELF = Symbol('proxy') as unknown as ProxyTransport;

/** A response to `request` that the proxy makes itself. */
export function responseText(
  request: WireMessage,
  answer: { status: string; headers?: string[]; body?: string },
) {
  const copy = (name: string) => request.header(name) ?? '';
  const to = copy('to');
  const body = answer.body ?? '';
  return [
    `SIP/2.0 ${answer.status}`,
    `Via: ${copy('via')}`,
    `From: ${copy('from')}`,
    `To: ${to}${to.includes('tag=') ? '' : ';tag=proxy'}`,
    `Call-ID: ${copy('call-id')}`,
    `CSeq: ${copy('cseq')}`,
    ...(answer.headers ?? []),
    `Content-Length: ${new TextEncoder().encode(body).length}`,
    '',
    body,
  ].join('\r\n');
}

/**
 * The transport a phone's UserAgent uses: connected to one FakeProxy, in memory. Like the app's
 * ServerListTransport it can be pinged, heard and dropped (connection/crlf-watchdog).
 */
export class ProxyTransport implements Transport, ListTransport {
  state: TransportState = TransportState.Disconnected;
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;
  readonly protocol = 'WSS';
  private readonly listeners = new Set<StateListener>();
  readonly stateChange = {
    addListener: (listener: StateListener) => void this.listeners.add(listener),
    removeListener: (listener: StateListener) => void this.listeners.delete(listener),
  } as unknown as Transport['stateChange'];

  private readonly heard = new Set<(what: 'pong' | 'message') => void>();
  /** Set by FakeProxy.cutOff: sends vanish, nothing is delivered, no close is seen. */
  halfOpen = false;

  constructor(
    protected proxy: FakeProxy,
    readonly name: string,
  ) {}

  /** The proxy's name (a cluster's transport says which node it is on). */
  get server(): string {
    return 'fake';
  }

  ping(): Promise<void> {
    return this.send('\r\n\r\n');
  }

  onHeard(listener: (what: 'pong' | 'message') => void): () => void {
    this.heard.add(listener);
    return () => this.heard.delete(listener);
  }

  drop(): void {
    void this.disconnect();
  }

  private set(state: TransportState): void {
    this.state = state;
    for (const listener of [...this.listeners]) listener(state);
  }

  connect(): Promise<void> {
    if (!this.proxy.reachable) return Promise.reject(new Error('connection refused'));
    this.halfOpen = false;
    this.proxy.attach(this);
    this.set(TransportState.Connected);
    this.onConnect?.();
    return Promise.resolve();
  }

  disconnect(): Promise<void> {
    this.proxy.detach(this);
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
    if (this.state !== TransportState.Connected) return Promise.reject(new Error('not connected'));
    if (this.halfOpen) {
      if (!/^(\r\n)+$/.test(message)) this.proxy.lost.push(new WireMessage(this.name, message));
      return Promise.resolve();
    }
    this.proxy.fromPhone(this, message);
    return Promise.resolve();
  }

  /** Text from the proxy, delivered as the WebSocket would (after the current task step). */
  deliver(text: string): void {
    if (this.halfOpen) return;
    queueMicrotask(() => {
      if (this.state !== TransportState.Connected || this.halfOpen) return;
      const pong = /^(\r\n)+$/.test(text);
      for (const listener of [...this.heard]) listener(pong ? 'pong' : 'message');
      if (!pong) this.onMessage?.(text);
    });
  }

  /** The server closed the connection. */
  closeFromServer(): void {
    if (this.state !== TransportState.Connected) return;
    this.proxy.detach(this);
    this.set(TransportState.Disconnected);
    this.onDisconnect?.(new Error('connection closed by the server'));
  }
}
