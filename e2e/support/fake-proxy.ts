/**
 * A hostile stand-in for the SIP proxy: a WebSocket server on loopback speaking SIP over WS
 * (RFC 7118, subprotocol `sip`). It registers the phone like a registrar would (200 with the
 * phone's Contact and an expiry), answers its keep-alive OPTIONS, and then lets a test send the
 * phone anything at all: crafted SIP text, raw bytes, valid INVITEs, CANCELs, OPTIONS.
 * Not a SIP stack: just enough to drive the phone and read its answers.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { SipMessage, Waitable, buildMessage, headerUri, newBranch, randomToken } from './sip-message';

export interface FakeProxyOptions {
  /** SIP domain (From/To of the valid requests it makes). */
  domain?: string;
  /** Expiry granted in 200 OK to REGISTER (seconds). */
  registerExpires?: number;
  /**
   * Decides the answer to the n-th REGISTER (1-based): a status code, or a status with extra
   * header lines (e.g. `Retry-After: 1`). Default: 200.
   */
  registerResponse?: (n: number, request: SipMessage) => number | { status: number; headers?: string[] };
}

export interface SentInvite {
  callId: string;
  branch: string;
  raw: string;
}

const REASONS: Record<number, string> = {
  200: 'OK',
  401: 'Unauthorized',
  403: 'Forbidden',
  489: 'Bad Event',
  503: 'Service Unavailable',
};

export class FakeProxy {
  /** Every SIP message the phone sent (requests and responses), in order. */
  readonly fromPhone = new Waitable<SipMessage>();
  /** Messages from the phone that did not parse as SIP (should stay empty). */
  readonly unparsable: string[] = [];
  registerCount = 0;
  private readonly arrivals = new WeakMap<SipMessage, number>();
  /** Close codes and reasons of the phone's WebSockets that ended. */
  readonly closes: string[] = [];
  private socket?: WebSocket;
  private registeredContact = '';
  private cseq = 1;

  private constructor(
    private readonly server: WebSocketServer,
    readonly url: string,
    private readonly config: Required<Pick<FakeProxyOptions, 'domain' | 'registerExpires'>> &
      FakeProxyOptions,
  ) {
    server.on('connection', (ws) => {
      this.socket = ws;
      ws.on('close', (code, reason) => this.closes.push(`${code} ${String(reason)}`));
      ws.on('message', (data, isBinary) => {
        const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : String(data);
        if (/^(\r\n)+$/.test(text)) {
          ws.send('\r\n'); // RFC 5626 pong
          return;
        }
        let message: SipMessage;
        try {
          message = new SipMessage(text);
        } catch {
          this.unparsable.push(text);
          return;
        }
        this.arrivals.set(message, Date.now());
        this.fromPhone.add(message);
        if (message.kind === 'request') this.answerPhone(message);
      });
    });
  }

  static async start(options: FakeProxyOptions = {}): Promise<FakeProxy> {
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false),
      maxPayload: 16 * 1024 * 1024,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    const port = (server.address() as AddressInfo).port;
    return new FakeProxy(server, `ws://127.0.0.1:${port}`, {
      ...options,
      domain: options.domain ?? 'umphone.test',
      registerExpires: options.registerExpires ?? 300,
    });
  }

  /** When a message from the phone arrived (epoch ms). */
  receivedAt(message: SipMessage): number {
    return this.arrivals.get(message) ?? NaN;
  }

  /** The phone's registered Contact URI (where requests to the phone are addressed). */
  get contact(): string {
    return this.registeredContact;
  }

  get connected(): boolean {
    return this.socket?.readyState === 1;
  }

  /** Sends text as a WebSocket text frame, or bytes as a binary frame. */
  send(data: string | Buffer): void {
    if (!this.socket || this.socket.readyState !== 1) throw new Error('the phone is not connected');
    this.socket.send(data, { binary: Buffer.isBuffer(data) });
  }

  /** Closes the phone's WebSocket from the proxy side (as a restarting proxy would). */
  dropConnection(): void {
    this.socket?.terminate();
  }

  private answerPhone(request: SipMessage): void {
    switch (request.method) {
      case 'REGISTER': {
        this.registerCount++;
        const decided = this.config.registerResponse?.(this.registerCount, request) ?? 200;
        const { status, headers = [] } = typeof decided === 'number' ? { status: decided } : decided;
        if (status === 200) {
          const contact = request.getHeader('contact') ?? '';
          this.registeredContact = headerUri(contact);
          this.respond(request, 200, [
            `Contact: ${contact.replace(/;expires=\d+/i, '')};expires=${this.config.registerExpires}`,
            ...headers,
          ]);
        } else {
          this.respond(request, status, headers);
        }
        return;
      }
      case 'SUBSCRIBE':
        // No message-summary here: the phone's MWI subscription is simply refused.
        this.respond(request, 489);
        return;
      case 'ACK':
        return;
      default:
        this.respond(request, 200);
    }
  }

  private respond(request: SipMessage, status: number, extra: string[] = []): void {
    const to = request.getHeader('to') ?? '';
    const headers = [
      ...request.getHeaders('via').map((v) => `Via: ${v}`),
      `From: ${request.getHeader('from') ?? ''}`,
      `To: ${/;tag=/i.test(to) ? to : `${to};tag=${randomToken(4)}`}`,
      `Call-ID: ${request.callId}`,
      `CSeq: ${request.getHeader('cseq') ?? ''}`,
      ...extra,
    ];
    this.send(buildMessage(`SIP/2.0 ${status} ${REASONS[status] ?? 'Whatever'}`, headers));
  }

  /** Headers of a valid request from `from` to the phone (Via, From, To, Call-ID, CSeq, Max-Forwards). */
  requestHeaders(
    method: string,
    opts: { from?: string; to?: string; callId?: string; branch?: string } = {},
  ): { headers: string[]; callId: string; branch: string } {
    const callId = opts.callId ?? `${randomToken(8)}@fake-proxy`;
    const branch = opts.branch ?? newBranch();
    const aor = `sip:${this.aorUser()}@${this.config.domain}`;
    return {
      callId,
      branch,
      headers: [
        `Via: SIP/2.0/WSS fake-proxy.invalid;branch=${branch}`,
        'Max-Forwards: 70',
        `From: ${opts.from ?? `"Carol" <sip:carol@${this.config.domain}>`};tag=${randomToken(4)}`,
        `To: ${opts.to ?? `<${aor}>`}`,
        `Call-ID: ${callId}`,
        `CSeq: ${this.cseq++} ${method}`,
      ],
    };
  }

  private aorUser(): string {
    const from = this.fromPhone.items.find((m) => m.method === 'REGISTER')?.getHeader('to') ?? '';
    return /sips?:([^@;>]+)@/i.exec(from)?.[1] ?? 'bob';
  }

  /** A valid INVITE with a small SDP offer; `extra` header lines are appended. */
  invite(
    opts: { from?: string; to?: string; contact?: string; extra?: string[]; callId?: string } = {},
  ): SentInvite {
    const { headers, callId, branch } = this.requestHeaders('INVITE', opts);
    const raw = buildMessage(
      `INVITE ${this.contact} SIP/2.0`,
      [
        ...headers,
        `Contact: ${opts.contact ?? `<sip:carol@fake-proxy.invalid;transport=ws>`}`,
        'Content-Type: application/sdp',
        ...(opts.extra ?? []),
      ],
      VALID_SDP,
    );
    this.send(raw);
    return { callId, branch, raw };
  }

  /** CANCELs an INVITE the phone is ringing for (RFC 3261 §9.1: same branch, Call-ID, CSeq number). */
  cancel(invite: SentInvite): void {
    const sent = new SipMessage(invite.raw);
    const to = (sent.getHeader('to') ?? '').replace(/;tag=[^;]*/i, '');
    this.send(
      buildMessage(`CANCEL ${sent.uri} SIP/2.0`, [
        ...sent.getHeaders('via').map((v) => `Via: ${v}`),
        'Max-Forwards: 70',
        `From: ${sent.getHeader('from') ?? ''}`,
        `To: ${to}`,
        `Call-ID: ${sent.callId}`,
        `CSeq: ${sent.cseq.seq} CANCEL`,
      ]),
    );
  }

  /** CANCELs whatever the phone answered with a provisional response, from its response alone. */
  cancelFromResponse(response: SipMessage): void {
    const to = (response.getHeader('to') ?? '').replace(/;tag=[^;]*/i, '');
    this.send(
      buildMessage(`CANCEL ${this.contact} SIP/2.0`, [
        ...response.getHeaders('via').map((v) => `Via: ${v}`),
        'Max-Forwards: 70',
        `From: ${response.getHeader('from') ?? ''}`,
        `To: ${to}`,
        `Call-ID: ${response.callId}`,
        `CSeq: ${response.cseq.seq} CANCEL`,
      ]),
    );
  }

  /** Waits for the phone's response to a request of ours with this Call-ID. */
  responseTo(
    callId: string,
    match: (r: SipMessage) => boolean = (r) => r.status >= 200,
    timeoutMs = 5000,
  ): Promise<SipMessage> {
    return this.fromPhone.wait(
      (m) => m.kind === 'response' && m.callId === callId && match(m),
      timeoutMs,
      `the phone's response to ${callId}`,
    );
  }

  /** Sends an OPTIONS to the phone and waits for its final answer. */
  async options(timeoutMs = 5000): Promise<SipMessage> {
    const { headers, callId } = this.requestHeaders('OPTIONS', {
      from: `<sip:fake-proxy@${this.config.domain}>`,
    });
    this.send(buildMessage(`OPTIONS ${this.contact} SIP/2.0`, [...headers, 'Accept: application/sdp']));
    return this.responseTo(callId, (r) => r.status >= 200, timeoutMs);
  }

  /** Waits for the n-th REGISTER from the phone (1-based). */
  waitForRegister(n: number, timeoutMs = 10_000): Promise<SipMessage> {
    return this.fromPhone.wait(
      (m) =>
        m.method === 'REGISTER' &&
        this.fromPhone.items.filter((x) => x.method === 'REGISTER').indexOf(m) === n - 1,
      timeoutMs,
      `REGISTER #${n}`,
    );
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export const VALID_SDP = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 40000 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
  'a=sendrecv',
  '',
].join('\r\n');
