import {
  Invitation,
  Inviter,
  Registerer,
  RegistererState,
  type RegistererOptions,
  type RegistererRegisterOptions,
  SessionState,
  Subscriber,
  SubscriptionState,
  UserAgent,
  type Core,
  type Session,
  type SessionInviteOptions,
  type UserAgentOptions,
} from 'sip.js';
import {
  SessionDescriptionHandler,
  defaultMediaStreamFactory,
  defaultPeerConnectionConfiguration,
  type SessionDescriptionHandlerConfiguration,
  type SessionDescriptionHandlerFactoryOptions,
  type SessionDescriptionHandlerOptions,
} from 'sip.js/lib/platform/web/session-description-handler/index.js';
import {
  featureValueIsTrue,
  incomingCallDecision,
  sipUriEquals,
  inspectInvite,
  isSafeDigestUsername,
  isTrustedPlayOnPhone,
  isTrustedTransport,
  quotedStringContent,
  outgoingCallHeaders,
  parseMessageSummary,
  voicemailUri,
  type InviteFacts,
  type PresenceState,
} from '../protocol';
import { buildPidf, parsePidf, PIDF_CONTENT_TYPE } from '../protocol/pidf';
import type { PhoneSettings } from '../config/settings';
import type { CallInfo, RegistrationState } from './call-state';
import type { PhoneClientDelegate } from './phone-client-delegate';
import type {
  OutgoingCallOptions,
  PhoneClientFactory,
  PhoneClientInit,
  PhoneClientLike,
} from './phone-client-like';
import { resolveDialTarget } from './dial-target';
import { describeFailure } from './describe-failure';
import { KeepAlive } from './keep-alive';
import { backoffDelay } from './reconnect-backoff';
import { registerVerdict } from './register-outcome';
import { IncomingGate } from './incoming-gate';
import { SerialPublisher, etagOf } from './serial-publisher';

/** How many live calls we accept before answering further INVITEs with 486 Busy Here. */
const MAX_LIVE_CALLS = 4;
/** Presence publication lifetime (seconds); SIP.js refreshes it at 90 %. */
const PUBLISH_EXPIRES = 600;
/** Presence subscription lifetime for each contact (seconds); SIP.js refreshes it. */
const CONTACT_SUBSCRIBE_EXPIRES = 600;
/** A contact's subscription that the server ended is tried again after this long. */
const CONTACT_RESUBSCRIBE_MS = 60_000;
/** Registration lifetime asked of the registrar (seconds). */
const REGISTER_EXPIRES = 300;
/** How long a WebSocket may take to open before the attempt counts as failed (seconds). */
const CONNECTION_TIMEOUT_S = 5;
/**
 * Keep-alive: an OPTIONS to the proxy every 10 s while registered; no answer within 5 s means the
 * connection is dead even though it never closed (half-open), so a frozen proxy is noticed in ≤ 15 s.
 */
const KEEPALIVE_INTERVAL_MS = 10_000;
const KEEPALIVE_TIMEOUT_MS = 5000;

const AUDIO_ONLY: SessionDescriptionHandlerOptions = { constraints: { audio: true, video: false } };
const CONNECTION_LOST_CALL_ENDED = 'Connection to the server lost: the call ended';

interface ManagedCall {
  info: CallInfo;
  session: Session;
  audio?: HTMLAudioElement;
}

/**
 * One WebSocket connection and everything that lives on it. A connection that is lost is
 * abandoned whole (its UserAgent is stopped in the background and every late event it raises is
 * ignored) and the next attempt starts a fresh one: SIP.js cannot close a half-open WebSocket
 * quickly, and a fresh UserAgent never carries a REGISTER or transaction over from the old one.
 */
interface Connection {
  readonly id: number;
  readonly ua: UserAgent;
  registerer?: ObservedRegisterer;
  keepAlive?: KeepAlive;
  /** A REGISTER was asked for while one was outstanding: send it when that one completes. */
  registerAgain: boolean;
  /** Final response to the last REGISTER (real or synthesised by SIP.js). */
  lastRegisterResponse?: Core.IncomingResponse;
  /** Failed REGISTERs on this connection in a row (backoff for registration retries). */
  registerFailures: number;
}

interface RegistererWaiting {
  readonly waiting: boolean;
  readonly waitingChange: { addListener(listener: (waiting: boolean) => void): void };
}

/** Every REGISTER the Registerer sends, its own refreshes included, reports its outcome. */
class ObservedRegisterer extends Registerer {
  constructor(
    ua: UserAgent,
    options: RegistererOptions,
    private readonly onFinalResponse: (response: Core.IncomingResponse) => void,
  ) {
    super(ua, options);
  }

  /**
   * Whether a REGISTER awaits its final response. SIP.js keeps `waiting`/`waitingChange` private in
   * its typings, yet they are the only way to see every REGISTER complete (including the ones it
   * drops without calling a delegate, e.g. a 200 without our Contact).
   */
  get pending(): boolean {
    return (this as unknown as RegistererWaiting).waiting;
  }

  onPendingChange(listener: (pending: boolean) => void): void {
    (this as unknown as RegistererWaiting).waitingChange.addListener(listener);
  }

  override register(options: RegistererRegisterOptions = {}): Promise<Core.OutgoingRegisterRequest> {
    const own = options.requestDelegate;
    return super.register({
      ...options,
      requestDelegate: {
        ...own,
        onAccept: (response) => {
          this.onFinalResponse(response);
          own?.onAccept?.(response);
        },
        onReject: (response) => {
          this.onFinalResponse(response);
          own?.onReject?.(response);
        },
      },
    });
  }
}

/**
 * The phone's only SIP endpoint: owns the SIP.js UserAgent, Registerer and sessions,
 * applies the MS-OCEXUM client rules from src/protocol, and reports through a delegate.
 *
 * Connection life (what the header shows):
 * ```
 * connecting ──ws open──► registering ──200──► registered ──ws closed / keep-alive unanswered / offline──┐
 *     │                        │  └─401/403──► failed (stops trying)                                    │
 *     └──────ws failed─────────┴──5xx/timeout──► reconnecting (next attempt at …) ◄──────────────────────┘
 *                                                     └──backoff timer / online / page visible──► connecting
 * ```
 */
/**
 * What a unit test may swap to run the real client without a browser or a network: an in-process
 * transport (src/sip/testing) and a session description handler without WebRTC. The app never
 * passes these.
 */
export interface PhoneClientSeams {
  transportConstructor?: UserAgentOptions['transportConstructor'];
  sessionDescriptionHandlerFactory?: UserAgentOptions['sessionDescriptionHandlerFactory'];
}

export class PhoneClient implements PhoneClientLike {
  private readonly settings: PhoneSettings;
  private readonly delegate: PhoneClientDelegate;
  private readonly aor: string;
  private readonly password: string;
  private presence: PresenceState;
  private conn?: Connection;
  private connectionSeq = 0;
  /** Failed connection attempts in a row; the backoff grows with it, a registration resets it. */
  private attempt = 0;
  private retryTimer?: ReturnType<typeof setTimeout>;
  /** The registrar refused our credentials: retrying would only lock the account. */
  private authFailed = false;
  private readonly calls = new Map<string, ManagedCall>();
  private callSeq = 0;
  private disposed = false;
  private registration: RegistrationState = 'signed-out';
  private mwi?: Subscriber;
  /** Our own presence publication (RFC 3903) on the current connection. */
  private publisher?: SerialPublisher;
  /**
   * The ETag of our publication, kept across reconnections: the first PUBLISH on a new connection
   * modifies it (SIP-If-Match) instead of leaving a stale second tuple until it expires; a 412
   * (it expired meanwhile) makes SIP.js publish afresh.
   */
  private presenceEtag?: string;
  /** This phone's PIDF tuple id: distinct from the user's other phones' (and earlier tabs'). */
  private readonly tupleId = `t${Math.random().toString(36).slice(2, 10)}`;
  /** Presence subscriptions to the contacts (RFC 3856), on the current connection. */
  private watchers: Subscriber[] = [];
  private rewatchTimers = new Set<ReturnType<typeof setTimeout>>();
  private removeBrowserListeners?: () => void;
  /** Every incoming message passes here first: one reading, and never a silent drop. */
  private readonly gate = new IncomingGate();

  constructor(
    init: PhoneClientInit,
    private readonly seams: PhoneClientSeams = {},
  ) {
    this.settings = init.settings;
    this.delegate = init.delegate;
    this.presence = init.presence;
    this.password = init.password;
    this.aor = init.settings.aor;
    // Settings may come from the embed API unchecked: anything that could break a header is
    // reported on connect() as a failed registration (never sent, never thrown at a caller).
    if (!UserAgent.makeURI(this.aor)) this.configProblem = `“${this.aor}” is not a valid SIP address.`;
    else if (!isSafeDigestUsername(init.settings.authUser))
      this.configProblem = 'The auth user may not contain quotes, backslashes or control characters.';
  }

  /** Why these settings cannot be used, if they can't. */
  readonly configProblem?: string;

  private makeUserAgent(connectionId: number): UserAgent {
    const uri = UserAgent.makeURI(this.aor);
    if (!uri) throw new Error(`“${this.aor}” is not a valid SIP address.`);
    const iceServers = this.settings.iceServers.map((urls) => ({ urls }));
    const ua = new UserAgent({
      uri,
      // Escaped here: SIP.js puts the name between quotes as it is (header injection otherwise).
      displayName: quotedStringContent(this.settings.displayName) || undefined,
      authorizationUsername: this.settings.authUser || uri.user || undefined,
      authorizationPassword: this.password,
      transportOptions: { server: this.settings.serverUrl, connectionTimeout: CONNECTION_TIMEOUT_S },
      userAgentString: 'UM Phone/0.1 (SIP.js 0.21)',
      logBuiltinEnabled: false,
      // We send 180 ourselves, only for calls that really ring: a call refused by presence
      // (Appear Offline → 480) must not first tell the caller it is ringing.
      sendInitialProvisionalResponse: false,
      sessionDescriptionHandlerFactoryOptions: {
        // No public STUN default: with no servers configured, host candidates only (LAB-NOTES).
        peerConnectionConfiguration: { iceServers },
        iceGatheringTimeout: iceServers.length > 0 ? 500 : 5000,
      },
      // Stop waiting for ICE once enough candidates are in (the timeout above is only a cap).
      sessionDescriptionHandlerFactory:
        this.seams.sessionDescriptionHandlerFactory ?? earlyIceFactory(iceServers.length > 0),
      ...(this.seams.transportConstructor ? { transportConstructor: this.seams.transportConstructor } : {}),
      delegate: {
        onInvite: (invitation) => {
          if (this.conn?.id === connectionId) this.onInvite(invitation);
          else void invitation.reject({ statusCode: 503 }).catch(() => undefined);
        },
        onDisconnect: (error) =>
          this.connectionLost(connectionId, error ? 'Connection to the server closed' : 'Disconnected'),
      },
    });
    this.gate.install(ua);
    return ua;
  }

  connect(): void {
    if (this.disposed || this.conn) return;
    if (this.configProblem) {
      this.setRegistration('failed', this.configProblem);
      return;
    }
    this.listenToBrowser();
    this.openConnection();
  }

  /** Starts a fresh connection attempt now. */
  private openConnection(): void {
    if (this.disposed || this.authFailed) return;
    clearTimeout(this.retryTimer);
    const id = ++this.connectionSeq;
    const conn: Connection = { id, ua: this.makeUserAgent(id), registerAgain: false, registerFailures: 0 };
    this.conn = conn;
    this.setRegistration(
      this.attempt === 0 ? 'connecting' : 'reconnecting',
      this.attempt === 0 ? undefined : 'Connecting…',
    );
    conn.ua.start().then(
      () => {
        if (this.conn !== conn) return;
        conn.registerer = this.createRegisterer(conn);
        this.register(conn);
      },
      (e: unknown) => this.connectionLost(id, `Cannot reach ${this.settings.serverUrl}: ${errorText(e)}`),
    );
  }

  /**
   * The connection is gone (closed, failed to open, unanswered keep-alive, browser offline).
   * Idempotent per connection: SIP.js reports a failed start twice (disconnect + rejection).
   */
  private connectionLost(connectionId: number, reason: string): void {
    const conn = this.conn;
    if (this.disposed || !conn || conn.id !== connectionId) return;
    this.conn = undefined;
    this.abandon(conn);
    // Calls cannot survive without signalling (the proxy drops the WebSocket's dialogs): end them
    // cleanly, with a reason, rather than leave them stuck in "Connected".
    for (const call of [...this.calls.values()]) this.finish(call, CONNECTION_LOST_CALL_ENDED);
    this.scheduleReconnect(reason);
  }

  private abandon(conn: Connection): void {
    conn.keepAlive?.stop();
    if (this.mwi) {
      const mwi = this.mwi;
      this.mwi = undefined;
      void mwi.dispose().catch(() => undefined);
    }
    this.dropPresence();
    // In the background: over a half-open connection this may never finish, and nothing waits on it.
    void conn.ua.stop().catch(() => undefined);
  }

  private scheduleReconnect(reason: string): void {
    clearTimeout(this.retryTimer);
    // No pause while navigator.onLine is false: it can stay false after the network is back
    // (seen in headless Chromium); the backoff keeps trying and `online` short-cuts it.
    const delay = backoffDelay(this.attempt++);
    this.setRegistration('reconnecting', reason, Date.now() + delay);
    this.retryTimer = setTimeout(() => this.openConnection(), delay);
  }

  /** The network came back or the page became visible: don't sit out the backoff. */
  private checkConnectionNow(): void {
    if (this.disposed || this.authFailed) return;
    const conn = this.conn;
    if (!conn) {
      this.attempt = 0;
      this.openConnection();
    } else if (conn.keepAlive?.active) {
      conn.keepAlive.probeNow();
    }
  }

  private listenToBrowser(): void {
    if (typeof window === 'undefined' || this.removeBrowserListeners) return;
    const offline = () => {
      const conn = this.conn;
      if (conn) this.connectionLost(conn.id, 'The browser is offline');
    };
    const online = () => this.checkConnectionNow();
    const visibility = () => {
      if (document.visibilityState !== 'visible') return;
      this.checkConnectionNow();
      this.delegate.onPageVisible?.();
    };
    // The page is closed, reloaded or navigated away from: sign out while the WebSocket is still
    // open, or the old publication would show this user Available for up to PUBLISH_EXPIRES, and
    // the old registration would keep forking calls to a dead contact.
    const pagehide = () => this.dispose();
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    document.addEventListener('visibilitychange', visibility);
    window.addEventListener('pagehide', pagehide);
    this.removeBrowserListeners = () => {
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
      document.removeEventListener('visibilitychange', visibility);
      window.removeEventListener('pagehide', pagehide);
    };
  }

  private createRegisterer(conn: Connection): ObservedRegisterer {
    const registerer = new ObservedRegisterer(conn.ua, { expires: REGISTER_EXPIRES }, (response) => {
      conn.lastRegisterResponse = response;
    });
    // Every REGISTER ends here, one at a time: the outcome decides what happens next.
    registerer.onPendingChange((waiting) => {
      if (waiting || this.conn !== conn) return;
      this.registerCompleted(conn, registerer);
    });
    registerer.stateChange.addListener((state) => {
      switch (state) {
        case RegistererState.Unregistered:
          // The binding expired without a refresh answer: register again at once.
          if (this.conn === conn && !registerer.pending && this.registration === 'registered') {
            this.setRegistration('registering', 'Registration expired');
            this.register(conn);
          }
          break;
        case RegistererState.Registered:
        case RegistererState.Initial:
        case RegistererState.Terminated:
          break;
      }
    });
    return registerer;
  }

  /** Sends a REGISTER, or queues one behind the outstanding REGISTER (never two at once). */
  private register(conn: Connection): void {
    const registerer = conn.registerer;
    if (!registerer || this.conn !== conn) return;
    if (registerer.pending) {
      conn.registerAgain = true;
      return;
    }
    if (this.registration !== 'registered') this.setRegistration('registering');
    registerer.register().catch((e: unknown) => {
      if (this.conn === conn) this.connectionLost(conn.id, `Registration failed: ${errorText(e)}`);
    });
  }

  private registerCompleted(conn: Connection, registerer: ObservedRegisterer): void {
    const response = conn.lastRegisterResponse?.message;
    conn.lastRegisterResponse = undefined;
    const verdict = registerVerdict(
      {
        registered: registerer.state === RegistererState.Registered,
        status: response?.statusCode ?? 0,
        reasonPhrase: response?.reasonPhrase,
        retryAfter: response?.getHeader('retry-after'),
        fromWire: Boolean(response?.callId),
      },
      conn.registerFailures,
    );
    switch (verdict.kind) {
      case 'registered': {
        conn.registerFailures = 0;
        this.attempt = 0;
        const fresh = this.registration !== 'registered';
        this.setRegistration('registered');
        // The keep-alive runs as long as the connection does, registered or not.
        if (!conn.keepAlive) {
          conn.keepAlive = new KeepAlive({
            intervalMs: KEEPALIVE_INTERVAL_MS,
            timeoutMs: KEEPALIVE_TIMEOUT_MS,
            probe: () => this.probe(conn),
            onDead: (reason) => this.connectionLost(conn.id, reason),
          });
          conn.keepAlive.start();
        }
        if (fresh) {
          this.subscribeMessageSummary(conn);
          this.publishPresence(conn);
          this.watchContacts(conn);
        }
        if (conn.registerAgain) {
          conn.registerAgain = false;
          this.register(conn);
        }
        return;
      }
      case 'left-to-sipjs':
        return;
      case 'stop':
        this.authFailed = true;
        this.conn = undefined;
        this.abandon(conn);
        this.setRegistration('failed', verdict.detail);
        return;
      case 'reconnect':
        this.connectionLost(conn.id, verdict.detail);
        return;
      case 'retry':
        conn.registerFailures++;
        conn.registerAgain = false;
        clearTimeout(this.retryTimer);
        this.setRegistration('reconnecting', verdict.detail, Date.now() + verdict.delayMs);
        this.retryTimer = setTimeout(() => this.register(conn), verdict.delayMs);
        return;
    }
  }

  /**
   * Keep-alive probe: an out-of-dialog OPTIONS to the proxy (RFC 3261 §11). Any real answer, a
   * 407 challenge included, proves the connection carries traffic both ways. SIP.js's own 408/503
   * (timeout, transport error) carry no Call-ID and prove nothing.
   */
  private probe(conn: Connection): Promise<void> {
    return new Promise((resolve, reject) => {
      const ua = conn.ua;
      if (!ua.isConnected()) {
        reject(new Error('Not connected'));
        return;
      }
      const own = UserAgent.makeURI(this.aor);
      const proxy = own && UserAgent.makeURI(`sip:${own.host}`);
      if (!own || !proxy) {
        resolve();
        return;
      }
      const core = ua.userAgentCore;
      const message = core.makeOutgoingRequestMessage('OPTIONS', proxy, own, own, {});
      const answered = (response: Core.IncomingResponse) => {
        if (response.message.callId) resolve();
        else reject(new Error(response.message.reasonPhrase || 'no answer'));
      };
      core.request(message, { onAccept: answered, onReject: answered, onRedirect: answered });
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.retryTimer);
    this.removeBrowserListeners?.();
    for (const call of [...this.calls.values()]) this.hangupCall(call);
    const conn = this.conn;
    const mwi = this.mwi;
    const publisher = this.publisher;
    const watchers = this.watchers;
    this.conn = undefined;
    this.mwi = undefined;
    this.publisher = undefined;
    this.watchers = [];
    for (const timer of this.rewatchTimers) clearTimeout(timer);
    this.rewatchTimers.clear();
    conn?.keepAlive?.stop();
    // Every goodbye goes out now, in this task: when the page is being closed or reloaded
    // (pagehide) there is no later. Signed out, watchers see us offline at once rather than when
    // the publication expires (RFC 3903 §4.5), and calls stop ringing here at once (RFC 3261 §10.2.2).
    // Each one that fails expires by itself.
    const registerer = conn?.registerer;
    const goodbyes = [
      () => mwi?.unsubscribe(),
      () => publisher?.unpublish(),
      ...watchers.map((w) => () => w.unsubscribe()),
      () => (registerer?.state === RegistererState.Registered ? registerer.unregister() : undefined),
    ].map(async (send) => send());
    void Promise.allSettled(goodbyes).then(async () => {
      try {
        await conn?.ua.stop();
      } catch {
        // Already stopped.
      }
    });
    this.setRegistration('signed-out');
  }

  /**
   * Message waiting (RFC 3842): SUBSCRIBE to our own `message-summary`; the voicemail server
   * PUBLISHes to the proxy's presence server on every mailbox change. Renewed after each
   * (re-)registration, since a lost connection loses the subscription dialog too.
   */
  private subscribeMessageSummary(conn: Connection): void {
    const ua = conn.ua;
    const target = UserAgent.makeURI(this.aor);
    if (!ua || !target) return;
    const old = this.mwi;
    if (old) void old.dispose().catch(() => undefined);
    const mwi = new Subscriber(ua, target, 'message-summary', {
      expires: 3600,
      extraHeaders: ['Accept: application/simple-message-summary'],
    });
    mwi.delegate = {
      onNotify: (notification) => {
        void notification.accept().catch(() => undefined);
        const body = notification.request.body;
        if (body) this.delegate.onMessageSummary?.(parseMessageSummary(body));
      },
    };
    this.mwi = mwi;
    mwi.subscribe().catch(() => undefined);
  }

  setPresence(presence: PresenceState): void {
    const changed = presence !== this.presence;
    this.presence = presence;
    if (changed && this.publisher && this.registration === 'registered') this.sendPresence(this.publisher);
  }

  /**
   * Our presence as PIDF (src/protocol/pidf): PUBLISHed after each (re-)registration, again on every
   * change, refreshed by SIP.js, removed on sign-out. Appear Offline publishes `closed` while the
   * registration stays, so the voicemail server's Play-On-Phone still reaches this phone.
   */
  private publishPresence(conn: Connection): void {
    const target = UserAgent.makeURI(this.aor);
    if (!target) return;
    this.dropPresencePublisher();
    const publisher = new SerialPublisher(conn.ua, target, 'presence', {
      expires: PUBLISH_EXPIRES,
      contentType: PIDF_CONTENT_TYPE,
      // Never on a lost connection's teardown: the next connection takes the publication over.
      unpublishOnClose: false,
    });
    if (this.presenceEtag) etagOf(publisher).pubRequestEtag = this.presenceEtag;
    this.publisher = publisher;
    this.sendPresence(publisher);
  }

  private sendPresence(publisher: SerialPublisher): void {
    // The body is built when the PUBLISH goes out: a quick Busy → DND sends only the latest.
    publisher.publishLatest(() =>
      buildPidf({
        entity: this.aor,
        state: this.presence,
        tupleId: this.tupleId,
        timestamp: new Date().toISOString(),
      }),
    );
  }

  private dropPresencePublisher(): void {
    const publisher = this.publisher;
    this.publisher = undefined;
    if (!publisher) return;
    this.presenceEtag = etagOf(publisher).pubRequestEtag ?? this.presenceEtag;
    void publisher.dispose().catch(() => undefined);
  }

  /** Leaves the lost connection's presence dialogs; the next registration starts them again. */
  private dropPresence(): void {
    this.dropPresencePublisher();
    for (const timer of this.rewatchTimers) clearTimeout(timer);
    this.rewatchTimers.clear();
    const watchers = this.watchers;
    this.watchers = [];
    for (const w of watchers) void w.dispose().catch(() => undefined);
  }

  /** SUBSCRIBE to each contact's presence; every NOTIFY's PIDF goes to the delegate. */
  private watchContacts(conn: Connection): void {
    const old = this.watchers;
    this.watchers = [];
    for (const w of old) void w.dispose().catch(() => undefined);
    for (const contact of this.settings.contacts) this.watchContact(conn, contact);
  }

  private watchContact(conn: Connection, contact: string): void {
    if (this.conn !== conn || this.disposed) return;
    let target: ReturnType<typeof UserAgent.makeURI>;
    try {
      target = UserAgent.makeURI(resolveDialTarget(contact, this.aor));
    } catch {
      target = undefined;
    }
    if (!target) return;
    const watcher = new Subscriber(conn.ua, target, 'presence', {
      expires: CONTACT_SUBSCRIBE_EXPIRES,
      extraHeaders: [`Accept: ${PIDF_CONTENT_TYPE}`],
    });
    watcher.delegate = {
      onNotify: (notification) => {
        void notification.accept().catch(() => undefined);
        if (this.conn !== conn) return;
        this.delegate.onContactPresence?.(contact, parsePidf(notification.request.body));
      },
    };
    watcher.stateChange.addListener((state) => {
      // Only a subscription still in use is renewed (not one we ended ourselves).
      if (state !== SubscriptionState.Terminated || !this.watchers.includes(watcher)) return;
      this.watchers = this.watchers.filter((w) => w !== watcher);
      if (this.conn !== conn || this.disposed) return;
      // Refused or ended by the server: try again later, on this connection only.
      const timer = setTimeout(() => {
        this.rewatchTimers.delete(timer);
        this.watchContact(conn, contact);
      }, CONTACT_RESUBSCRIBE_MS);
      this.rewatchTimers.add(timer);
    });
    this.watchers.push(watcher);
    watcher.subscribe().catch(() => undefined);
  }

  // ---- outgoing ----

  call(target: string, options: OutgoingCallOptions): string {
    const peer = resolveDialTarget(target, this.aor);
    const uri =
      options.purpose === 'leave-message'
        ? voicemailUri(peer) // MS-OCEXUM 2.2.3: deposit goes to the callee's voicemail URI
        : peer;
    const headers = outgoingCallHeaders({ subject: options.subject, priority: options.priority });
    return this.invite(uri, headers, {
      purpose: options.purpose,
      peerUri: peer,
      subject: options.subject?.trim() || undefined,
      priority: options.priority,
      urgent: options.priority === 'urgent' || options.priority === 'emergency',
    });
  }

  callVoicemail(): string {
    // MS-OCEXUM 2.2.1: skip-pin only over a trusted transport, whatever the setting says.
    const skipPin = this.settings.skipPin && isTrustedTransport(this.settings.serverUrl);
    const mailbox = voicemailUri(this.aor); // MS-OCEXUM 3.1 / 4.1: own AOR with opaque=app:voicemail
    return this.invite(mailbox, outgoingCallHeaders({ skipPin }), {
      purpose: 'voicemail',
      peerUri: mailbox,
      peerName: 'Voicemail',
      urgent: false,
      skipPin,
    });
  }

  private invite(
    uri: string,
    extraHeaders: string[],
    info: Pick<CallInfo, 'purpose' | 'peerUri' | 'subject' | 'priority' | 'urgent'> &
      Partial<Pick<CallInfo, 'peerName' | 'skipPin'>>,
  ): string {
    const ua = this.requireUa();
    if (this.registration !== 'registered') throw new Error('Not registered: the call cannot be placed.');
    const target = UserAgent.makeURI(uri);
    if (!target) throw new Error(`“${uri}” is not a valid SIP address.`);
    // Call waiting: a new call puts the current one on hold.
    this.holdOthers(undefined);
    const inviter = new Inviter(ua, target, {
      extraHeaders,
      sessionDescriptionHandlerOptions: this.audioOptions(),
    });
    const call = this.track(inviter, {
      ...info,
      direction: 'outgoing',
      state: 'calling',
    });
    inviter
      .invite({
        requestDelegate: {
          onReject: (response: Core.IncomingResponse) => {
            const status = response.message.statusCode ?? 0;
            call.info = {
              ...call.info,
              endStatus: status,
              endReason: describeFailure(status, response.message.reasonPhrase ?? ''),
            };
          },
        },
      })
      .catch((e: unknown) => this.finish(call, `Call failed: ${errorText(e)}`));
    return call.info.id;
  }

  /** Audio only, from the chosen microphone if any (an ideal, not exact: a missing device falls back). */
  private audioOptions(): SessionDescriptionHandlerOptions {
    const deviceId = this.settings.microphoneId;
    return deviceId ? { constraints: { audio: { deviceId }, video: false } } : AUDIO_ONLY;
  }

  // ---- incoming ----

  private onInvite(invitation: Invitation): void {
    // RFC 3261 §8.2.3: a body whose type we cannot read is refused with 415. SIP.js 0.21 would
    // otherwise throw while building the early dialog ("Content disposition undefined").
    if (invitation.request.body && !invitation.request.parseHeader('content-type')) {
      void invitation
        .reject({ statusCode: 415, extraHeaders: ['Accept: application/sdp'] })
        .catch(() => undefined);
      return;
    }
    const raw = invitation.request.data;
    const spec = inspectInvite(raw, this.aor);
    // The user's trusted voicemail hosts, when listed, narrow Play-On-Phone further.
    const facts: InviteFacts = {
      ...spec,
      playOnPhone: isTrustedPlayOnPhone(spec, raw, this.settings.trustedVoicemailHosts),
    };
    // One reading (src/protocol/message-gate): the gate has proved this text unambiguous, and SIP.js
    // parsed the same text. Belt and braces for the one decision that overrides Appear Offline:
    // if SIP.js's own parse disagrees with ours, the call is refused rather than rung through.
    if (facts.playOnPhone && !sipjsSeesPlayOnPhone(invitation.request, this.aor)) {
      const reasonPhrase = 'Ambiguous message: Play-On-Phone read two ways';
      void invitation.reject({ statusCode: 400, reasonPhrase }).catch(() => undefined);
      this.gate.noteRefused(400, reasonPhrase);
      return;
    }
    const peerName = invitation.remoteIdentity.displayName || undefined;
    const decision = incomingCallDecision(facts, this.presence);
    if (decision.action === 'reject') {
      // Appear Offline → 480, Do Not Disturb → 486; the phone never rings (MS-OCEXUM 3.2 exempts Play-On-Phone).
      void invitation
        .reject({ statusCode: decision.status, reasonPhrase: decision.reason })
        .catch(() => undefined);
      this.delegate.onIncomingRefused?.(facts, peerName, decision.status, invitation.request.callId);
      return;
    }
    if (this.liveCount() >= MAX_LIVE_CALLS) {
      void invitation.reject({ statusCode: 486, reasonPhrase: 'Busy Here' }).catch(() => undefined);
      return;
    }
    const playOnPhone = facts.playOnPhone;
    this.track(invitation, {
      direction: 'incoming',
      purpose: playOnPhone ? 'play-on-phone' : 'call',
      state: 'ringing',
      peerUri: facts.fromUri || invitation.remoteIdentity.uri.toString(),
      peerName: playOnPhone ? 'Voicemail' : peerName,
      subject: facts.subject,
      priority: facts.priority,
      urgent: facts.urgent,
      facts,
      sipCallId: invitation.request.callId,
    });
    void invitation.progress().catch(() => undefined);
  }

  answer(callId: string): void {
    const call = this.get(callId);
    if (!(call.session instanceof Invitation) || call.info.state !== 'ringing') return;
    this.holdOthers(callId);
    void call.session
      .accept({ sessionDescriptionHandlerOptions: this.audioOptions() })
      .catch((e: unknown) => {
        this.finish(call, `Could not answer: ${errorText(e)}`);
      });
  }

  decline(callId: string): void {
    const call = this.get(callId);
    if (call.session instanceof Invitation && call.info.state === 'ringing') {
      call.info = { ...call.info, endReason: 'Declined' };
      // 603 Decline is what a person pressing "Decline" means (RFC 3261 §21.6.2).
      void call.session.reject({ statusCode: 603 }).catch(() => undefined);
    } else {
      this.hangupCall(call);
    }
  }

  hangup(callId: string): void {
    this.hangupCall(this.get(callId));
  }

  private hangupCall(call: ManagedCall): void {
    const s = call.session;
    call.info = { ...call.info, endReason: call.info.endReason ?? 'You hung up' };
    try {
      switch (s.state) {
        case SessionState.Initial:
        case SessionState.Establishing:
          if (s instanceof Inviter) void s.cancel().catch(() => undefined);
          else if (s instanceof Invitation) void s.reject({ statusCode: 603 }).catch(() => undefined);
          break;
        case SessionState.Established:
          void s.bye().catch(() => undefined);
          break;
        case SessionState.Terminating:
        case SessionState.Terminated:
          break;
      }
    } catch (e) {
      this.finish(call, `Hang-up failed: ${errorText(e)}`);
    }
  }

  // ---- in-call controls ----

  setMuted(callId: string, muted: boolean): void {
    const call = this.get(callId);
    call.info = { ...call.info, muted };
    this.applyTrackState(call);
    this.emit(call);
  }

  setHeld(callId: string, held: boolean): void {
    const call = this.get(callId);
    if (held === call.info.held) return;
    if (!held) this.holdOthers(callId);
    this.reinviteHold(call, held);
  }

  private reinviteHold(call: ManagedCall, held: boolean): void {
    if (call.session.state !== SessionState.Established) return;
    // Hold is a re-INVITE with a sendonly/inactive offer (RFC 3264 §8.4).
    const reInvite: SessionDescriptionHandlerOptions = { ...this.audioOptions(), hold: held };
    call.session.sessionDescriptionHandlerOptionsReInvite = reInvite;
    const options: SessionInviteOptions = {
      requestDelegate: {
        onAccept: () => {
          call.info = { ...call.info, held, state: held ? 'held' : 'connected' };
          this.applyTrackState(call);
          this.emit(call);
        },
        onReject: () =>
          this.delegate.onError?.(held ? 'The call could not be held.' : 'The call could not be resumed.'),
      },
    };
    call.session
      .invite(options)
      .catch((e: unknown) => this.delegate.onError?.(`Hold failed: ${errorText(e)}`));
  }

  sendDtmf(callId: string, tone: string): void {
    const call = this.get(callId);
    if (!/^[0-9*#A-D]$/i.test(tone)) throw new Error(`“${tone}” is not a keypad tone.`);
    if (call.session.state !== SessionState.Established) return;
    if (this.settings.dtmfMode === 'info') {
      void call.session
        .info({
          requestOptions: {
            body: {
              contentDisposition: 'render',
              contentType: 'application/dtmf-relay',
              content: `Signal=${tone}\r\nDuration=160`,
            },
          },
        })
        .catch(() => undefined);
      return;
    }
    // RFC 4733 telephone-events through the RTP sender.
    const sdh = call.session.sessionDescriptionHandler;
    if (sdh && !sdh.sendDtmf(tone, { duration: 160, interToneGap: 70 })) {
      this.delegate.onError?.('This call cannot send keypad tones.');
    }
  }

  // ---- bookkeeping ----

  private track(session: Session, info: Omit<CallInfo, 'id' | 'muted' | 'held' | 'startedAt'>): ManagedCall {
    const call: ManagedCall = {
      session,
      info: { ...info, id: `call-${++this.callSeq}`, muted: false, held: false, startedAt: Date.now() },
    };
    this.calls.set(call.info.id, call);
    session.stateChange.addListener((state) => {
      switch (state) {
        case SessionState.Initial:
        case SessionState.Establishing:
        case SessionState.Terminating:
          break;
        case SessionState.Established:
          call.info = { ...call.info, state: 'connected', connectedAt: Date.now() };
          this.attachRemoteAudio(call);
          this.emit(call);
          break;
        case SessionState.Terminated:
          // SIP.js moves to Terminated before it calls the request delegate's onReject, which
          // carries the final response's status: let that land first so the reason is precise.
          setTimeout(() => this.finish(call, call.info.endReason ?? this.defaultEndReason(call)), 0);
          break;
      }
    });
    this.emit(call);
    return call;
  }

  private defaultEndReason(call: ManagedCall): string {
    if (call.info.connectedAt !== undefined) return 'The other side hung up';
    return call.info.direction === 'incoming' ? 'Missed: the caller hung up' : 'Call failed';
  }

  private finish(call: ManagedCall, reason: string): void {
    if (!this.calls.delete(call.info.id)) return;
    if (call.audio) {
      call.audio.pause();
      call.audio.srcObject = null;
    }
    call.info = { ...call.info, state: 'ended', endedAt: Date.now(), endReason: reason };
    this.emit(call);
  }

  private attachRemoteAudio(call: ManagedCall): void {
    const sdh = call.session.sessionDescriptionHandler;
    if (!(sdh instanceof SessionDescriptionHandler) || typeof Audio === 'undefined') return;
    const audio = call.audio ?? new Audio();
    audio.autoplay = true;
    audio.srcObject = sdh.remoteMediaStream;
    call.audio = audio;
    // The chosen speaker; where setSinkId is missing (or the device is gone) the default plays.
    const speakerId = this.settings.speakerId;
    if (speakerId && typeof audio.setSinkId === 'function')
      void audio.setSinkId(speakerId).catch(() => undefined);
    audio
      .play()
      .catch(() => this.delegate.onError?.('The browser blocked call audio: click anywhere to hear it.'));
  }

  private applyTrackState(call: ManagedCall): void {
    const sdh = call.session.sessionDescriptionHandler;
    if (sdh instanceof SessionDescriptionHandler) {
      sdh.enableSenderTracks(!call.info.muted && !call.info.held);
      sdh.enableReceiverTracks(!call.info.held);
    }
  }

  /** Puts every established call except `keep` on hold (call waiting). */
  private holdOthers(keep: string | undefined): void {
    for (const other of this.calls.values()) {
      if (other.info.id !== keep && other.info.state === 'connected') this.reinviteHold(other, true);
    }
  }

  private liveCount(): number {
    return this.calls.size;
  }

  private emit(call: ManagedCall): void {
    this.delegate.onCallUpdate?.({ ...call.info });
  }

  private get(callId: string): ManagedCall {
    const call = this.calls.get(callId);
    if (!call) throw new Error('That call has already ended.');
    return call;
  }

  private requireUa(): UserAgent {
    if (!this.conn) throw new Error('Not connected to the server.');
    return this.conn.ua;
  }

  private setRegistration(state: RegistrationState, detail?: string, nextRetryAt?: number): void {
    this.registration = state;
    this.delegate.onRegistrationChange?.(state, detail, nextRetryAt);
  }
}

/**
 * MS-OCEXUM 3.2 read from SIP.js's parsed values: From = To = our AOR, and the (single) Contact
 * carries `automata` meaning TRUE (RFC 3840 §9).
 */
function sipjsSeesPlayOnPhone(request: Core.IncomingRequestMessage, aor: string): boolean {
  try {
    const contacts = request.getHeaders('contact');
    const contact = request.parseHeader('contact') as
      { hasParam(name: string): boolean; getParam(name: string): string | undefined } | undefined;
    return (
      contacts.length === 1 &&
      contact !== undefined &&
      contact.hasParam('automata') &&
      featureValueIsTrue(contact.getParam('automata') ?? undefined) &&
      sipUriEquals(request.from.uri.toString(), aor) &&
      sipUriEquals(request.to.uri.toString(), aor)
    );
  } catch {
    return false;
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * A SessionDescriptionHandler that sends the offer/answer as soon as enough ICE candidates are in,
 * instead of when gathering completes (Chromium takes ~100 ms more even with host candidates only)
 * or when `iceGatheringTimeout` fires (an unreachable STUN server): a host candidate for every
 * media section, plus a server-reflexive or relay one when ICE servers are configured, or else a
 * short grace after the host ones. `iceGatheringComplete()` is SIP.js's documented hook for a
 * gathering strategy of one's own. The timeout stays as the cap (no host candidate at all).
 */
const ICE_GRACE_MS = 100;

class EarlyIceSessionDescriptionHandler extends SessionDescriptionHandler {
  private readonly hostMids = new Set<string>();
  private readonly serverMids = new Set<string>();
  private graceTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    logger: ConstructorParameters<typeof SessionDescriptionHandler>[0],
    configuration: SessionDescriptionHandlerConfiguration,
    private readonly iceServersConfigured: boolean,
  ) {
    super(logger, defaultMediaStreamFactory(), configuration);
    this.peerConnection?.addEventListener('icecandidate', (e) => this.onCandidate(e.candidate));
  }

  protected override waitForIceGatheringComplete(restart = false, timeout = 0): Promise<void> {
    if (restart) this.resetCandidates();
    const waiting = super.waitForIceGatheringComplete(restart, timeout);
    this.checkCandidates(); // they may all be in before the wait begins
    return waiting;
  }

  override close(): void {
    this.resetCandidates();
    super.close();
  }

  private resetCandidates(): void {
    clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
    this.hostMids.clear();
    this.serverMids.clear();
  }

  private onCandidate(candidate: RTCIceCandidate | null): void {
    if (!candidate?.candidate) return;
    const mid = candidate.sdpMid ?? String(candidate.sdpMLineIndex ?? 0);
    if (candidate.type === 'host') this.hostMids.add(mid);
    else if (candidate.type === 'srflx' || candidate.type === 'relay') this.serverMids.add(mid);
    this.checkCandidates();
  }

  private checkCandidates(): void {
    const pc = this.peerConnection;
    if (!pc || pc.iceGatheringState === 'complete') return;
    const mids = pc
      .getTransceivers()
      .map((t) => t.mid)
      .filter((m): m is string => m !== null);
    // With max-bundle, candidates are gathered for the first media section only.
    const needed = pc.getConfiguration().bundlePolicy === 'max-bundle' ? mids.slice(0, 1) : mids;
    if (needed.length === 0 || !needed.every((m) => this.hostMids.has(m))) return;
    if (!this.iceServersConfigured || needed.every((m) => this.serverMids.has(m))) {
      clearTimeout(this.graceTimer);
      this.graceTimer = undefined;
      this.iceGatheringComplete();
      return;
    }
    this.graceTimer ??= setTimeout(() => {
      this.graceTimer = undefined;
      this.iceGatheringComplete();
    }, ICE_GRACE_MS);
  }
}

function earlyIceFactory(iceServersConfigured: boolean) {
  return (session: Session, options?: SessionDescriptionHandlerFactoryOptions) =>
    new EarlyIceSessionDescriptionHandler(
      session.userAgent.getLogger('sip.SessionDescriptionHandler'),
      {
        iceGatheringTimeout: options?.iceGatheringTimeout ?? 5000,
        peerConnectionConfiguration: {
          ...defaultPeerConnectionConfiguration(),
          ...options?.peerConnectionConfiguration,
        },
      },
      iceServersConfigured,
    );
}

export const createSipPhoneClient: PhoneClientFactory = (init) => new PhoneClient(init);

export type { InviteFacts };
