/**
 * The MS-EUMR 3.2 notifier sidecar: Kamailio decides *that* a UM-enabled user missed a call
 * (3.2.4.1), or that a forwarded call was answered (3.2.4.2) or refused with 403 (3.2.4.3) by
 * the forwarding destination (kamailio.cfg route[USER_NOTIFY]), and sends this process a
 * MESSAGE over TCP with the facts;
 * this process builds the user notification (src/protocol/user-notification) and delivers it as an
 * INFO over an INVITE dialog with a UM server of the user's dial plan (2.2.4, 3.2.3), which it
 * keeps and reuses until 10 minutes pass without a notification (3.2.2, 3.2.6).
 *
 * Kamailio's own modules can send a lone request (uac_req_send) but cannot hold a UAC INVITE
 * dialog (ACK of the 2xx, in-dialog INFO, BYE on a timer) cleanly, hence the sidecar.
 *
 *   const notifier = await startNotifier({ lab: lab.config, certFile, keyFile });
 *   ... startLab({ notifierPort: notifier.port, ... }) ...
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import {
  USER_NOTIFICATION_CONTENT_TYPE,
  USER_NOTIFICATION_FROM_URI,
  buildUserNotification,
  formatNotificationTime,
  notificationOfferSdp,
  notificationSdpErrors,
  type UserNotification,
  type UserNotificationEvent,
} from '../src/protocol/user-notification';
import { readFileSync } from 'node:fs';
import { umTlsName, type LabConfig } from './lab';
import { SipStreamFramer } from './um/sip/framing';
import {
  buildResponse,
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
} from './um/sip/message';
import { parseNameAddr } from './um/sip/uri';
import { umOrdering, type UmServerEntry } from './voicemail-routing';

export interface NotifierOptions {
  /** The lab's configuration (host, domain, dial plans, user → dial plan). */
  lab: Pick<LabConfig, 'host' | 'domain' | 'dialPlans' | 'userDialPlans'>;
  /** TCP port to listen on for Kamailio's MESSAGEs (0 = any). */
  port?: number;
  /** MS-EUMR 3.2.2 User Notification Inactivity timer. Default 10 minutes. */
  inactivityMs?: number;
  log?: (line: string) => void;
  /**
   * Mutual TLS towards the UM servers, as the proxy (lab/scripts/certs.sh): the proxy's
   * certificate and key, and the CA of the UM servers' certificates (which must name
   * um.<domain>). Read when a dialog opens, so the files may be made after the notifier starts.
   */
  tls: { certFile: string; keyFile: string; caFile: string };
  /**
   * The shared secret every call event must carry (kamailio.cfg route[USER_NOTIFY], header
   * X-Lab-Notifier-Secret): a MESSAGE without it is refused (403), so only the proxy can report
   * calls. Default: 32 random bytes, hex (`RunningNotifier.secret`, for startLab's notifierSecret).
   */
  secret?: string;
}

/** The Content-Type of route[USER_NOTIFY]'s MESSAGE. */
export const CALL_EVENT_CONTENT_TYPE = 'text/x-um-phone-call-event';

export interface DeliveredNotification {
  notification: UserNotification;
  /** The UM server's answer to the INFO (0: none). */
  status: number;
  um: string;
}

export interface RunningNotifier {
  readonly port: number;
  /** The shared secret Kamailio must send (LabConfig.notifierSecret). */
  readonly secret: string;
  /** MESSAGEs refused (no or wrong secret, malformed call event), with why, in order. */
  readonly refused: string[];
  /** Every notification attempted, in order. */
  readonly delivered: DeliveredNotification[];
  /** Notification dialogs opened so far (one per UM server while in use). */
  readonly dialogsOpened: number;
  stop(): Promise<void>;
}

interface Pending {
  resolve: (response: SipResponse) => void;
  provisional?: (response: SipResponse) => void;
  timer: NodeJS.Timeout;
}

/** One INVITE dialog with one UM server (2.2.4). */
class NotificationDialog {
  private socket: tls.TLSSocket | undefined;
  private readonly pending = new Map<string, Pending>();
  private readonly callId = `${randomToken(12)}@notifier`;
  private readonly fromTag = randomToken();
  private remoteTag = '';
  private remoteTarget = '';
  private cseq = 1;
  private idle: NodeJS.Timeout | undefined;
  private ready: Promise<void> | undefined;
  closed = false;

  constructor(
    private readonly um: UmServerEntry,
    private readonly fqdn: string,
    private readonly localAddress: string,
    private readonly inactivityMs: number,
    private readonly onClosed: () => void,
    private readonly log: (line: string) => void,
    private readonly tlsOptions: () => tls.ConnectionOptions,
  ) {}

  /** 2.2.4.2: no user part, the UM's FQDN, transport=tls, opaque=app:rtcevent. */
  private get requestUri(): string {
    return `sip:${this.fqdn};opaque=app:rtcevent;transport=tls`;
  }

  private via(branch: string): string {
    return `Via: SIP/2.0/TLS ${this.localAddress}:${this.socket?.localPort ?? 0};branch=${branch};rport`;
  }

  private send(method: string, uri: string, extra: string[], body = '', branch = newBranch()): string {
    const lines = [
      this.via(branch),
      'Max-Forwards: 70',
      // 2.2.4.1: the fixed identity.
      `From: <${USER_NOTIFICATION_FROM_URI}>;tag=${this.fromTag}`,
      `To: <${this.requestUri}>${this.remoteTag ? `;tag=${this.remoteTag}` : ''}`,
      `Call-ID: ${this.callId}`,
      ...extra,
    ];
    this.socket?.write(serialize(`${method} ${uri} SIP/2.0`, lines, body));
    return branch;
  }

  private request(method: string, uri: string, extra: string[], body = '', timeoutMs = 5000) {
    const seq = this.cseq++;
    return new Promise<SipResponse>((resolve, reject) => {
      const branch = newBranch();
      const timer = setTimeout(() => {
        this.pending.delete(branch);
        reject(new Error(`${method}: no final response within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(branch, { resolve, timer });
      this.send(method, uri, [`CSeq: ${seq} ${method}`, ...extra], body, branch);
    });
  }

  private onMessage(message: SipMessage): void {
    if (message.kind === 'request') {
      // The UM ends the dialog (BYE) or probes it: answer, and forget the dialog on BYE.
      this.socket?.write(buildResponse(message, 200, 'OK', {}));
      if (message.method === 'BYE') this.close(false);
      return;
    }
    const pending = this.pending.get(topViaBranch(message));
    if (!pending || message.status < 200) return;
    clearTimeout(pending.timer);
    this.pending.delete(topViaBranch(message));
    pending.resolve(message);
  }

  /** Opens the dialog once: TLS to the UM (from the proxy's address, which it trusts), INVITE, ACK. */
  open(): Promise<void> {
    this.ready ??= (async () => {
      // From the proxy's address, which the UM trusts (3.2.3: a TLS connection to the UM).
      const raw = net.connect({ host: this.um.address, port: this.um.port, localAddress: this.localAddress });
      raw.on('error', (error) => this.log(`connection to ${this.fqdn}: ${error.message}`));
      const socket = tls.connect({ socket: raw, ...this.tlsOptions() }); // mutual TLS, as the proxy
      this.socket = socket;
      await new Promise<void>((resolve, reject) => {
        socket.once('secureConnect', () => resolve());
        socket.once('error', reject);
      });
      const framer = new SipStreamFramer((event) => {
        if (event.type === 'message') this.onMessage(event.message);
      });
      socket.on('data', (chunk: Buffer) => framer.push(chunk));
      socket.on('error', (error) => this.log(`notification dialog with ${this.fqdn}: ${error.message}`));
      socket.on('close', () => this.close(false));
      const offer = notificationOfferSdp(this.localAddress);
      const ok = await this.request(
        'INVITE',
        this.requestUri,
        [
          `Contact: <sip:${this.localAddress}:${socket.localPort};transport=tls>`,
          'Content-Type: application/sdp',
        ],
        offer,
      );
      if (ok.status !== 200) throw new Error(`notification INVITE refused: ${ok.status} ${ok.reason}`);
      const problems = notificationSdpErrors(ok.body.toString('utf8'), 'answer');
      if (problems.length > 0)
        this.log(`UM ${this.fqdn} answered with a 2.2.5-incompatible SDP: ${problems.join('; ')}`);
      this.remoteTag = toTag(ok) ?? '';
      this.remoteTarget = parseNameAddr(header(ok, 'contact') ?? '')?.uri.text ?? this.requestUri;
      // ACK of the 2xx: a new transaction, same CSeq number (RFC 3261 13.2.2.4).
      this.send('ACK', this.remoteTarget, [`CSeq: ${cseqOf(ok).seq} ACK`]);
      this.touch();
    })();
    return this.ready;
  }

  /** 3.2.2/3.2.6: restarted by every notification; on expiry the dialog is ended. */
  private touch(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => void this.bye(), this.inactivityMs);
    this.idle.unref();
  }

  async notify(body: string): Promise<number> {
    await this.open();
    const response = await this.request(
      'INFO',
      this.remoteTarget,
      [`Content-Type: ${USER_NOTIFICATION_CONTENT_TYPE}`],
      body,
    );
    this.touch();
    return response.status;
  }

  async bye(): Promise<void> {
    if (this.closed) return;
    if (this.remoteTag) await this.request('BYE', this.remoteTarget, [], '', 2000).catch(() => undefined);
    this.close(true);
  }

  private close(destroy: boolean): void {
    if (this.closed) return;
    this.closed = true;
    if (this.idle) clearTimeout(this.idle);
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    if (destroy || !this.socket?.destroyed) this.socket?.destroy();
    this.onClosed();
  }
}

/** The fields route[USER_NOTIFY] writes, one `name: value` line each, each at most once. */
export const CALL_EVENT_FIELDS: ReadonlySet<string> = new Set([
  'event',
  'user',
  'call-id',
  'from',
  'reason',
  'target',
  'target-class',
  'answered-by',
  'subject',
  'priority',
  'referred-by',
]);

export type ParsedCallEvent = { ok: true; fields: Map<string, string> } | { ok: false; error: string };

/**
 * Parses the MESSAGE body of route[USER_NOTIFY]: `name: value` lines, each ended by CRLF. One
 * reading only, so nothing a caller put into a value can become a field: the proxy makes every
 * value a single line without control characters (route[UN_FIELD]), and anything else is
 * refused here, not repaired: a continuation line (folding), a repeated or unknown name, a bare
 * CR or LF, a control character, an empty line, a body not ended by CRLF.
 */
export function parseCallEvent(body: string): ParsedCallEvent {
  if (body === '' || !body.endsWith('\r\n'))
    return { ok: false, error: 'the body must be lines ended by CRLF' };
  const lines = body.slice(0, -2).split('\r\n');
  const fields = new Map<string, string>();
  for (const [index, line] of lines.entries()) {
    const where = `line ${index + 1}`;
    if (/^[ \t]/.test(line)) return { ok: false, error: `${where}: continuation line` };
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(line)) return { ok: false, error: `${where}: control character` };
    const m = /^([a-z][a-z-]*): ?(.*)$/.exec(line);
    if (!m) return { ok: false, error: `${where}: not "name: value"` };
    const [, name = '', value = ''] = m;
    if (!CALL_EVENT_FIELDS.has(name))
      return { ok: false, error: `${where}: unknown field ${JSON.stringify(name)}` };
    if (fields.has(name)) return { ok: false, error: `${where}: repeated field ${JSON.stringify(name)}` };
    fields.set(name, value.trim());
  }
  return { ok: true, fields };
}

/** Compares a received secret with ours in constant time (equal-length digests of both). */
function sameSecret(received: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(received), digest(expected));
}

/**
 * The notification for one call event of route[USER_NOTIFY] (`event: missed|answered|forbidden`
 * and its fields), or an error saying what is missing. Only headers the INVITE had are carried
 * (3.2.4.1.1, 3.2.4.2.1, 3.2.4.3.1); buildUserNotification then checks 2.2.3.3.
 */
export function callEventNotification(
  fields: ReadonlyMap<string, string>,
  domain: string,
  now: Date = new Date(),
): { ok: true; notification: UserNotification } | { ok: false; error: string } {
  const value = (key: string): string | undefined => {
    const v = fields.get(key);
    return v !== undefined && v !== '' ? v : undefined;
  };
  const user = value('user');
  const callId = value('call-id');
  const from = value('from');
  if (!user || !callId || !from) return { ok: false, error: 'user, call-id and from are required' };
  const common = {
    callId,
    from,
    ...(value('subject') !== undefined ? { subject: value('subject') } : {}),
    ...(value('priority') !== undefined ? { priority: value('priority') } : {}),
    ...(value('referred-by') !== undefined ? { referredBy: value('referred-by') } : {}),
  };
  const type = value('event') ?? 'missed'; // the sidecar's first version sent missed calls only
  let event: UserNotificationEvent;
  if (type === 'missed') {
    const reason = value('reason');
    if (reason !== 'CallerReleased' && reason !== 'Declined')
      return { ok: false, error: `missed: reason ${JSON.stringify(reason ?? '')}` };
    event = { type, ...common, missedReason: reason };
  } else if (type === 'answered' || type === 'forbidden') {
    // 3.2.4.2.1 / 3.2.4.3.1: Target (the Request-URI used to route) and TargetClass.
    const target = value('target');
    const targetClass = value('target-class');
    if (!target || (targetClass !== 'primary' && targetClass !== 'secondary'))
      return { ok: false, error: `${type}: target and target-class (primary|secondary) are required` };
    const answeredBy = value('answered-by');
    if (type === 'answered' && !answeredBy) return { ok: false, error: 'answered: answered-by is required' };
    event = {
      type,
      ...common,
      target,
      targetClass,
      ...(type === 'answered' ? { answeredBy } : {}),
    };
  } else {
    return { ok: false, error: `unknown event ${JSON.stringify(type)}` };
  }
  return {
    ok: true,
    notification: { user: `sip:${user}@${domain}`, time: formatNotificationTime(now), event },
  };
}

export async function startNotifier(options: NotifierOptions): Promise<RunningNotifier> {
  const log = options.log ?? ((line: string) => process.stderr.write(`[notifier] ${line}\n`));
  const { lab } = options;
  const inactivityMs = options.inactivityMs ?? 10 * 60 * 1000;
  const dialogs = new Map<string, NotificationDialog>();
  const delivered: DeliveredNotification[] = [];
  let dialogsOpened = 0;
  const sockets = new Set<net.Socket>();
  const secret = options.secret ?? randomBytes(32).toString('hex');
  const refused: string[] = [];

  const umFor = (user: string): UmServerEntry | undefined => {
    const planName = user in lab.userDialPlans ? lab.userDialPlans[user] : lab.dialPlans[0]?.name;
    const plan = lab.dialPlans.find((p) => p.name === planName);
    // 3.2.3: any UM server of the user's dial plan; the first of the ordering here.
    return plan ? umOrdering(plan)[0] : undefined;
  };

  const deliver = async (fields: Map<string, string>): Promise<void> => {
    const user = fields.get('user') ?? '';
    const um = umFor(user);
    if (!um) return; // not UM-enabled: no notification (3.2)
    const built = callEventNotification(fields, lab.domain);
    if (!built.ok) {
      log(`call event for ${user} ignored: ${built.error}`);
      return;
    }
    const { notification } = built;
    let body: string;
    try {
      body = buildUserNotification(notification);
    } catch (error) {
      log(`call event for ${user} ignored: ${(error as Error).message}`);
      return;
    }
    const fqdn = (um.fqdn ?? um.address).toLowerCase();
    const key = `${um.address}:${um.port}`;
    let dialog = dialogs.get(key);
    if (!dialog || dialog.closed) {
      dialog = new NotificationDialog(
        um,
        fqdn,
        lab.host,
        inactivityMs,
        () => dialogs.delete(key),
        log,
        () => ({
          cert: readFileSync(options.tls.certFile),
          key: readFileSync(options.tls.keyFile),
          ca: readFileSync(options.tls.caFile),
          servername: umTlsName(lab.domain),
          minVersion: 'TLSv1.2',
        }),
      );
      dialogs.set(key, dialog);
      dialogsOpened += 1;
    }
    let status = 0;
    try {
      status = await dialog.notify(body);
    } catch (error) {
      log(`notification for ${user} to ${fqdn} failed: ${(error as Error).message}`);
      await dialog.bye();
    }
    delivered.push({ notification, status, um: fqdn });
    const { type, missedReason } = notification.event;
    log(`${type} call event of ${user}${missedReason ? ` (${missedReason})` : ''} → ${fqdn}: ${status}`);
  };

  // Kamailio's MESSAGEs, over TCP.
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const framer = new SipStreamFramer((event) => {
      if (event.type !== 'message' || event.message.kind !== 'request') return;
      const request: SipRequest = event.message;
      if (request.method !== 'MESSAGE') {
        socket.write(buildResponse(request, 405, 'Method Not Allowed', {}));
        return;
      }
      const refuse = (status: number, reason: string, why: string): void => {
        refused.push(why);
        log(
          `MESSAGE from ${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'} refused (${status}): ${why}`,
        );
        socket.write(buildResponse(request, status, reason, {}));
      };
      // Only the proxy knows the secret (it is never on a command line): exactly one header.
      const given = headers(request, 'x-lab-notifier-secret');
      if (given.length !== 1 || !sameSecret(given[0] ?? '', secret)) {
        refuse(403, 'Forbidden', given.length === 0 ? 'no secret' : 'wrong secret');
        return;
      }
      if ((header(request, 'content-type') ?? '').trim().toLowerCase() !== CALL_EVENT_CONTENT_TYPE) {
        refuse(
          415,
          'Unsupported Media Type',
          `content type ${JSON.stringify(header(request, 'content-type') ?? '')}`,
        );
        return;
      }
      const parsed = parseCallEvent(request.body.toString('utf8'));
      if (!parsed.ok) {
        refuse(400, 'Bad Request', parsed.error);
        return;
      }
      socket.write(buildResponse(request, 200, 'OK', {}));
      void deliver(parsed.fields);
    });
    socket.on('data', (chunk: Buffer) => framer.push(chunk));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, lab.host, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    secret,
    refused,
    delivered,
    get dialogsOpened() {
      return dialogsOpened;
    },
    async stop() {
      await Promise.all([...dialogs.values()].map((d) => d.bye()));
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
