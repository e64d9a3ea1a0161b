/**
 * What the user does to a call: answer, decline, hang up, mute, hold and resume (with call
 * waiting: answering or placing a call holds the others), and keypad tones.
 */
import { Invitation, Inviter, SessionState, type SessionInviteOptions } from 'sip.js';
import {
  SessionDescriptionHandler,
  type SessionDescriptionHandlerOptions,
} from 'sip.js/lib/platform/web/session-description-handler/index.js';
import type { PhoneSettings } from '../../config/settings';
import { PhoneError, errorText, type PhoneProblem } from '../reasons';
import type { CallRegistry, ManagedCall } from './call-registry';

const AUDIO_ONLY: SessionDescriptionHandlerOptions = { constraints: { audio: true, video: false } };

/** Audio only, from the chosen microphone if any (an ideal, not exact: a missing device falls back). */
export function audioOptions(settings: PhoneSettings): SessionDescriptionHandlerOptions {
  const deviceId = settings.microphoneId;
  return deviceId ? { constraints: { audio: { deviceId }, video: false } } : AUDIO_ONLY;
}

export class InCallControls {
  constructor(
    private readonly calls: CallRegistry,
    private readonly settings: PhoneSettings,
    private readonly onError: (problem: PhoneProblem) => void,
  ) {}

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
          void s.bye().catch(() => undefined);
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

  setHeld(callId: string, held: boolean): void {
    const call = this.calls.get(callId);
    if (held === call.info.held) return;
    if (!held) this.holdOthers(callId);
    this.reinviteHold(call, held);
  }

  /** Puts every established call except `keep` on hold (call waiting). */
  holdOthers(keep: string | undefined): void {
    for (const other of this.calls.all()) {
      if (other.info.id !== keep && other.info.state === 'connected') this.reinviteHold(other, true);
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

  private reinviteHold(call: ManagedCall, held: boolean): void {
    if (call.session.state !== SessionState.Established) return;
    // Hold is a re-INVITE with a sendonly/inactive offer (RFC 3264 §8.4).
    const reInvite: SessionDescriptionHandlerOptions = { ...audioOptions(this.settings), hold: held };
    call.session.sessionDescriptionHandlerOptionsReInvite = reInvite;
    const options: SessionInviteOptions = {
      requestDelegate: {
        onAccept: () => {
          call.info = { ...call.info, held, state: held ? 'held' : 'connected' };
          this.applyTrackState(call);
          this.calls.emit(call);
        },
        onReject: () => this.onError({ kind: held ? 'hold-refused' : 'resume-refused' }),
      },
    };
    call.session
      .invite(options)
      .catch((e: unknown) => this.onError({ kind: 'hold-failed', error: errorText(e) }));
  }

  private applyTrackState(call: ManagedCall): void {
    const sdh = call.session.sessionDescriptionHandler;
    if (sdh instanceof SessionDescriptionHandler) {
      sdh.enableSenderTracks(!call.info.muted && !call.info.held);
      sdh.enableReceiverTracks(!call.info.held);
    }
  }
}
