/**
 * The voicemail server's SIP user agent core (RFC 3261 8, 12, 13, 17 on a
 * reliable transport): INVITE server transactions with CANCEL, outgoing
 * INVITEs with ACK/CANCEL, non-INVITE client transactions (PUBLISH, BYE),
 * and dialogs. Retransmissions are not needed: every hop is TLS.
 */
import { Dialog, type DialogHost, type InfoAnswer } from './dialog';
import {
  buildResponse,
  callIdOf,
  cseqOf,
  header,
  headers,
  newBranch,
  randomToken,
  serialize,
  toTag,
  topViaBranch,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from './message';
import type { SipConnection, SipTransport } from './transport';
import { parseNameAddr } from './uri';

export const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO';
const SERVER = 'Server: um-phone-lab-um';
const USER_AGENT = 'User-Agent: um-phone-lab-um';
/** Timer F / 64*T1: how long a non-INVITE request may wait for its final response. */
const NON_INVITE_TIMEOUT_MS = 32000;
/** How long an accepted INVITE waits for its ACK before the call is given up (13.3.1.4). */
const ACK_TIMEOUT_MS = 32000;

export interface UserAgentDelegate {
  /** A new INVITE (outside any dialog). 100 Trying has been sent. */
  onInvite(invite: IncomingInvite): void;
}

export interface ClientResult {
  status: number;
  response: SipResponse | undefined;
}

interface PendingClient {
  onResponse(response: SipResponse): void;
}

/** An INVITE server transaction (17.2.1) with what is needed to answer it. */
export class IncomingInvite {
  readonly toTag = randomToken();
  private finalSent = false;
  private cancelled = false;
  private readonly cancelListeners: Array<() => void> = [];

  constructor(
    readonly request: SipRequest,
    readonly connection: SipConnection,
    private readonly ua: SipUserAgent,
  ) {}

  get isCancelled(): boolean {
    return this.cancelled;
  }

  get answered(): boolean {
    return this.finalSent;
  }

  onCancel(listener: () => void): void {
    if (this.cancelled) listener();
    else this.cancelListeners.push(listener);
  }

  ringing(): void {
    if (this.finalSent) return;
    this.respond(180, 'Ringing', { contact: true });
  }

  /** Sends 200 OK with the SDP answer and returns the dialog (12.1.1). */
  accept(sdpAnswer: string): Dialog {
    if (this.finalSent) throw new Error('INVITE already answered');
    this.finalSent = true;
    const dialog = this.ua.createUasDialog(this);
    this.respond(200, 'OK', { contact: true, body: sdpAnswer, force: true });
    return dialog;
  }

  reject(status: number, reason: string, extraHeaders: string[] = []): void {
    if (this.finalSent) return;
    this.finalSent = true;
    this.respond(status, reason, { headers: extraHeaders, force: true });
    this.ua.forgetInvite(this);
  }

  /** CANCEL received (9.2): 487 goes to the INVITE, then the listeners run. */
  cancel(): void {
    if (this.finalSent || this.cancelled) return;
    this.cancelled = true;
    this.reject(487, 'Request Terminated');
    for (const listener of this.cancelListeners.splice(0)) listener();
  }

  private respond(
    status: number,
    reason: string,
    options: { contact?: boolean; body?: string; headers?: string[]; force?: boolean } = {},
  ): void {
    if (this.finalSent && !options.force) return;
    const lines = [SERVER, ...(options.headers ?? [])];
    if (options.contact) lines.push(`Contact: ${this.ua.contact}`, `Allow: ${ALLOW}`);
    this.connection.send(
      buildResponse(this.request, status, reason, {
        toTag: this.toTag,
        headers: lines,
        ...(options.body ? { body: options.body, contentType: 'application/sdp' } : {}),
      }),
    );
  }
}

export interface OutgoingInviteOptions {
  requestUri: string;
  /** From header value without tag. */
  from: string;
  /** To header value. */
  to: string;
  sdpOffer: string;
  headers?: string[];
  /** Called for each provisional response (101-199). */
  onProvisional?: (response: SipResponse) => void;
}

export interface OutgoingInviteResult {
  status: number;
  reason: string;
  /** Set on 2xx: the confirmed dialog (ACK sent). */
  dialog?: Dialog;
  sdpAnswer?: string;
  response?: SipResponse;
}

/** An INVITE we sent (17.1.1, 13.2.2). */
export class OutgoingInvite {
  readonly callId = `${randomToken(12)}@um`;
  readonly fromTag = randomToken();
  readonly branch = newBranch();
  readonly result: Promise<OutgoingInviteResult>;
  private resolveResult!: (result: OutgoingInviteResult) => void;
  private provisionalSeen = false;
  private cancelRequested = false;
  private cancelSent = false;
  private finalSeen = false;
  private dialog: Dialog | undefined;
  private readonly fromValue: string;
  readonly data: Buffer;

  constructor(
    private readonly options: OutgoingInviteOptions,
    private readonly ua: SipUserAgent,
  ) {
    this.result = new Promise((resolve) => (this.resolveResult = resolve));
    this.fromValue = `${options.from};tag=${this.fromTag}`;
    const lines = [
      `Via: ${ua.via(this.branch)}`,
      'Max-Forwards: 70',
      `From: ${this.fromValue}`,
      `To: ${options.to}`,
      `Call-ID: ${this.callId}`,
      'CSeq: 1 INVITE',
      `Contact: ${ua.contact}`,
      `Allow: ${ALLOW}`,
      USER_AGENT,
      ...(options.headers ?? []),
      'Content-Type: application/sdp',
    ];
    this.data = serialize(`INVITE ${options.requestUri} SIP/2.0`, lines, options.sdpOffer);
  }

  /** Cancels the INVITE (9.1): at once after a provisional response, otherwise as soon as one arrives. */
  cancel(): void {
    if (this.finalSeen || this.cancelRequested) return;
    this.cancelRequested = true;
    if (this.provisionalSeen) this.sendCancel();
  }

  /** Ends the call for a failure before any response (transport error). */
  fail(reason: string): void {
    if (this.finalSeen) return;
    this.finalSeen = true;
    this.ua.forgetClient(this.branch, 'INVITE');
    this.resolveResult({ status: 0, reason });
  }

  handleResponse(response: SipResponse): void {
    const status = response.status;
    if (status < 200) {
      if (status > 100 && !this.finalSeen) this.options.onProvisional?.(response);
      if (!this.provisionalSeen) {
        this.provisionalSeen = true;
        if (this.cancelRequested) this.sendCancel();
      }
      return;
    }
    if (status >= 300) {
      // 17.1.1.3: the ACK of a non-2xx final response is part of the transaction.
      this.sendHopByHopAck(response);
      if (!this.finalSeen) {
        this.finalSeen = true;
        this.ua.forgetClient(this.branch, 'INVITE');
        this.resolveResult({ status, reason: response.reason, response });
      }
      return;
    }
    // 2xx (13.2.2.4): every 2xx is ACKed; the first one makes the dialog.
    const remoteTag = toTag(response) ?? '';
    if (this.dialog && this.dialog.remoteTag === remoteTag) {
      this.sendAck(this.dialog); // retransmitted 2xx
      return;
    }
    const dialog = this.ua.createUacDialog(this, response, this.fromValue);
    this.sendAck(dialog);
    if (this.dialog || this.finalSeen || this.cancelRequested) {
      // A second fork answered, or we gave up meanwhile: end that session at once.
      void dialog.bye();
      if (!this.finalSeen) {
        this.finalSeen = true;
        this.resolveResult({ status: 487, reason: 'Cancelled', response });
      }
      return;
    }
    this.dialog = dialog;
    this.finalSeen = true;
    this.ua.forgetClient(this.branch, 'INVITE');
    this.resolveResult({
      status,
      reason: response.reason,
      dialog,
      sdpAnswer: response.body.toString('utf8'),
      response,
    });
  }

  private sendAck(dialog: Dialog): void {
    const { data } = dialog.buildRequest('ACK', { cseq: 1 });
    void this.ua.transport.sendToProxy(data).catch(() => {});
  }

  private sendHopByHopAck(response: SipResponse): void {
    const lines = [
      `Via: ${this.ua.via(this.branch)}`,
      'Max-Forwards: 70',
      `From: ${this.fromValue}`,
      `To: ${header(response, 'to') ?? this.options.to}`,
      `Call-ID: ${this.callId}`,
      'CSeq: 1 ACK',
    ];
    void this.ua.transport
      .sendToProxy(serialize(`ACK ${this.options.requestUri} SIP/2.0`, lines))
      .catch(() => {});
  }

  private sendCancel(): void {
    if (this.cancelSent) return;
    this.cancelSent = true;
    const lines = [
      `Via: ${this.ua.via(this.branch)}`,
      'Max-Forwards: 70',
      `From: ${this.fromValue}`,
      `To: ${this.options.to}`,
      `Call-ID: ${this.callId}`,
      'CSeq: 1 CANCEL',
      USER_AGENT,
    ];
    const data = serialize(`CANCEL ${this.options.requestUri} SIP/2.0`, lines);
    void this.ua.request(data, this.branch, 'CANCEL');
  }
}

export interface UserAgentOptions {
  transport: SipTransport;
  /** User part of the server's own Contact. */
  contactUser: string;
  log: (line: string) => void;
}

export class SipUserAgent implements DialogHost {
  readonly transport: SipTransport;
  delegate: UserAgentDelegate | undefined;
  private readonly invites = new Map<string, IncomingInvite>();
  private readonly clients = new Map<string, PendingClient>();
  private readonly dialogs = new Map<string, Dialog>();
  private readonly ackTimers = new Map<Dialog, NodeJS.Timeout>();

  constructor(private readonly options: UserAgentOptions) {
    this.transport = options.transport;
  }

  /** Contact of the server: an automaton acting for the user (MS-OCEXUM 2.2.5, RFC 3840 10.7). */
  get contact(): string {
    return `<sip:${this.options.contactUser}@${this.transport.host}:${this.transport.port};transport=tls>;automata`;
  }

  via(branch: string): string {
    return `SIP/2.0/TLS ${this.transport.host}:${this.transport.port};rport;branch=${branch}`;
  }

  get activeDialogs(): Dialog[] {
    return [...this.dialogs.values()];
  }

  /** Sends a request to the proxy and resolves with its final response (status 0 on timeout/failure). */
  request(data: Buffer, branch: string, method: string): Promise<ClientResult> {
    return new Promise((resolve) => {
      const key = `${branch}|${method}`;
      const timer = setTimeout(() => {
        this.clients.delete(key);
        resolve({ status: 0, response: undefined });
      }, NON_INVITE_TIMEOUT_MS);
      this.clients.set(key, {
        onResponse: (response) => {
          if (response.status < 200) return;
          clearTimeout(timer);
          this.clients.delete(key);
          resolve({ status: response.status, response });
        },
      });
      this.transport.sendToProxy(data).catch((error: unknown) => {
        this.options.log(`cannot send ${method}: ${String(error)}`);
        clearTimeout(timer);
        this.clients.delete(key);
        resolve({ status: 0, response: undefined });
      });
    });
  }

  /** DialogHost: in-dialog requests go to the proxy (the route set's first hop). */
  async sendRequest(data: Buffer, branch: string, method: string): Promise<number> {
    return (await this.request(data, branch, method)).status;
  }

  invite(options: OutgoingInviteOptions): OutgoingInvite {
    const invite = new OutgoingInvite(options, this);
    this.clients.set(`${invite.branch}|INVITE`, { onResponse: (r) => invite.handleResponse(r) });
    this.transport.sendToProxy(invite.data).catch((error: unknown) => {
      invite.fail(`cannot reach the proxy: ${String(error)}`);
    });
    return invite;
  }

  forget(dialog: Dialog): void {
    this.dialogs.delete(dialogKey(dialog.callId, dialog.localTag));
    const timer = this.ackTimers.get(dialog);
    if (timer) clearTimeout(timer);
    this.ackTimers.delete(dialog);
  }

  forgetInvite(invite: IncomingInvite): void {
    this.invites.delete(topViaBranch(invite.request));
  }

  forgetClient(branch: string, method: string): void {
    // Keep listening a little for 2xx retransmissions / forks, then drop.
    const key = `${branch}|${method}`;
    setTimeout(() => this.clients.delete(key), NON_INVITE_TIMEOUT_MS).unref();
  }

  createUasDialog(invite: IncomingInvite): Dialog {
    const request = invite.request;
    this.forgetInvite(invite);
    const contact = parseNameAddr(headers(request, 'contact')[0] ?? '');
    const dialog = new Dialog(
      {
        callId: callIdOf(request),
        localTag: invite.toTag,
        remoteTag: headerTag(header(request, 'from')),
        localHeader: `${header(request, 'to') ?? ''};tag=${invite.toTag}`,
        remoteHeader: header(request, 'from') ?? '',
        localSeq: Math.floor(Math.random() * 10000) + 1,
        remoteSeq: cseqOf(request).seq,
        remoteTarget: contact?.uri.text ?? request.uri,
        // 12.1.1: the UAS route set is the Record-Route list in order.
        routeSet: headers(request, 'record-route'),
        isUac: false,
      },
      this,
    );
    this.dialogs.set(dialogKey(dialog.callId, dialog.localTag), dialog);
    const timer = setTimeout(() => {
      this.options.log(`no ACK for ${dialog.callId}: ending the call`);
      void dialog.bye();
      dialog.end('no-ack');
    }, ACK_TIMEOUT_MS);
    timer.unref();
    this.ackTimers.set(dialog, timer);
    return dialog;
  }

  createUacDialog(invite: OutgoingInvite, response: SipResponse, fromValue: string): Dialog {
    const contact = parseNameAddr(headers(response, 'contact')[0] ?? '');
    const dialog = new Dialog(
      {
        callId: invite.callId,
        localTag: invite.fromTag,
        remoteTag: toTag(response) ?? '',
        localHeader: fromValue,
        remoteHeader: header(response, 'to') ?? '',
        localSeq: 1,
        remoteSeq: 0,
        remoteTarget: contact?.uri.text ?? '',
        // 12.1.2: the UAC route set is the Record-Route list reversed.
        routeSet: headers(response, 'record-route').reverse(),
        isUac: true,
      },
      this,
    );
    this.dialogs.set(dialogKey(dialog.callId, dialog.localTag), dialog);
    return dialog;
  }

  /** SipTransportDelegate */
  onMessage(message: SipMessage, connection: SipConnection): void {
    if (message.kind === 'response') {
      const key = `${topViaBranch(message)}|${cseqOf(message).method}`;
      this.clients.get(key)?.onResponse(message);
      return;
    }
    if (toTag(message) !== undefined) {
      this.inDialog(message, connection);
      return;
    }
    switch (message.method) {
      case 'INVITE': {
        const branch = topViaBranch(message);
        if (this.invites.has(branch)) return; // retransmission
        const invite = new IncomingInvite(message, connection, this);
        this.invites.set(branch, invite);
        connection.send(buildResponse(message, 100, 'Trying', { headers: [SERVER] }));
        if (!this.delegate) {
          invite.reject(503, 'Service Unavailable');
          return;
        }
        this.delegate.onInvite(invite);
        return;
      }
      case 'CANCEL': {
        const invite = this.invites.get(topViaBranch(message));
        if (!invite) {
          connection.send(
            buildResponse(message, 481, 'Call/Transaction Does Not Exist', { headers: [SERVER] }),
          );
          return;
        }
        connection.send(buildResponse(message, 200, 'OK', { toTag: invite.toTag, headers: [SERVER] }));
        invite.cancel();
        return;
      }
      case 'ACK':
        return; // ACK of a non-2xx final response: the transaction is over.
      case 'OPTIONS':
        connection.send(
          buildResponse(message, 200, 'OK', {
            toTag: randomToken(),
            headers: [SERVER, `Allow: ${ALLOW}`, 'Accept: application/sdp'],
          }),
        );
        return;
      default:
        connection.send(
          buildResponse(message, 405, 'Method Not Allowed', {
            toTag: randomToken(),
            headers: [SERVER, `Allow: ${ALLOW}`],
          }),
        );
    }
  }

  private inDialog(request: SipRequest, connection: SipConnection): void {
    const dialog = this.dialogs.get(dialogKey(callIdOf(request), toTag(request) ?? ''));
    if (!dialog) {
      if (request.method !== 'ACK')
        connection.send(
          buildResponse(request, 481, 'Call/Transaction Does Not Exist', { headers: [SERVER] }),
        );
      return;
    }
    const seq = cseqOf(request).seq;
    if (request.method === 'ACK') {
      const timer = this.ackTimers.get(dialog);
      if (timer) clearTimeout(timer);
      this.ackTimers.delete(dialog);
      return;
    }
    if (seq <= dialog.remoteSeq && dialog.remoteSeq !== 0) {
      // 12.2.2: lower CSeq than before.
      connection.send(
        buildResponse(request, 500, 'Server Internal Error (CSeq out of order)', { headers: [SERVER] }),
      );
      return;
    }
    dialog.remoteSeq = seq;
    switch (request.method) {
      case 'BYE':
        connection.send(buildResponse(request, 200, 'OK', { headers: [SERVER] }));
        dialog.end('remote-bye');
        return;
      case 'INFO': {
        let answer: InfoAnswer | void;
        try {
          answer = dialog.onInfo?.(request);
        } catch {
          answer = { status: 500, reason: 'Server Internal Error' };
        }
        connection.send(
          buildResponse(request, answer?.status ?? 200, answer?.reason ?? 'OK', {
            headers: [SERVER, ...(answer?.headers ?? [])],
          }),
        );
        return;
      }
      case 'OPTIONS':
        connection.send(buildResponse(request, 200, 'OK', { headers: [SERVER, `Allow: ${ALLOW}`] }));
        return;
      case 'INVITE':
      case 'UPDATE':
        // Session changes (hold, ICE restart) are not supported by the emulator.
        connection.send(buildResponse(request, 488, 'Not Acceptable Here', { headers: [SERVER] }));
        return;
      default:
        connection.send(
          buildResponse(request, 405, 'Method Not Allowed', { headers: [SERVER, `Allow: ${ALLOW}`] }),
        );
    }
  }
}

function dialogKey(callId: string, localTag: string): string {
  return `${callId}|${localTag}`;
}

function headerTag(value: string | undefined): string {
  return parseNameAddr(value ?? '')?.params.get('tag') ?? '';
}
