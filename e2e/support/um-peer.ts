/**
 * A stand-in for the Exchange Unified Messaging server in end-to-end tests:
 * a small SIP-over-TLS endpoint written from scratch with node:tls.
 *
 * - Listens with TLS on host:port (the lab proxy relays `;opaque=app:voicemail`
 *   requests here) and records every request it receives.
 * - Answers INVITEs with 100 Trying and a configurable final response
 *   (default 480), handles ACK, BYE, CANCEL (200 + 487) and OPTIONS.
 * - Sends requests (Play-On-Phone INVITEs, PUBLISH, ...) through the proxy on
 *   its own TLS connection, bound to local address `host`, so that the proxy
 *   sees it as the trusted UM peer.
 *
 * Over 400 lines for a reason: one endpoint, one closure; its server and client transactions share
 * the sockets, the log and the Contact it answers with.
 */
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import net, { type AddressInfo } from 'node:net';
import {
  SipMessage,
  SipStreamParser,
  Waitable,
  buildMessage,
  headerParam,
  headerUri,
  newBranch,
  randomToken,
  splitHeaderList,
} from './sip-message';

export { SipMessage } from './sip-message';

export interface UmFinalAnswer {
  status: number;
  reason: string;
  /** Extra header lines ("Name: value"). */
  headers?: string[];
  /** Body of a 2xx (defaults to an SDP answer) or of an error response. */
  body?: string;
  contentType?: string;
  /** Delay before the final response (after 100 Trying). */
  delayMs?: number;
}

export interface UmPeerOptions {
  /** Address to listen on and to connect from. Default 127.0.0.2. */
  host?: string;
  /** TLS listening port. Default 5071; 0 picks a free port. */
  port?: number;
  /** The lab proxy's SIP/TLS listener. */
  proxy: { host: string; port: number };
  /** SIP domain. Default umphone.test. */
  domain?: string;
  /** User part of the peer's own URIs. Default "um". */
  user?: string;
  /** The UM's certificate (lab: um.crt), presented in both directions: PEM text, or a path to a PEM file. */
  cert: string | Buffer;
  /** PEM text, or a path to a PEM file. */
  key: string | Buffer;
  /**
   * The CA the proxy's certificate must come from (lab: ca.crt; PEM or path). Default: env
   * UM_E2E_CA (set by the e2e globalSetup). Mutual TLS: the proxy must present a certificate
   * of this CA naming `proxyName`, as a client (connections to our port) and as a server.
   */
  ca?: string | Buffer;
  /** The name in the proxy's certificate. Default proxy.<domain> (lab/scripts/certs.sh). */
  proxyName?: string;
  /**
   * Final response to received INVITEs. Default 480 Temporarily Unavailable.
   * `null`: answer only 100 Trying + 180 Ringing and wait (for CANCEL tests).
   */
  inviteAnswer?: UmFinalAnswer | null;
  /** Log SIP traffic to stderr (also with env UM_PEER_LOG=1). */
  log?: boolean;
}

export interface SendRequestOptions {
  /** Request-URI, e.g. 'sip:bob@umphone.test'. */
  uri: string;
  /** To header value. Default `<uri>`. */
  to?: string;
  /** From header value without tag. Default `"Voice Mail" <sip:um@domain>`. */
  from?: string;
  /** Extra header lines ("Name: value"). */
  headers?: string[];
  body?: string;
  contentType?: string;
  callId?: string;
  cseq?: number;
}

export interface SendInviteOptions {
  /** Request-URI and To, e.g. 'sip:bob@umphone.test'. */
  to: string;
  /** Request-URI when different from `to`. */
  requestUri?: string;
  /** From header value without tag. Default `"Voice Mail" <sip:um@domain>`. */
  from?: string;
  /** Extra header lines ("Name: value"), e.g. 'Ms-Sensitivity: private'. */
  headers?: string[];
  /** Contact header value. Default `<sip:um@HOST:PORT;transport=tls>;automata`. */
  contact?: string;
  /** SDP offer. Default: `defaultSdpOffer(host)`. */
  sdp?: string;
  callId?: string;
  /** ACK 2xx responses automatically. Default true. */
  autoAck?: boolean;
}

export type ResponseMatcher = number | ((response: SipMessage) => boolean);

export interface ClientTransaction {
  readonly request: SipMessage;
  /** Status codes of the responses received, in order. */
  readonly responses: number[];
  readonly responseMessages: SipMessage[];
  waitForResponse(match: ResponseMatcher, timeoutMs?: number): Promise<SipMessage>;
  /** Waits for the first final (>= 200) response. */
  waitForFinal(timeoutMs?: number): Promise<SipMessage>;
}

export interface OutgoingInvite extends ClientTransaction {
  readonly callId: string;
  readonly fromTag: string;
  readonly branch: string;
  /** Sends CANCEL (after the first provisional response); resolves with the 200 to the CANCEL. */
  cancel(timeoutMs?: number): Promise<SipMessage>;
  /** ACKs the 2xx (no-op if already ACKed). */
  ack(): void;
  /** Sends BYE in the established dialog and waits for its final response. */
  bye(timeoutMs?: number): Promise<SipMessage>;
}

export interface UmPeer {
  readonly host: string;
  readonly port: number;
  readonly domain: string;
  /** Every request received, in order (including ACK and CANCEL). */
  readonly received: SipMessage[];
  waitForRequest(predicate: (request: SipMessage) => boolean, timeoutMs?: number): Promise<SipMessage>;
  /** Changes the final response to future INVITEs (`null`: keep ringing). */
  setInviteAnswer(answer: UmFinalAnswer | null): void;
  sendInvite(options: SendInviteOptions): OutgoingInvite;
  /** Sends a non-INVITE request (PUBLISH, NOTIFY, MESSAGE, OPTIONS, ...) through the proxy. */
  sendRequest(method: string, options: SendRequestOptions): ClientTransaction;
  /** PUBLISH message-summary (RFC 3842) for a mailbox AOR. */
  publishMessageSummary(
    aor: string,
    summary: { newMessages: number; oldMessages?: number },
    expires?: number,
  ): ClientTransaction;
  close(): Promise<void>;
}

export function defaultSdpOffer(address = '127.0.0.2', port = 40000): string {
  const id = Math.floor(Date.now() / 1000);
  return [
    'v=0',
    `o=um ${id} ${id} IN IP4 ${address}`,
    's=um-peer',
    `c=IN IP4 ${address}`,
    't=0 0',
    `m=audio ${port} RTP/AVP 0 101`,
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-15',
    'a=ptime:20',
    'a=sendrecv',
    '',
  ].join('\r\n');
}

const DEFAULT_ANSWER: UmFinalAnswer = { status: 480, reason: 'Temporarily Unavailable' };

function pem(value: string | Buffer): string | Buffer {
  if (Buffer.isBuffer(value) || value.includes('-----BEGIN')) return value;
  return readFileSync(value);
}

interface ServerInvite {
  request: SipMessage;
  socket: tls.TLSSocket;
  toTag: string;
  finalSent: boolean;
  timer?: NodeJS.Timeout;
}

interface PendingClient {
  request: SipMessage;
  responses: Waitable<SipMessage>;
  onResponse?: (response: SipMessage) => void;
}

export async function startUmPeer(options: UmPeerOptions): Promise<UmPeer> {
  const host = options.host ?? '127.0.0.2';
  const domain = options.domain ?? 'umphone.test';
  const user = options.user ?? 'um';
  const cert = pem(options.cert);
  const key = pem(options.key);
  const caSource = options.ca ?? process.env.UM_E2E_CA;
  if (caSource === undefined) throw new Error('um-peer: no CA for the proxy (options.ca or UM_E2E_CA)');
  const ca = pem(caSource);
  const proxyName = options.proxyName ?? `proxy.${domain.toLowerCase()}`;
  const logging = options.log ?? process.env.UM_PEER_LOG === '1';
  let inviteAnswer: UmFinalAnswer | null =
    options.inviteAnswer === undefined ? DEFAULT_ANSWER : options.inviteAnswer;

  const received = new Waitable<SipMessage>();
  const sockets = new Set<tls.TLSSocket>();
  const serverInvites = new Map<string, ServerInvite>();
  const clientTransactions = new Map<string, PendingClient>();
  let clientSocket: Promise<tls.TLSSocket> | undefined;
  let closed = false;
  let port = options.port ?? 5071;

  const log = (direction: string, text: string): void => {
    if (logging) process.stderr.write(`[um-peer ${direction}]\n${text}\n`);
  };

  const send = (socket: tls.TLSSocket, text: string): void => {
    log('send', text);
    if (!socket.destroyed) socket.write(text);
  };

  const respond = (
    socket: tls.TLSSocket,
    request: SipMessage,
    status: number,
    reason: string,
    extra: { toTag?: string; headers?: string[]; body?: string; contentType?: string } = {},
  ): void => {
    const headers: string[] = [];
    for (const via of request.getHeaders('via')) headers.push(`Via: ${via}`);
    if (request.method === 'INVITE' && status > 100 && status < 300) {
      for (const rr of request.getHeaders('record-route')) headers.push(`Record-Route: ${rr}`);
    }
    headers.push(`From: ${request.getHeader('from') ?? ''}`);
    let to = request.getHeader('to') ?? '';
    if (status > 100 && extra.toTag && request.toTag === undefined) to += `;tag=${extra.toTag}`;
    headers.push(`To: ${to}`);
    headers.push(`Call-ID: ${request.callId}`);
    headers.push(`CSeq: ${request.getHeader('cseq') ?? ''}`);
    if (request.method === 'INVITE' && status >= 180 && status < 300) {
      headers.push(`Contact: <sip:${user}@${host}:${port};transport=tls>;automata`);
    }
    headers.push('Server: um-peer');
    headers.push(...(extra.headers ?? []));
    const body = extra.body ?? '';
    if (body) headers.push(`Content-Type: ${extra.contentType ?? 'application/sdp'}`);
    send(socket, buildMessage(`SIP/2.0 ${status} ${reason}`, headers, body));
  };

  const sendFinal = (inv: ServerInvite, answer: UmFinalAnswer): void => {
    if (inv.finalSent) return;
    inv.finalSent = true;
    const ok = answer.status >= 200 && answer.status < 300;
    const body = answer.body ?? (ok ? defaultSdpOffer(host, 40002) : '');
    respond(inv.socket, inv.request, answer.status, answer.reason, {
      toTag: inv.toTag,
      headers: answer.headers,
      body,
      contentType: answer.contentType,
    });
  };

  const handleRequest = (socket: tls.TLSSocket, request: SipMessage): void => {
    received.add(request);
    const branch = request.topBranch;
    switch (request.method) {
      case 'INVITE': {
        const existing = serverInvites.get(branch);
        if (existing) return; // retransmission: the final (if any) went on a reliable transport
        const inv: ServerInvite = { request, socket, toTag: randomToken(), finalSent: false };
        serverInvites.set(branch, inv);
        respond(socket, request, 100, 'Trying');
        const answer = inviteAnswer;
        if (answer === null) {
          respond(socket, request, 180, 'Ringing', { toTag: inv.toTag });
          return;
        }
        if (answer.delayMs) {
          respond(socket, request, 180, 'Ringing', { toTag: inv.toTag });
          inv.timer = setTimeout(() => sendFinal(inv, answer), answer.delayMs);
        } else {
          sendFinal(inv, answer);
        }
        return;
      }
      case 'ACK':
        return;
      case 'CANCEL': {
        const inv = serverInvites.get(branch);
        if (!inv) {
          respond(socket, request, 481, 'Call/Transaction Does Not Exist');
          return;
        }
        respond(socket, request, 200, 'OK', { toTag: inv.toTag });
        if (inv.timer) clearTimeout(inv.timer);
        sendFinal(inv, { status: 487, reason: 'Request Terminated' });
        return;
      }
      case 'OPTIONS':
        respond(socket, request, 200, 'OK', {
          toTag: randomToken(),
          headers: ['Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, NOTIFY', 'Accept: application/sdp'],
        });
        return;
      default:
        respond(socket, request, 200, 'OK', {
          toTag: request.toTag === undefined ? randomToken() : undefined,
        });
    }
  };

  const handleResponse = (response: SipMessage): void => {
    const key = `${response.topBranch}|${response.cseq.method}`;
    const tx = clientTransactions.get(key);
    if (!tx) {
      log('stray', `no transaction for ${key}`);
      return;
    }
    tx.responses.add(response);
    tx.onResponse?.(response);
  };

  const attach = (socket: tls.TLSSocket): void => {
    sockets.add(socket);
    const parser = new SipStreamParser(
      (message) => {
        log('recv', message.raw);
        if (message.kind === 'request') handleRequest(socket, message);
        else handleResponse(message);
      },
      (error) => log('error', error.message),
      () => {
        if (!socket.destroyed) socket.write('\r\n'); // RFC 5626 pong
      },
    );
    socket.on('data', (chunk: Buffer) => parser.push(chunk));
    socket.on('error', (error) => log('socket error', error.message));
    socket.on('close', () => sockets.delete(socket));
  };

  // Mutual TLS like the real UM server (lab/um/sip/transport.ts): only the proxy's certificate.
  const server = tls.createServer(
    { cert, key, ca, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2' },
    (socket) => {
      const mismatch = tls.checkServerIdentity(proxyName, socket.getPeerCertificate());
      if (!socket.authorized || mismatch) {
        log('tls client refused', String(socket.authorizationError ?? mismatch?.message));
        socket.destroy();
        return;
      }
      attach(socket);
    },
  );
  server.on('tlsClientError', (error) => log('tls client error', error.message));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  const connection = (): Promise<tls.TLSSocket> => {
    if (closed) return Promise.reject(new Error('um-peer is closed'));
    clientSocket ??= new Promise<tls.TLSSocket>((resolve, reject) => {
      // Bound to `host` (127.0.0.2): the proxy trusts the UM by its certificate, and that address.
      const raw = net.connect({ host: options.proxy.host, port: options.proxy.port, localAddress: host });
      raw.once('error', reject);
      const socket = tls.connect({
        socket: raw,
        ca,
        cert,
        key,
        servername: proxyName,
        minVersion: 'TLSv1.2',
      });
      socket.once('secureConnect', () => {
        socket.off('error', reject);
        attach(socket);
        socket.on('close', () => {
          clientSocket = undefined;
        });
        resolve(socket);
      });
      socket.once('error', (error) => {
        clientSocket = undefined;
        reject(error);
      });
    });
    return clientSocket;
  };

  const sendViaProxy = (text: string): void => {
    connection().then(
      (socket) => send(socket, text),
      (error: Error) => log('connect error', error.message),
    );
  };

  const via = (branch: string): string => `Via: SIP/2.0/TLS ${host}:${port};rport;branch=${branch}`;
  const defaultFrom = `"Voice Mail" <sip:${user}@${domain}>`;

  const makeClientTransaction = (
    request: SipMessage,
    onResponse?: (response: SipMessage) => void,
  ): ClientTransaction => {
    const responses = new Waitable<SipMessage>();
    clientTransactions.set(`${request.topBranch}|${request.cseq.method}`, { request, responses, onResponse });
    return {
      request,
      get responses() {
        return responses.items.map((r) => r.status);
      },
      get responseMessages() {
        return responses.items;
      },
      waitForResponse(match: ResponseMatcher, timeoutMs = 5000): Promise<SipMessage> {
        const predicate = typeof match === 'number' ? (r: SipMessage) => r.status === match : match;
        return responses.wait(predicate, timeoutMs, `a response to ${request.method} (${String(match)})`);
      },
      waitForFinal(timeoutMs = 10000): Promise<SipMessage> {
        return responses.wait((r) => r.status >= 200, timeoutMs, `a final response to ${request.method}`);
      },
    };
  };

  const sendRequest = (method: string, opts: SendRequestOptions): ClientTransaction => {
    const branch = newBranch();
    const m = method.toUpperCase();
    const headers = [
      via(branch),
      'Max-Forwards: 70',
      `From: ${opts.from ?? defaultFrom};tag=${randomToken()}`,
      `To: ${opts.to ?? `<${opts.uri}>`}`,
      `Call-ID: ${opts.callId ?? `${randomToken(12)}@${host}`}`,
      `CSeq: ${opts.cseq ?? 1} ${m}`,
      `Contact: <sip:${user}@${host}:${port};transport=tls>`,
      'User-Agent: um-peer',
      ...(opts.headers ?? []),
    ];
    const body = opts.body ?? '';
    if (body) headers.push(`Content-Type: ${opts.contentType ?? 'text/plain'}`);
    const text = buildMessage(`${m} ${opts.uri} SIP/2.0`, headers, body);
    const tx = makeClientTransaction(new SipMessage(text));
    sendViaProxy(text);
    return tx;
  };

  const sendInvite = (opts: SendInviteOptions): OutgoingInvite => {
    const branch = newBranch();
    const fromTag = randomToken();
    const callId = opts.callId ?? `${randomToken(12)}@${host}`;
    const ruri = opts.requestUri ?? headerUri(opts.to);
    const toValue = opts.to.includes('<') ? opts.to : `<${opts.to}>`;
    const fromValue = `${opts.from ?? defaultFrom};tag=${fromTag}`;
    const sdp = opts.sdp ?? defaultSdpOffer(host);
    const autoAck = opts.autoAck ?? true;
    const headers = [
      via(branch),
      'Max-Forwards: 70',
      `From: ${fromValue}`,
      `To: ${toValue}`,
      `Call-ID: ${callId}`,
      'CSeq: 1 INVITE',
      `Contact: ${opts.contact ?? `<sip:${user}@${host}:${port};transport=tls>;automata`}`,
      'User-Agent: um-peer',
      ...(opts.headers ?? []),
      'Content-Type: application/sdp',
    ];
    const inviteText = buildMessage(`INVITE ${ruri} SIP/2.0`, headers, sdp);
    const invite = new SipMessage(inviteText);
    let dialog: { toValue: string; remoteTarget: string; routes: string[] } | undefined;
    let acked = false;
    let cseq = 1;

    const ack2xx = (): void => {
      if (!dialog || acked) return;
      acked = true;
      const lines = [
        via(newBranch()),
        'Max-Forwards: 70',
        ...dialog.routes.map((r) => `Route: ${r}`),
        `From: ${fromValue}`,
        `To: ${dialog.toValue}`,
        `Call-ID: ${callId}`,
        'CSeq: 1 ACK',
      ];
      sendViaProxy(buildMessage(`ACK ${dialog.remoteTarget} SIP/2.0`, lines));
    };

    const onResponse = (response: SipMessage): void => {
      if (response.status >= 200 && response.status < 300) {
        if (!dialog) {
          dialog = {
            toValue: response.getHeader('to') ?? toValue,
            remoteTarget: headerUri(response.getHeader('contact') ?? '') || ruri,
            routes: splitHeaderList(response.getHeaders('record-route')).reverse(),
          };
        }
        if (autoAck || acked) {
          acked = false; // re-ACK retransmitted 2xx
          ack2xx();
        }
      } else if (response.status >= 300) {
        // ACK for a non-2xx final: same branch, hop by hop (RFC 3261 17.1.1.3).
        sendViaProxy(
          buildMessage(`ACK ${ruri} SIP/2.0`, [
            via(branch),
            'Max-Forwards: 70',
            `From: ${fromValue}`,
            `To: ${response.getHeader('to') ?? toValue}`,
            `Call-ID: ${callId}`,
            'CSeq: 1 ACK',
          ]),
        );
      }
    };

    const tx = makeClientTransaction(invite, onResponse);
    sendViaProxy(inviteText);

    const outgoing: OutgoingInvite = {
      request: invite,
      callId,
      fromTag,
      branch,
      get responses() {
        return tx.responses;
      },
      get responseMessages() {
        return tx.responseMessages;
      },
      waitForResponse: (match, timeoutMs) => tx.waitForResponse(match, timeoutMs),
      waitForFinal: (timeoutMs) => tx.waitForFinal(timeoutMs),
      async cancel(timeoutMs = 5000) {
        await tx.waitForResponse((r) => r.status >= 100, timeoutMs);
        const text = buildMessage(`CANCEL ${ruri} SIP/2.0`, [
          via(branch),
          'Max-Forwards: 70',
          `From: ${fromValue}`,
          `To: ${toValue}`,
          `Call-ID: ${callId}`,
          'CSeq: 1 CANCEL',
        ]);
        const cancelTx = makeClientTransaction(new SipMessage(text));
        sendViaProxy(text);
        return cancelTx.waitForFinal(timeoutMs);
      },
      ack() {
        ack2xx();
      },
      async bye(timeoutMs = 5000) {
        if (!dialog) throw new Error('bye(): no 2xx received, no dialog');
        cseq += 1;
        const byeBranch = newBranch();
        const text = buildMessage(`BYE ${dialog.remoteTarget} SIP/2.0`, [
          via(byeBranch),
          'Max-Forwards: 70',
          ...dialog.routes.map((r) => `Route: ${r}`),
          `From: ${fromValue}`,
          `To: ${dialog.toValue}`,
          `Call-ID: ${callId}`,
          `CSeq: ${cseq} BYE`,
          'User-Agent: um-peer',
        ]);
        const byeTx = makeClientTransaction(new SipMessage(text));
        sendViaProxy(text);
        return byeTx.waitForFinal(timeoutMs);
      },
    };
    return outgoing;
  };

  const peer: UmPeer = {
    host,
    get port() {
      return port;
    },
    domain,
    received: received.items,
    waitForRequest(predicate, timeoutMs = 5000) {
      return received.wait(predicate, timeoutMs, 'a matching request at the um-peer');
    },
    setInviteAnswer(answer) {
      inviteAnswer = answer;
    },
    sendInvite,
    sendRequest,
    publishMessageSummary(aor, summary, expires = 3600) {
      const waiting = summary.newMessages > 0 ? 'yes' : 'no';
      const body =
        `Messages-Waiting: ${waiting}\r\n` +
        `Message-Account: ${aor}\r\n` +
        `Voice-Message: ${summary.newMessages}/${summary.oldMessages ?? 0}\r\n`;
      return sendRequest('PUBLISH', {
        uri: aor,
        to: `<${aor}>`,
        from: `<${aor}>`,
        headers: ['Event: message-summary', `Expires: ${expires}`],
        body,
        contentType: 'application/simple-message-summary',
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const inv of serverInvites.values()) if (inv.timer) clearTimeout(inv.timer);
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.end();
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (const socket of sockets) socket.destroy();
      await serverClosed;
    },
  };
  return peer;
}

/** Convenience: the parameter value of a header, exported for tests. */
export { headerParam, headerUri, splitHeaderList };
