import {
  Invitation,
  Inviter,
  Registerer,
  RegistererState,
  SessionState,
  Subscriber,
  UserAgent,
  type Core,
  type Session,
  type SessionInviteOptions,
} from 'sip.js';
import {
  SessionDescriptionHandler,
  type SessionDescriptionHandlerOptions,
} from 'sip.js/lib/platform/web/session-description-handler/index.js';
import {
  incomingCallDecision,
  inspectInvite,
  isTrustedTransport,
  outgoingCallHeaders,
  parseMessageSummary,
  voicemailUri,
  type InviteFacts,
  type PresenceState,
} from '../protocol';
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

/** How many live calls we accept before answering further INVITEs with 486 Busy Here. */
const MAX_LIVE_CALLS = 4;
/** Registration lifetime asked of the registrar (seconds). */
const REGISTER_EXPIRES = 300;

const AUDIO_ONLY: SessionDescriptionHandlerOptions = { constraints: { audio: true, video: false } };

interface ManagedCall {
  info: CallInfo;
  session: Session;
  audio?: HTMLAudioElement;
}

/**
 * The phone's only SIP endpoint: owns the SIP.js UserAgent, Registerer and sessions,
 * applies the MS-OCEXUM client rules from src/protocol, and reports through a delegate.
 */
export class PhoneClient implements PhoneClientLike {
  private readonly settings: PhoneSettings;
  private readonly delegate: PhoneClientDelegate;
  private readonly aor: string;
  private presence: PresenceState;
  private ua?: UserAgent;
  private registerer?: Registerer;
  private readonly calls = new Map<string, ManagedCall>();
  private callSeq = 0;
  private disposed = false;
  private registration: RegistrationState = 'signed-out';
  private mwi?: Subscriber;

  constructor(init: PhoneClientInit) {
    this.settings = init.settings;
    this.delegate = init.delegate;
    this.presence = init.presence;
    this.aor = init.settings.aor;
    const uri = UserAgent.makeURI(this.aor);
    if (!uri) throw new Error(`“${this.aor}” is not a valid SIP address.`);
    const iceServers = init.settings.iceServers.map((urls) => ({ urls }));
    this.ua = new UserAgent({
      uri,
      displayName: init.settings.displayName || undefined,
      authorizationUsername: init.settings.authUser || uri.user || undefined,
      authorizationPassword: init.password,
      transportOptions: { server: init.settings.serverUrl },
      userAgentString: 'UM Phone/0.1 (SIP.js 0.21)',
      logBuiltinEnabled: false,
      sessionDescriptionHandlerFactoryOptions: {
        // No public STUN default: with no servers configured, host candidates only (LAB-NOTES).
        peerConnectionConfiguration: { iceServers },
        iceGatheringTimeout: iceServers.length > 0 ? 500 : 5000,
      },
      delegate: {
        onInvite: (invitation) => this.onInvite(invitation),
        onDisconnect: (error) => this.onTransportDisconnect(error),
      },
    });
  }

  connect(): void {
    void this.start();
  }

  private async start(): Promise<void> {
    const ua = this.ua;
    if (!ua || this.disposed) return;
    this.setRegistration('connecting');
    try {
      await ua.start();
    } catch (e) {
      this.setRegistration('failed', `Cannot reach ${this.settings.serverUrl}: ${errorText(e)}`);
      return;
    }
    if (this.disposed) return;
    this.registerer ??= this.createRegisterer(ua);
    this.register();
  }

  private createRegisterer(ua: UserAgent): Registerer {
    const registerer = new Registerer(ua, { expires: REGISTER_EXPIRES });
    registerer.stateChange.addListener((state) => {
      switch (state) {
        case RegistererState.Registered:
          this.setRegistration('registered');
          this.subscribeMessageSummary();
          break;
        case RegistererState.Unregistered:
          if (this.registration === 'registered') this.setRegistration('failed', 'Registration expired');
          break;
        case RegistererState.Initial:
        case RegistererState.Terminated:
          break;
      }
    });
    return registerer;
  }

  private register(): void {
    const registerer = this.registerer;
    if (!registerer) return;
    this.setRegistration('registering');
    registerer
      .register({
        requestDelegate: {
          onReject: (response) => {
            const code = response.message.statusCode;
            const detail =
              code === 401 || code === 403 || code === 407
                ? 'Wrong user name or password'
                : `${response.message.reasonPhrase} (${code})`;
            this.setRegistration('failed', detail);
          },
        },
      })
      .catch((e: unknown) => this.setRegistration('failed', errorText(e)));
  }

  private onTransportDisconnect(error?: Error): void {
    if (this.disposed) return;
    // Calls cannot survive without signalling here; end them cleanly rather than leave them stuck.
    for (const call of [...this.calls.values()]) {
      this.finish(call, 'Connection to the server lost');
    }
    this.setRegistration('reconnecting', error ? error.message : 'Connection closed');
    this.scheduleReconnect(0);
  }

  private reconnectTimer?: ReturnType<typeof setTimeout>;

  private scheduleReconnect(attempt: number): void {
    clearTimeout(this.reconnectTimer);
    // Exponential backoff with full jitter, first retry under 1 s, capped at 30 s.
    const delay = Math.random() * Math.min(30_000, 1000 * 2 ** attempt);
    this.reconnectTimer = setTimeout(() => {
      const ua = this.ua;
      if (!ua || this.disposed) return;
      ua.reconnect()
        .then(() => this.register())
        .catch(() => this.scheduleReconnect(attempt + 1));
    }, delay);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.reconnectTimer);
    for (const call of [...this.calls.values()]) this.hangupCall(call);
    const ua = this.ua;
    const registerer = this.registerer;
    const mwi = this.mwi;
    this.ua = undefined;
    this.registerer = undefined;
    this.mwi = undefined;
    void (async () => {
      try {
        await mwi?.unsubscribe();
      } catch {
        // The subscription expires by itself.
      }
      try {
        if (registerer && registerer.state === RegistererState.Registered) await registerer.unregister();
      } catch {
        // Best effort: the registration expires by itself.
      }
      try {
        await ua?.stop();
      } catch {
        // Already stopped.
      }
    })();
    this.setRegistration('signed-out');
  }

  /**
   * Message waiting (RFC 3842): SUBSCRIBE to our own `message-summary`; the voicemail server
   * PUBLISHes to the proxy's presence server on every mailbox change. Renewed after each
   * (re-)registration, since a lost connection loses the subscription dialog too.
   */
  private subscribeMessageSummary(): void {
    const ua = this.ua;
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
    this.presence = presence;
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
      sessionDescriptionHandlerOptions: AUDIO_ONLY,
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

  // ---- incoming ----

  private onInvite(invitation: Invitation): void {
    const facts = inspectInvite(invitation.request.data, this.aor);
    const peerName = invitation.remoteIdentity.displayName || undefined;
    const decision = incomingCallDecision(facts, this.presence);
    if (decision.action === 'reject') {
      // Appear Offline → 480, Do Not Disturb → 486; the phone never rings (MS-OCEXUM 3.2 exempts Play-On-Phone).
      void invitation
        .reject({ statusCode: decision.status, reasonPhrase: decision.reason })
        .catch(() => undefined);
      this.delegate.onIncomingRefused?.(facts, peerName, decision.status);
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
    });
    void invitation.progress().catch(() => undefined);
  }

  answer(callId: string): void {
    const call = this.get(callId);
    if (!(call.session instanceof Invitation) || call.info.state !== 'ringing') return;
    this.holdOthers(callId);
    void call.session.accept({ sessionDescriptionHandlerOptions: AUDIO_ONLY }).catch((e: unknown) => {
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
    const reInvite: SessionDescriptionHandlerOptions = { ...AUDIO_ONLY, hold: held };
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
    if (sdh instanceof SessionDescriptionHandler) {
      if (!sdh.sendDtmf(tone, { duration: 160, interToneGap: 70 })) {
        this.delegate.onError?.('This call cannot send keypad tones.');
      }
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
    if (!this.ua) throw new Error('Not signed in.');
    return this.ua;
  }

  private setRegistration(state: RegistrationState, detail?: string): void {
    this.registration = state;
    this.delegate.onRegistrationChange?.(state, detail);
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export const createSipPhoneClient: PhoneClientFactory = (init) => new PhoneClient(init);

export type { InviteFacts };
