/**
 * What the user does to a call: answer, decline, hang up, mute, hold and resume, and keypad tones.
 *
 * One active call: at most one call has a live microphone. Placing or answering a call, or
 * resuming a held one (Resume / Swap), first asks every other call to hold: its microphone and
 * speaker go off at once, and its hold re-INVITE goes out through its HoldQueue as soon as the
 * session can take one. A call still ringing out is held the moment it is answered (its track is
 * already off). Ending the active call resumes nothing: the held calls wait for the user.
 */
import { Invitation, Inviter, SessionState } from 'sip.js';
import {
  SessionDescriptionHandler,
  type SessionDescriptionHandlerOptions,
} from 'sip.js/lib/platform/web/session-description-handler/index.js';
import type { PhoneSettings } from '../../config/settings';
import { PhoneError, errorText, type PhoneProblem } from '../reasons';
import type { CallRegistry, ManagedCall } from './call-registry';
import type { Goodbyes } from './goodbyes';
import { HoldQueue } from './hold-queue';
import { watchRemoteHold } from './remote-hold';

const AUDIO_ONLY: SessionDescriptionHandlerOptions = { constraints: { audio: true, video: false } };

/** Audio only, from the chosen microphone if any (an ideal, not exact: a missing device falls back). */
export function audioOptions(settings: PhoneSettings): SessionDescriptionHandlerOptions {
  const deviceId = settings.microphoneId;
  return deviceId ? { constraints: { audio: { deviceId }, video: false } } : AUDIO_ONLY;
}

export class InCallControls {
  private readonly holds = new WeakMap<ManagedCall, HoldQueue>();

  constructor(
    private readonly calls: CallRegistry,
    private readonly settings: PhoneSettings,
    private readonly onError: (problem: PhoneProblem) => void,
    /** Sends each BYE and keeps it until answered (a lost one goes again). */
    private readonly goodbyes: Goodbyes,
  ) {}

  /** Every call we track: the far end's hold is read, and its tracks follow our hold at once. */
  track(call: ManagedCall): void {
    watchRemoteHold(call, {
      changed: (c, remoteHeld) => {
        c.info = { ...c.info, remoteHeld };
        this.calls.emit(c);
      },
      settled: (c) => this.holds.get(c)?.kick(),
    });
    call.session.stateChange.addListener((state) => {
      if (state === SessionState.Established) this.applyTrackState(call);
    });
  }

  answer(callId: string): void {
    const call = this.calls.get(callId);
    if (!(call.session instanceof Invitation) || call.info.state !== 'ringing') return;
    this.holdOthers(callId);
    void call.session
      .accept({ sessionDescriptionHandlerOptions: audioOptions(this.settings) })
      .catch((e: unknown) => {
        this.calls.finish(call, { kind: 'answer-failed', error: errorText(e) });
      });
  }

  decline(callId: string): void {
    const call = this.calls.get(callId);
    if (call.session instanceof Invitation && call.info.state === 'ringing') {
      call.info = { ...call.info, ended: { kind: 'declined' } };
      // 603 Decline is what a person pressing "Decline" means (RFC 3261 §21.6.2).
      void call.session.reject({ statusCode: 603 }).catch(() => undefined);
    } else {
      this.hangupCall(call);
    }
  }

  hangup(callId: string): void {
    this.hangupCall(this.calls.get(callId));
  }

  hangupCall(call: ManagedCall): void {
    const s = call.session;
    call.info = { ...call.info, ended: call.info.ended ?? { kind: 'you-hung-up' } };
    try {
      switch (s.state) {
        case SessionState.Initial:
        case SessionState.Establishing:
          if (s instanceof Inviter) void s.cancel().catch(() => undefined);
          else if (s instanceof Invitation) void s.reject({ statusCode: 603 }).catch(() => undefined);
          break;
        case SessionState.Established:
          this.goodbyes.say(s);
          break;
        case SessionState.Terminating:
        case SessionState.Terminated:
          break;
      }
    } catch (e) {
      this.calls.finish(call, { kind: 'hangup-failed', error: errorText(e) });
    }
  }

  setMuted(callId: string, muted: boolean): void {
    const call = this.calls.get(callId);
    call.info = { ...call.info, muted };
    this.applyTrackState(call);
    this.calls.emit(call);
  }

  /**
   * A call about to be answered held (its answer says sendonly): held here at once, microphone and
   * speaker off, and held on the wire from the start, so no re-INVITE follows the answer.
   */
  answerHeld(callId: string): void {
    const call = this.calls.get(callId);
    call.info = { ...call.info, held: true };
    this.queueOf(call).answeredHeld();
    this.applyTrackState(call);
    this.calls.emit(call);
  }

  /** Hold, or Resume / Swap: resuming a call first holds every other one. */
  setHeld(callId: string, held: boolean): void {
    const call = this.calls.get(callId);
    if (!held) this.holdOthers(callId);
    this.wantHeld(call, held);
  }

  /**
   * Puts every call except `keep` on hold, a call still ringing out included (held when answered):
   * the one-active-call rule, before a call is placed, answered or resumed.
   */
  holdOthers(keep: string | undefined): void {
    for (const other of this.calls.all()) {
      if (other.info.id === keep) continue;
      const state = other.info.state;
      const outgoingRinging = state === 'calling' && other.info.direction === 'outgoing';
      if (outgoingRinging || state === 'connected' || state === 'held') this.wantHeld(other, true);
    }
  }

  sendDtmf(callId: string, tone: string): void {
    const call = this.calls.get(callId);
    if (!/^[0-9*#A-D]$/i.test(tone)) throw new PhoneError({ kind: 'invalid-tone', tone });
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
      this.onError({ kind: 'no-keypad-tones' });
    }
  }

  private wantHeld(call: ManagedCall, held: boolean): void {
    if (held !== call.info.held) {
      call.info = { ...call.info, held };
      this.applyTrackState(call);
      this.calls.emit(call);
    }
    this.queueOf(call).want(held);
  }

  private queueOf(call: ManagedCall): HoldQueue {
    const existing = this.holds.get(call);
    if (existing) return existing;
    const queue = new HoldQueue(call.session, {
      // Hold is a re-INVITE with a sendonly offer (RFC 3264 §8.4), from the chosen microphone.
      reinviteOptions: (held) => ({ ...audioOptions(this.settings), hold: held }),
      settled: (held) => {
        call.info = { ...call.info, state: held ? 'held' : 'connected' };
        this.applyTrackState(call);
        this.calls.emit(call);
      },
      refused: (held, error) => {
        if (error !== undefined) this.onError({ kind: 'hold-failed', error });
        else this.onError({ kind: held ? 'hold-refused' : 'resume-refused' });
        // A hold the far end refused still holds here (microphone and speaker off); a refused
        // resume leaves the call held. Either way no second microphone goes live.
        call.info = { ...call.info, held: true, state: 'held' };
        this.applyTrackState(call);
        this.calls.emit(call);
      },
    });
    this.holds.set(call, queue);
    return queue;
  }

  /** The microphone is live only for a call that is connected, not muted and not (being) held. */
  private applyTrackState(call: ManagedCall): void {
    const sdh = call.session.sessionDescriptionHandler;
    if (sdh instanceof SessionDescriptionHandler) {
      const live = !call.info.held && call.info.state !== 'held';
      sdh.enableSenderTracks(live && !call.info.muted);
      sdh.enableReceiverTracks(live);
    }
  }
}
