/**
 * The phone's only SIP endpoint, as the store sees it (PhoneClientLike): a façade that wires the
 * parts of src/sip together and reports through the delegate. Each part owns one concern:
 *
 * - connection/: the one UserAgent (kept across connections and servers), the reconnect state
 *   machine walking the server list (Connector, Failover), the lifetime scope that ends everything
 *   on one connection at once, keep-alive and the CRLF watchdog, the incoming gate;
 * - registration/: REGISTER, one at a time, and what each outcome means;
 * - subscriptions/: message waiting, our presence publication, contacts' presence;
 * - calls/: the call registry, outgoing (skip-pin gate), incoming (Play-On-Phone, busy cap),
 *   in-call controls, remote audio;
 * - media/: the early-ICE session description handler;
 * - sipjs-internals.ts: every reach into SIP.js beyond its public API.
 *
 * Connection life (what the header shows):
 * ```
 * connecting ──ws open──► registering ──200──► registered ──ws closed / keep-alive unanswered / offline──┐
 *     │                        │  └─401/403──► failed (stops trying)                                    │
 *     └──────ws failed─────────┴──5xx/timeout──► reconnecting (next attempt at …) ◄──────────────────────┘
 *                                                     └──backoff timer / online / page visible──► connecting
 * ```
 */
import { UserAgent, type Invitation } from 'sip.js';
import { isSafeDigestUsername, outOfDialogAnswer, type InviteFacts, type PresenceState } from '../protocol';
import type { PhoneSettings } from '../config/settings';
import type { RegistrationState } from './call-state';
import { PhoneError, errorText, type PhoneProblem, type RegistrationReason } from './reasons';
import type { PhoneClientDelegate } from './phone-client-delegate';
import type {
  OutgoingCallOptions,
  PhoneClientFactory,
  PhoneClientInit,
  PhoneClientLike,
} from './phone-client-like';
import { CallRecovery } from './calls/call-recovery';
import { Goodbyes } from './calls/goodbyes';
import { AnswererWatch } from './calls/answerer-watch';
import { watchCancelReason } from './calls/cancel-reason';
import { CallRegistry } from './calls/call-registry';
import { IncomingCalls } from './calls/incoming-calls';
import { InCallControls } from './calls/in-call-controls';
import { OutgoingCalls, dialTarget } from './calls/outgoing-calls';
import { takeOverReplacedCall } from './calls/replaces';
import { sendToVoicemail } from './calls/send-to-voicemail';
import { Transfers, type BlindTransferOptions } from './calls/transfer';
import type { ConnectionScope } from './connection/connection-scope';
import { Connector } from './connection/connector';
import { Failover } from './connection/failover';
import { IncomingGate } from './connection/incoming-gate';
import { KeepAlive } from './connection/keep-alive';
import { optionsProbe } from './connection/options-probe';
import { makeUserAgent, type PhoneClientSeams } from './connection/user-agent';
import { followDeviceChoice } from './media/device-switch';
import { Registration } from './registration/registration';
import { ContactWatch } from './subscriptions/contact-watch';
import { MessageWaiting } from './subscriptions/message-waiting';
import { PresencePublication } from './subscriptions/presence-publication';

export type { PhoneClientSeams } from './connection/user-agent';

/**
 * Keep-alive: an OPTIONS to the proxy every 10 s while registered; no answer within 5 s means the
 * connection is dead even though it never closed (half-open), so a frozen proxy is noticed in ≤ 15 s.
 */
const KEEPALIVE_INTERVAL_MS = 10_000;
const KEEPALIVE_TIMEOUT_MS = 5000;

export class PhoneClient implements PhoneClientLike {
  private readonly settings: PhoneSettings;
  private readonly delegate: PhoneClientDelegate;
  private presence: PresenceState;
  private disposed = false;
  private registration: RegistrationState = 'signed-out';
  /** connect() was called with usable settings. */
  private connecting = false;
  /** Every incoming message passes here first: one reading, and never a silent drop. */
  private readonly gate = new IncomingGate();
  private readonly connector: Connector;
  /** The server list, the Registerer kept across servers, the CRLF watchdog. */
  private readonly failover: Failover;
  /** Established calls waiting for a new connection (re-INVITE with ICE restart). */
  private readonly recovery: CallRecovery;
  /** The keep-alive of each live connection (started once it first registers). */
  private readonly keepAlives = new WeakMap<ConnectionScope, KeepAlive>();
  /** The registration of each live connection (for "Retry now"). */
  private readonly registrations = new WeakMap<ConnectionScope, Registration>();
  private readonly messageWaiting: MessageWaiting;
  private readonly presencePublication: PresencePublication;
  private readonly contactWatch: ContactWatch;
  private readonly calls: CallRegistry;
  private readonly controls: InCallControls;
  private readonly outgoing: OutgoingCalls;
  private readonly answerers: AnswererWatch;
  private readonly incoming: IncomingCalls;
  private readonly transfers: Transfers;

  /** Why these settings cannot be used, if they can't. */
  readonly configProblem?: RegistrationReason;

  constructor(init: PhoneClientInit, seams: PhoneClientSeams = {}) {
    // A copy: applySettings() changes devices, DTMF mode and contacts of this running client in
    // place (ContactWatch reads this contacts array on each watch()).
    const settings = { ...init.settings, contacts: [...init.settings.contacts] };
    this.settings = settings;
    this.delegate = init.delegate;
    this.presence = init.presence;
    const aor = settings.aor;
    // Settings may come from the embed API unchecked: anything that could break a header is
    // reported on connect() as a failed registration (never sent, never thrown at a caller).
    if (!UserAgent.makeURI(aor)) this.configProblem = { kind: 'invalid-address', address: aor };
    else if (!isSafeDigestUsername(settings.authUser)) this.configProblem = { kind: 'unsafe-auth-user' };

    this.failover = new Failover(settings.serverUrl);
    this.connector = new Connector(
      {
        // One UserAgent for every connection and server: sessions and the registration carry over.
        makeUserAgent: () =>
          makeUserAgent({
            settings,
            password: init.password,
            gate: this.gate,
            seams,
            rotation: this.failover.rotation,
            earlySocket: init.earlySocket,
            onInvite: (invitation) => this.onInvite(invitation),
            onDisconnect: (error) => {
              const scope = this.connector.current;
              if (scope)
                this.connector.lost(scope.id, { kind: error ? 'connection-closed' : 'disconnected' });
            },
          }),
        started: (scope, server) => {
          this.delegate.onServerChange?.(server);
          this.connectionStarted(scope);
        },
        // Established calls wait for the next connection (calls/call-recovery.ts); others end.
        lost: () => this.recovery.connectionLost(),
        report: (state, detail, nextRetryAt) => this.setRegistration(state, detail, nextRetryAt),
      },
      this.failover.rotation,
    );
    this.messageWaiting = new MessageWaiting(aor, (summary) => this.delegate.onMessageSummary?.(summary));
    this.presencePublication = new PresencePublication(aor, () => this.presence);
    this.contactWatch = new ContactWatch(aor, settings.contacts, (contact, presence) =>
      this.delegate.onContactPresence?.(contact, presence),
    );
    this.calls = new CallRegistry({
      onCallUpdate: (call) => this.delegate.onCallUpdate?.(call),
      speakerId: () => settings.speakerId,
      audioBlocked: () => this.delegate.onError?.({ kind: 'audio-blocked' }),
      tracked: (call) => {
        this.transfers.watch(call);
        watchCancelReason(call);
      },
      onTrack: (call) => this.controls.track(call),
    });
    const onError = (problem: PhoneProblem) => this.delegate.onError?.(problem);
    const goodbyes = new Goodbyes();
    this.controls = new InCallControls(this.calls, settings, onError, goodbyes);
    // Who answers the calls we place: read from the responses the gate passes (answerer-watch.ts).
    this.answerers = new AnswererWatch(this.calls);
    this.gate.tapResponses((text) => this.answerers.onResponse(text));
    // OPTIONS and MESSAGE tell a prober no more than a call would (Appear Offline → 480).
    this.gate.answerOutOfDialog((method) => outOfDialogAnswer(method, this.presence));
    this.recovery = new CallRecovery(this.calls, settings, goodbyes);
    this.outgoing = new OutgoingCalls(settings, this.calls, this.controls, {
      userAgent: () => {
        const scope = this.connector.current;
        if (!scope) throw new PhoneError({ kind: 'not-connected' });
        return scope.ua;
      },
      registered: () => this.registration === 'registered',
      server: () => this.connector.server,
      placed: (call, callId, cseq) => this.answerers.watch(call, callId, cseq),
    });
    this.incoming = new IncomingCalls(settings, this.calls, {
      presence: () => this.presence,
      refused: (facts, peerName, status, sipCallId) =>
        this.delegate.onIncomingRefused?.(facts, peerName, status, sipCallId),
      noteRefused: (status, reason) => this.gate.noteRefused(status, reason),
      replaces: (invitation) =>
        takeOverReplacedCall(invitation, this.calls, settings, this.controls, (status, reason) =>
          this.gate.noteRefused(status, reason),
        ),
    });
    this.transfers = new Transfers(this.calls, settings, {
      dialTarget: (input) => dialTarget(input, aor),
      onError,
      hangUp: (call) => this.controls.hangupCall(call),
      holdOthers: (keep) => this.controls.holdOthers(keep),
    });
  }

  connect(): void {
    if (this.disposed || this.connector.current) return;
    if (this.configProblem) {
      this.setRegistration('failed', this.configProblem);
      return;
    }
    this.connecting = true;
    this.connector.open();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.recovery.dispose();
    for (const call of this.calls.all()) this.controls.hangupCall(call);
    // Every goodbye goes out now, in this task: when the page is being closed or reloaded
    // (pagehide) there is no later (ConnectionScope.signOut).
    this.connector.signOut();
    this.setRegistration('signed-out');
  }

  setPresence(presence: PresenceState): void {
    const changed = presence !== this.presence;
    this.presence = presence;
    if (changed && this.registration === 'registered') this.presencePublication.changed();
  }

  networkLost(): void {
    const scope = this.connector.current;
    if (scope) this.connector.lost(scope.id, { kind: 'browser-offline' });
  }

  checkConnection(): void {
    if (this.disposed || !this.connecting) return;
    this.connector.checkNow((scope) => {
      const keepAlive = this.keepAlives.get(scope);
      if (keepAlive?.active) keepAlive.probeNow();
    });
  }

  /**
   * The user pressed "Retry now": a refused REGISTER waiting for its Retry-After or backoff is
   * sent again at once; without a connection, a new one is opened at once.
   */
  retryNow(): void {
    if (this.disposed || !this.connecting) return;
    this.connector.checkNow((scope) => {
      if (this.registration === 'registered') this.keepAlives.get(scope)?.probeNow();
      else this.registrations.get(scope)?.register();
    });
  }

  call(target: string, options: OutgoingCallOptions): string {
    return this.outgoing.call(target, options);
  }

  callVoicemail(): string {
    return this.outgoing.callVoicemail();
  }

  answer(callId: string): void {
    this.controls.answer(callId);
  }

  decline(callId: string): void {
    this.controls.decline(callId);
  }

  hangup(callId: string): void {
    // A call waiting for a connection ends now; its BYE waits for one (calls/call-recovery.ts).
    if (this.recovery.hangUp(callId)) return;
    this.controls.hangup(callId);
  }

  setMuted(callId: string, muted: boolean): void {
    this.controls.setMuted(callId, muted);
  }

  setHeld(callId: string, held: boolean): void {
    this.controls.setHeld(callId, held);
  }

  sendDtmf(callId: string, tone: string): void {
    this.controls.sendDtmf(callId, tone);
  }

  sendToVoicemail(callId: string): void {
    sendToVoicemail(this.calls, this.settings.aor, callId);
  }

  transfer(callId: string, target: string, options?: BlindTransferOptions): void {
    this.transfers.blind(callId, target, options);
  }

  completeTransfer(callId: string, consultCallId: string): void {
    this.transfers.attended(callId, consultCallId);
  }

  /** Devices, DTMF mode and contacts take effect at once; live calls move to the new devices (media/). */
  applySettings(next: PhoneSettings): void {
    const s = this.settings;
    const change = {
      microphoneId: next.microphoneId !== s.microphoneId ? next.microphoneId : undefined,
      speakerId: next.speakerId !== s.speakerId ? next.speakerId : undefined,
    };
    s.dtmfMode = next.dtmfMode;
    s.microphoneId = next.microphoneId;
    s.speakerId = next.speakerId;
    if (next.contacts.join('\n') !== s.contacts.join('\n')) {
      s.contacts.splice(0, s.contacts.length, ...next.contacts);
      const scope = this.connector.current;
      if (scope && this.registration === 'registered') this.contactWatch.watch(scope);
    }
    const live = this.calls.all().map((c) => ({ ...c, silent: c.info.muted || c.info.held }));
    followDeviceChoice(live, change, (e) =>
      this.delegate.onError?.({ kind: 'device-switch-failed', error: errorText(e) }),
    );
  }

  /** The connection's UserAgent started: its parts join its scope, and registration begins. */
  private connectionStarted(scope: ConnectionScope): void {
    const keepAlive = new KeepAlive({
      intervalMs: KEEPALIVE_INTERVAL_MS,
      timeoutMs: KEEPALIVE_TIMEOUT_MS,
      probe: () => optionsProbe(scope.ua, this.settings.aor),
      onDead: (reason) => this.connector.lost(scope.id, reason),
    });
    this.keepAlives.set(scope, keepAlive);
    this.failover.watch(scope, (reason) => this.connector.lost(scope.id, reason));
    const registration = new Registration(
      scope,
      {
        state: () => this.registration,
        report: (state, detail, nextRetryAt) => this.setRegistration(state, detail, nextRetryAt),
        registered: () => this.registered(scope, keepAlive),
        refused: (detail) => {
          this.connector.refused(scope);
          this.setRegistration('failed', detail);
        },
        lost: (detail) => this.connector.lost(scope.id, detail),
      },
      this.failover.registererFor(scope.ua),
    );
    this.registrations.set(scope, registration);
    // Sign-out says goodbye in this order (ConnectionScope.signOut says why): presence, unregister,
    // then the unsubscribes, whose final NOTIFYs are what a closed page's connection dies of.
    scope.own({ abandon: () => keepAlive.stop() });
    scope.own(this.presencePublication);
    scope.own(registration);
    scope.own(this.messageWaiting);
    scope.own(this.contactWatch);
    registration.register();
  }

  private registered(scope: ConnectionScope, keepAlive: KeepAlive): void {
    this.connector.registered();
    const fresh = this.registration !== 'registered';
    this.setRegistration('registered');
    // The keep-alive runs as long as the connection does, registered or not.
    if (!keepAlive.active) keepAlive.start();
    if (fresh) {
      this.messageWaiting.subscribe(scope.ua);
      this.presencePublication.publish(scope.ua);
      this.contactWatch.watch(scope);
      this.recovery.reconnected();
    }
  }

  private onInvite(invitation: Invitation): void {
    if (this.connector.current) this.incoming.onInvite(invitation);
    else void invitation.reject({ statusCode: 503 }).catch(() => undefined);
  }

  private setRegistration(state: RegistrationState, reason?: RegistrationReason, nextRetryAt?: number): void {
    this.registration = state;
    this.delegate.onRegistrationChange?.(state, reason, nextRetryAt);
  }
}

export const createSipPhoneClient: PhoneClientFactory = (init) => new PhoneClient(init);

export type { InviteFacts };
