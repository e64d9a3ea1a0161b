/**
 * A deliberately minimal SIP-over-WebSocket user agent (RFC 7118) for Node
 * tests: REGISTER and other requests with digest authentication, and manual
 * responses to incoming requests. It mimics SIP.js on the wire (`*.invalid`
 * Via/Contact hosts, `transport=ws`), but is not a SIP stack.
 *
 * Over 400 lines for a reason: one user agent class (connection, digest, transactions, dialogs).
 */
import { createHash, randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import {
  SipMessage,
  Waitable,
  buildMessage,
  headerUri,
  newBranch,
  randomToken,
  splitHeaderList,
} from './sip-message';

export interface SipWsClientOptions {
  /** ws:// or wss:// URL of the proxy. */
  url: string;
  user: string;
  password: string;
  domain: string;
  displayName?: string;
  /** Source address to connect from (e.g. '127.0.0.1'). */
  localAddress?: string;
  /** Answer incoming initial INVITEs with 100 Trying at once, like SIP.js (default true). */
  autoTrying?: boolean;
  log?: boolean;
}

export interface RequestOptions {
  /** Request-URI. */
  uri: string;
  /** To header value (default `<uri>`). */
  to?: string;
  /** From header value without tag (default the client's own AOR). */
  from?: string;
  headers?: string[];
  body?: string;
  contentType?: string;
  /** Answer a 401/407 challenge once (default true). */
  authenticate?: boolean;
  timeoutMs?: number;
}

export interface RequestResult {
  /** The final response (after an eventual challenge round). */
  final: SipMessage;
  /** Every response received for this request (both rounds). */
  responses: SipMessage[];
  /** The request as last sent. */
  request: SipMessage;
}

export interface WsOutgoingInvite {
  readonly callId: string;
  /** INVITE responses (including a 407 challenge and its ACKed round). */
  readonly responses: SipMessage[];
  waitForResponse(match: number | ((r: SipMessage) => boolean), timeoutMs?: number): Promise<SipMessage>;
  /** The final response of the (authenticated) INVITE. */
  waitForFinal(timeoutMs?: number): Promise<SipMessage>;
  /** CANCEL after the first provisional; resolves with the 200 to the CANCEL. */
  cancel(timeoutMs?: number): Promise<SipMessage>;
  ack(): void;
  bye(timeoutMs?: number): Promise<SipMessage>;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

function digestParams(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([a-zA-Z0-9_-]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^\s,]+)/g;
  for (let m = re.exec(header); m; m = re.exec(header)) {
    out[(m[1] ?? '').toLowerCase()] = m[3] ?? m[2] ?? '';
  }
  return out;
}

export class SipWsClient {
  readonly aor: string;
  readonly contact: string;
  /** Requests received from the proxy. */
  readonly requests = new Waitable<SipMessage>();
  /** Responses received (all transactions). */
  readonly responses = new Waitable<SipMessage>();
  private readonly viaHost: string;
  private readonly viaTransport: string;
  private cseq = Math.floor(Math.random() * 1000) + 1;
  private readonly registerCallId = `${randomToken(12)}`;
  private readonly closed: Promise<void>;

  private constructor(
    private readonly ws: WebSocket,
    private readonly options: SipWsClientOptions,
  ) {
    this.aor = `sip:${options.user}@${options.domain}`;
    this.viaHost = `${randomToken(6)}.invalid`;
    this.viaTransport = options.url.startsWith('wss:') ? 'WSS' : 'WS';
    this.contact = `<sip:${randomToken(4)}@${this.viaHost};transport=ws>`;
    this.closed = new Promise((resolve) => ws.once('close', () => resolve()));
    ws.on('message', (data: WebSocket.RawData) => {
      const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString();
      if (this.options.log) process.stderr.write(`[${options.user} recv]\n${text}\n`);
      let message: SipMessage;
      try {
        message = new SipMessage(text);
      } catch {
        return; // keep-alive or garbage
      }
      if (message.kind === 'request') {
        if (message.method === 'INVITE' && message.toTag === undefined && options.autoTrying !== false) {
          this.respond(message, 100, 'Trying');
        }
        this.requests.add(message);
      } else {
        this.responses.add(message);
      }
    });
  }

  /** This client's end of its WebSocket connection: the port the proxy sees it from. */
  get localPort(): number {
    return (this.ws as unknown as { _socket: { localPort: number } })._socket.localPort;
  }

  static connect(options: SipWsClientOptions): Promise<SipWsClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(options.url, 'sip', {
        rejectUnauthorized: false,
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      });
      ws.once('open', () => resolve(new SipWsClient(ws, options)));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) =>
        reject(new Error(`WebSocket handshake: HTTP ${res.statusCode}`)),
      );
    });
  }

  /**
   * Sends `text` exactly as given on this connection (hand-made requests: compact or
   * odd-case header names, duplicates); responses arrive in `responses`.
   */
  sendRaw(text: string): void {
    this.send(text);
  }

  private send(text: string): void {
    if (this.options.log) process.stderr.write(`[${this.options.user} send]\n${text}\n`);
    this.ws.send(text);
  }

  private fromHeader(from?: string): string {
    if (from) return from;
    const name = this.options.displayName ? `"${this.options.displayName}" ` : '';
    return `${name}<${this.aor}>`;
  }

  /** REGISTER (expires 0 unregisters). Returns the final response. */
  async register(expires = 600, password = this.options.password): Promise<RequestResult> {
    return this.request('REGISTER', {
      uri: `sip:${this.options.domain}`,
      to: `<${this.aor}>`,
      headers: [`Contact: ${this.contact};expires=${expires}`, `Expires: ${expires}`],
      callId: this.registerCallId,
      password,
    });
  }

  /** Sends an out-of-dialog request, answering one digest challenge. */
  async request(
    method: string,
    opts: RequestOptions & { callId?: string; password?: string },
  ): Promise<RequestResult> {
    const m = method.toUpperCase();
    const callId = opts.callId ?? randomToken(12);
    const fromTag = randomToken();
    const timeoutMs = opts.timeoutMs ?? 5000;
    const all: SipMessage[] = [];
    let authorization: string | undefined;
    for (let round = 0; round < 2; round++) {
      const branch = newBranch();
      const seq = this.cseq++;
      const headers = [
        `Via: SIP/2.0/${this.viaTransport} ${this.viaHost};branch=${branch}`,
        'Max-Forwards: 70',
        `To: ${opts.to ?? `<${opts.uri}>`}`,
        `From: ${this.fromHeader(opts.from)};tag=${fromTag}`,
        `Call-ID: ${callId}`,
        `CSeq: ${seq} ${m}`,
        ...(m === 'REGISTER' ? [] : [`Contact: ${this.contact}`]),
        ...(authorization ? [authorization] : []),
        'User-Agent: um-phone-test-ws-client',
        ...(opts.headers ?? []),
      ];
      const body = opts.body ?? '';
      if (body) headers.push(`Content-Type: ${opts.contentType ?? 'text/plain'}`);
      const text = buildMessage(`${m} ${opts.uri} SIP/2.0`, headers, body);
      const request = new SipMessage(text);
      const mine = (r: SipMessage) => r.topBranch === branch && r.cseq.method === m;
      const unsubscribe = this.responses.subscribe((r) => {
        if (mine(r)) all.push(r);
      });
      this.send(text);
      let final: SipMessage;
      try {
        final = await this.responses.wait(
          (r) => mine(r) && r.status >= 200,
          timeoutMs,
          `final response to ${m}`,
        );
      } finally {
        unsubscribe();
      }
      if (m === 'INVITE' && final.status >= 300) {
        this.send(
          buildMessage(`ACK ${opts.uri} SIP/2.0`, [
            `Via: SIP/2.0/${this.viaTransport} ${this.viaHost};branch=${branch}`,
            'Max-Forwards: 70',
            `To: ${final.getHeader('to') ?? ''}`,
            `From: ${this.fromHeader(opts.from)};tag=${fromTag}`,
            `Call-ID: ${callId}`,
            `CSeq: ${seq} ACK`,
          ]),
        );
      }
      const challenge =
        final.status === 401
          ? final.getHeader('www-authenticate')
          : final.status === 407
            ? final.getHeader('proxy-authenticate')
            : undefined;
      if (round === 0 && challenge && opts.authenticate !== false) {
        authorization = this.authorization(final.status === 401, challenge, m, opts.uri, opts.password);
        continue;
      }
      return { final, responses: all, request };
    }
    throw new Error('unreachable');
  }

  private authorization(
    www: boolean,
    challenge: string,
    method: string,
    uri: string,
    password?: string,
  ): string {
    const p = digestParams(challenge);
    const realm = p.realm ?? '';
    const nonce = p.nonce ?? '';
    const ha1 = md5(`${this.options.user}:${realm}:${password ?? this.options.password}`);
    const ha2 = md5(`${method}:${uri}`);
    const qop = (p.qop ?? '').split(',').map((q) => q.trim());
    const parts = [
      `username="${this.options.user}"`,
      `realm="${realm}"`,
      `nonce="${nonce}"`,
      `uri="${uri}"`,
      'algorithm=MD5',
    ];
    if (qop.includes('auth')) {
      const cnonce = randomBytes(8).toString('hex');
      const nc = '00000001';
      parts.push(
        `response="${md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`)}"`,
        'qop=auth',
        `nc=${nc}`,
        `cnonce="${cnonce}"`,
      );
    } else {
      parts.push(`response="${md5(`${ha1}:${nonce}:${ha2}`)}"`);
    }
    if (p.opaque !== undefined) parts.push(`opaque="${p.opaque}"`);
    return `${www ? 'Authorization' : 'Proxy-Authorization'}: Digest ${parts.join(', ')}`;
  }

  /**
   * Sends an INVITE (answering one 407 challenge) and returns a handle for
   * the call: responses, CANCEL, ACK of the 2xx, BYE.
   */
  invite(
    opts: Omit<RequestOptions, 'authenticate' | 'timeoutMs'> & {
      autoAck?: boolean;
      /** Contact header value instead of the client's own (e.g. a forged `;automata`). */
      contact?: string;
    },
  ): WsOutgoingInvite {
    const callId = randomToken(12);
    const fromTag = randomToken();
    const from = `${this.fromHeader(opts.from)};tag=${fromTag}`;
    const to = opts.to ?? `<${opts.uri}>`;
    const autoAck = opts.autoAck ?? true;
    const all = new Waitable<SipMessage>();
    let branch = newBranch();
    let seq = this.cseq++;
    let authorization: string | undefined;
    let dialog: { to: string; target: string; routes: string[] } | undefined;
    let acked = false;

    const viaLine = (b: string) => `Via: SIP/2.0/${this.viaTransport} ${this.viaHost};branch=${b}`;
    const sendInvite = () => {
      const headers = [
        viaLine(branch),
        'Max-Forwards: 70',
        `To: ${to}`,
        `From: ${from}`,
        `Call-ID: ${callId}`,
        `CSeq: ${seq} INVITE`,
        `Contact: ${opts.contact ?? this.contact}`,
        ...(authorization ? [authorization] : []),
        'User-Agent: um-phone-test-ws-client',
        ...(opts.headers ?? []),
      ];
      const body = opts.body ?? '';
      if (body) headers.push(`Content-Type: ${opts.contentType ?? 'application/sdp'}`);
      this.send(buildMessage(`INVITE ${opts.uri} SIP/2.0`, headers, body));
    };
    const sendAck2xx = () => {
      if (!dialog || acked) return;
      acked = true;
      this.send(
        buildMessage(`ACK ${dialog.target} SIP/2.0`, [
          viaLine(newBranch()),
          'Max-Forwards: 70',
          ...dialog.routes.map((r) => `Route: ${r}`),
          `To: ${dialog.to}`,
          `From: ${from}`,
          `Call-ID: ${callId}`,
          `CSeq: ${seq} ACK`,
        ]),
      );
    };
    const unsubscribe = this.responses.subscribe((r) => {
      if (r.callId !== callId || r.cseq.method !== 'INVITE') return;
      if (r.status >= 300 && r.topBranch === branch) {
        // ACK of a non-2xx final: same branch, hop by hop.
        this.send(
          buildMessage(`ACK ${opts.uri} SIP/2.0`, [
            viaLine(branch),
            'Max-Forwards: 70',
            `To: ${r.getHeader('to') ?? to}`,
            `From: ${from}`,
            `Call-ID: ${callId}`,
            `CSeq: ${r.cseq.seq} ACK`,
          ]),
        );
        if (r.status === 407 && !authorization) {
          authorization = this.authorization(
            false,
            r.getHeader('proxy-authenticate') ?? '',
            'INVITE',
            opts.uri,
          );
          branch = newBranch();
          seq = this.cseq++;
          all.add(r);
          sendInvite();
          return;
        }
        unsubscribe();
      } else if (r.status >= 200 && r.status < 300) {
        dialog ??= {
          to: r.getHeader('to') ?? to,
          target: headerUri(r.getHeader('contact') ?? '') || opts.uri,
          routes: splitHeaderList(r.getHeaders('record-route')).reverse(),
        };
        if (autoAck || acked) {
          acked = false;
          sendAck2xx();
        }
      }
      all.add(r);
    });
    sendInvite();

    const isFinal = (r: SipMessage) => r.status >= 200 && r.cseq.seq === seq;
    const inDialog = async (method: string, timeoutMs: number): Promise<SipMessage> => {
      if (!dialog) throw new Error(`${method}: no dialog (no 2xx received)`);
      const b = newBranch();
      const m = method.toUpperCase();
      this.send(
        buildMessage(`${m} ${dialog.target} SIP/2.0`, [
          viaLine(b),
          'Max-Forwards: 70',
          ...dialog.routes.map((r) => `Route: ${r}`),
          `To: ${dialog.to}`,
          `From: ${from}`,
          `Call-ID: ${callId}`,
          `CSeq: ${this.cseq++} ${m}`,
        ]),
      );
      return this.responses.wait(
        (r) => r.topBranch === b && r.status >= 200,
        timeoutMs,
        `final response to ${m}`,
      );
    };

    return {
      callId,
      get responses() {
        return all.items;
      },
      waitForResponse: (match, timeoutMs = 5000) => {
        const predicate = typeof match === 'number' ? (r: SipMessage) => r.status === match : match;
        return all.wait(predicate, timeoutMs, `a response to INVITE (${String(match)})`);
      },
      waitForFinal: (timeoutMs = 10000) => all.wait(isFinal, timeoutMs, 'a final response to INVITE'),
      cancel: async (timeoutMs = 5000) => {
        await all.wait(
          (r) => r.cseq.seq === seq && r.status >= 100 && r.status < 200,
          timeoutMs,
          'a provisional',
        );
        const b = branch;
        this.send(
          buildMessage(`CANCEL ${opts.uri} SIP/2.0`, [
            viaLine(b),
            'Max-Forwards: 70',
            `To: ${to}`,
            `From: ${from}`,
            `Call-ID: ${callId}`,
            `CSeq: ${seq} CANCEL`,
          ]),
        );
        return this.responses.wait(
          (r) => r.topBranch === b && r.cseq.method === 'CANCEL' && r.status >= 200,
          timeoutMs,
          'final response to CANCEL',
        );
      },
      ack: sendAck2xx,
      bye: (timeoutMs = 5000) => inDialog('BYE', timeoutMs),
    };
  }

  waitForRequest(predicate: (r: SipMessage) => boolean, timeoutMs = 5000): Promise<SipMessage> {
    return this.requests.wait(predicate, timeoutMs, `a request at ${this.options.user}`);
  }

  /** Responds to a received request (To tag added for status > 100). Returns the To tag used. */
  respond(
    request: SipMessage,
    status: number,
    reason: string,
    extra: { headers?: string[]; body?: string; contentType?: string; toTag?: string } = {},
  ): string {
    const toTag = request.toTag ?? extra.toTag ?? randomToken();
    const headers: string[] = request.getHeaders('via').map((v) => `Via: ${v}`);
    if (status > 100 && status < 300) {
      headers.push(...request.getHeaders('record-route').map((r) => `Record-Route: ${r}`));
    }
    const to = request.getHeader('to') ?? '';
    headers.push(
      `From: ${request.getHeader('from') ?? ''}`,
      `To: ${status > 100 && request.toTag === undefined ? `${to};tag=${toTag}` : to}`,
      `Call-ID: ${request.callId}`,
      `CSeq: ${request.getHeader('cseq') ?? ''}`,
    );
    if (request.method === 'INVITE' && status > 100 && status < 300) headers.push(`Contact: ${this.contact}`);
    headers.push(...(extra.headers ?? []));
    const body = extra.body ?? '';
    if (body) headers.push(`Content-Type: ${extra.contentType ?? 'application/sdp'}`);
    this.send(buildMessage(`SIP/2.0 ${status} ${reason}`, headers, body));
    return toTag;
  }

  /**
   * Sends an in-dialog request for a dialog this client accepted as UAS
   * (e.g. BYE after answering an INVITE with 200).
   */
  async requestInDialog(
    invite: SipMessage,
    toTag: string,
    method: string,
    timeoutMs = 5000,
  ): Promise<SipMessage> {
    const target = headerUri(invite.getHeader('contact') ?? '');
    const routes = splitHeaderList(invite.getHeaders('record-route'));
    const branch = newBranch();
    const m = method.toUpperCase();
    const text = buildMessage(`${m} ${target} SIP/2.0`, [
      `Via: SIP/2.0/${this.viaTransport} ${this.viaHost};branch=${branch}`,
      'Max-Forwards: 70',
      ...routes.map((r) => `Route: ${r}`),
      `From: ${invite.getHeader('to') ?? ''};tag=${toTag}`,
      `To: ${invite.getHeader('from') ?? ''}`,
      `Call-ID: ${invite.callId}`,
      `CSeq: ${this.cseq++} ${m}`,
    ]);
    this.send(text);
    return this.responses.wait(
      (r) => r.topBranch === branch && r.status >= 200,
      timeoutMs,
      `final response to in-dialog ${m}`,
    );
  }

  /** Closes the WebSocket (the proxy then drops this contact). */
  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close();
    await Promise.race([this.closed, new Promise((resolve) => setTimeout(resolve, 1000))]);
    this.ws.terminate();
  }
}
