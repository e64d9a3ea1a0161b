/**
 * Play-On-Phone (MS-OCEXUM 1.3 "dial out", 3.2; [MS-OXWUMS] PlayOnPhone,
 * GetCallInfo, DisconnectPhoneCall): the server calls the user and plays a
 * message.
 *
 * The INVITE goes through the proxy with From = To = the user's address
 * (3.2: the client rings even when "Appear Offline"), `Ms-Sensitivity:
 * private-no-diversion` (3.2: not diverted back to voicemail), a Contact
 * with `;automata` (2.2.5), and the message's Subject and Priority (2.2.3,
 * 2.2.4).
 *
 * Call states follow [MS-OXWUMS] UMCallState:
 *   idle --INVITE--> connecting --18x--> alerted --2xx--> connected --BYE--> disconnected
 *        any failure/cancel ------------------------------------------------> disconnected (eventCause)
 */
import { randomBytes } from 'node:crypto';
import type { CallLog, CallLogEntry } from '../calllog';
import type { MailboxStore } from '../mailbox/store';
import type { VoiceMessage } from '../mailbox/types';
import { AudioPlayer } from '../media/player';
import { MediaSession, type MediaSessionOptions } from '../media/session';
import type { PromptLibrary } from '../prompts';
import type { OutgoingInvite, SipUserAgent } from '../sip/user-agent';
import { messageHeaderText } from './announce';
import { CallEnded, UmCall } from './call';

/** [MS-OXWUMS] UMCallState, in the API's camelCase. */
export type CallState =
  | 'idle'
  | 'connecting'
  | 'alerted'
  | 'connected'
  | 'disconnected'
  | 'incoming'
  | 'transferring'
  | 'forwarding';

/** [MS-OXWUMS] UMEventCause, in the API's camelCase. */
export type EventCause = 'none' | 'userBusy' | 'noAnswer' | 'unavailable' | 'other';

export interface CallInfo {
  callState: CallState;
  eventCause: EventCause;
  /** Extension: the final SIP status of the INVITE (0 before any / none). */
  sipStatus: number;
  /** Extension: human-readable detail. */
  detail: string;
}

/** Maps a failed INVITE's final status to [MS-OXWUMS] EventCause. */
export function eventCauseForStatus(status: number): EventCause {
  switch (status) {
    case 486: // Busy Here
    case 600: // Busy Everywhere
    case 603: // Decline: the user refused the call
      return 'userBusy';
    case 408: // Request Timeout: nobody answered in time
      return 'noAnswer';
    case 480: // Temporarily Unavailable: not registered / not reachable
    case 410:
    case 503:
      return 'unavailable';
    default:
      return 'other';
  }
}

export interface PlayOnPhoneDeps {
  ua: SipUserAgent;
  store: MailboxStore;
  prompts: PromptLibrary;
  callLog: CallLog;
  domain: string;
  media: Omit<MediaSessionOptions, 'log'>;
  /** How long to let it ring before giving up (noAnswer). */
  ringSeconds: number;
  log: (line: string) => void;
}

export class PlayOnPhoneCall {
  readonly id = randomBytes(12).toString('base64url');
  state: CallState = 'idle';
  cause: EventCause = 'none';
  sipStatus = 0;
  detail = '';
  private invite: OutgoingInvite | undefined;
  private call: UmCall | undefined;
  private hangUpRequested = false;
  private ringTimer: NodeJS.Timeout | undefined;
  private timedOut = false;
  entry: CallLogEntry | undefined;
  /** Resolves when the call is over. */
  done: Promise<void> = Promise.resolve();

  constructor(
    readonly user: string,
    readonly target: string,
    readonly message: VoiceMessage,
    private readonly deps: PlayOnPhoneDeps,
  ) {}

  info(): CallInfo {
    return { callState: this.state, eventCause: this.cause, sipStatus: this.sipStatus, detail: this.detail };
  }

  start(): void {
    this.done = this.run().catch((error: unknown) => {
      this.deps.log(`play-on-phone ${this.id} failed: ${String(error)}`);
      this.finish('other', 'failed', String(error));
    });
  }

  /** [MS-OXWUMS] DisconnectPhoneCall: cancel while ringing, BYE when connected. */
  disconnect(): void {
    this.hangUpRequested = true;
    if (this.state === 'connected') void this.call?.hangUp();
    else this.invite?.cancel();
  }

  /** Server shutdown. */
  async shutdown(): Promise<void> {
    this.hangUpRequested = true;
    if (this.call) await this.call.shutdown();
    else this.invite?.cancel();
  }

  private async run(): Promise<void> {
    const { deps, message } = this;
    const aor = `sip:${this.user}@${deps.domain}`;
    const log = (line: string) => deps.log(`[pop ${this.id}] ${line}`);
    const { session, sdp } = await MediaSession.offer({ ...deps.media, log });
    const headers = [
      'Ms-Sensitivity: private-no-diversion',
      `Priority: ${message.priority === 'urgent' ? 'urgent' : 'normal'}`,
    ];
    if (message.subject) headers.push(`Subject: ${message.subject}`);
    if (this.hangUpRequested) {
      await session.close();
      this.finish('none', 'cancelled', 'disconnected before dialing');
      return;
    }
    this.state = 'connecting';
    const invite = deps.ua.invite({
      requestUri: this.target,
      // MS-OCEXUM 3.2: the URIs in From and To MUST match.
      from: `<${aor}>`,
      to: `<${aor}>`,
      sdpOffer: sdp,
      headers,
      onProvisional: (response) => {
        if (response.status >= 180 && this.state === 'connecting') this.state = 'alerted';
      },
    });
    this.invite = invite;
    this.entry = deps.callLog.start({
      id: this.id,
      kind: 'play-on-phone',
      mailbox: this.user,
      caller: this.target,
      sipCallId: invite.callId,
    });
    this.entry.messageId = message.id;
    this.ringTimer = setTimeout(() => {
      this.timedOut = true;
      invite.cancel();
    }, deps.ringSeconds * 1000);

    const result = await invite.result;
    clearTimeout(this.ringTimer);
    this.sipStatus = result.status;
    if (!result.dialog || result.sdpAnswer === undefined) {
      await session.close();
      if (this.timedOut) this.finish('noAnswer', 'not-answered', `no answer within ${deps.ringSeconds} s`);
      else if (this.hangUpRequested) this.finish('none', 'cancelled', 'disconnected while ringing');
      else if (result.status === 0) this.finish('other', 'failed', result.reason);
      else
        this.finish(eventCauseForStatus(result.status), 'not-answered', `${result.status} ${result.reason}`);
      return;
    }
    const dialog = result.dialog;
    try {
      await session.acceptAnswer(result.sdpAnswer);
    } catch (error) {
      await dialog.bye();
      await session.close();
      this.finish('other', 'failed', `unusable SDP answer: ${String(error)}`);
      return;
    }
    this.state = 'connected';
    const player = new AudioPlayer();
    const call = new UmCall(dialog, session, player, this.entry, deps.callLog);
    this.call = call;
    if (this.hangUpRequested) await call.hangUp();
    try {
      const connected = await call.mediaConnected();
      if (!connected) {
        if (call.isUp) {
          await call.hangUp();
          this.finish('other', 'failed', 'media did not connect');
        } else this.finish('none', 'caller-hung-up');
        return;
      }
      session.start(player.nextFrame);
      await call.pause(300);
      await call.say('play-on-phone-intro', await deps.prompts.get('play-on-phone-intro'), {
        bargeIn: false,
      });
      await call.say('message-header', await deps.prompts.speak(messageHeaderText(message)), {
        bargeIn: false,
      });
      let audio: Buffer | undefined;
      try {
        audio = await deps.store.readAudio(this.user, message.id);
      } catch {
        audio = undefined;
      }
      if (audio) {
        void deps.store.markHeard(this.user, message.id).catch(() => {});
        await call.say('message-audio', audio, { bargeIn: false });
      } else {
        await call.say('message-missing', await deps.prompts.get('message-missing'), { bargeIn: false });
      }
      await call.say('goodbye', await deps.prompts.get('goodbye'), { bargeIn: false });
      await call.hangUp();
      this.finish('none', 'played');
    } catch (error) {
      if (error instanceof CallEnded) {
        if (error.why === 'shutdown') this.finish('none', 'server-shutdown');
        else if (error.why === 'local-bye') this.finish('none', 'cancelled', 'disconnected by request');
        else this.finish('none', 'caller-hung-up');
        return;
      }
      throw error;
    }
  }

  private finish(cause: EventCause, outcome: Parameters<CallLog['finish']>[1], detail = ''): void {
    if (this.ringTimer) clearTimeout(this.ringTimer);
    if (this.state === 'disconnected') return;
    this.state = 'disconnected';
    this.cause = cause;
    this.detail = detail;
    if (this.entry) this.deps.callLog.finish(this.entry, outcome, detail);
  }
}

export class PlayOnPhoneManager {
  private readonly calls = new Map<string, PlayOnPhoneCall>();

  constructor(private readonly deps: PlayOnPhoneDeps) {}

  start(user: string, target: string, message: VoiceMessage): PlayOnPhoneCall {
    const call = new PlayOnPhoneCall(user, target, message, this.deps);
    this.calls.set(call.id, call);
    // Keep finished calls around for GetCallInfo for a while, then forget them.
    call.start();
    void call.done.then(() => setTimeout(() => this.calls.delete(call.id), 10 * 60 * 1000).unref());
    return call;
  }

  get(id: string): PlayOnPhoneCall | undefined {
    return this.calls.get(id);
  }

  get active(): PlayOnPhoneCall[] {
    return [...this.calls.values()].filter((c) => c.state !== 'disconnected');
  }

  async shutdown(): Promise<void> {
    await Promise.all(this.active.map((c) => c.shutdown()));
    await Promise.all([...this.calls.values()].map((c) => c.done));
  }
}
