/**
 * The live calls: each SIP.js session with what the user sees of it (CallInfo), its life from
 * first update to `ended`, and the one place updates go upward. At most one `ended` per call.
 */
import { SessionState, type Session } from 'sip.js';
import type { CallInfo } from '../call-state';
import { PhoneError, type CallEndReason } from '../reasons';
import { attachRemoteAudio, stopRemoteAudio } from './remote-audio';

export interface ManagedCall {
  info: CallInfo;
  session: Session;
  audio?: HTMLAudioElement;
}

export interface CallRegistryHooks {
  onCallUpdate(call: CallInfo): void;
  /** The speaker chosen in settings ('' for the default). */
  speakerId(): string;
  /** The browser refused to play call audio until the user interacts with the page. */
  audioBlocked(): void;
  /** A session joined the registry (transfer.ts takes its REFERs). */
  tracked?(call: ManagedCall): void;
  /** A call is tracked, before its first update goes up (in-call controls watch its hold). */
  onTrack?(call: ManagedCall): void;
}

export class CallRegistry {
  private readonly calls = new Map<string, ManagedCall>();
  private callSeq = 0;

  constructor(private readonly hooks: CallRegistryHooks) {}

  /** How many calls are live (ringing, calling, connected or held). */
  get size(): number {
    return this.calls.size;
  }

  all(): ManagedCall[] {
    return [...this.calls.values()];
  }

  get(callId: string): ManagedCall {
    const call = this.calls.get(callId);
    if (!call) throw new PhoneError({ kind: 'call-already-ended' });
    return call;
  }

  track(session: Session, info: Omit<CallInfo, 'id' | 'muted' | 'held' | 'startedAt'>): ManagedCall {
    const call: ManagedCall = {
      session,
      info: { ...info, id: `call-${++this.callSeq}`, muted: false, held: false, startedAt: Date.now() },
    };
    this.calls.set(call.info.id, call);
    this.hooks.tracked?.(call);
    session.stateChange.addListener((state) => {
      switch (state) {
        case SessionState.Initial:
        case SessionState.Establishing:
        case SessionState.Terminating:
          break;
        case SessionState.Established:
          call.info = { ...call.info, state: 'connected', connectedAt: Date.now() };
          attachRemoteAudio(call, this.hooks.speakerId(), () => this.hooks.audioBlocked());
          this.emit(call);
          break;
        case SessionState.Terminated:
          // SIP.js moves to Terminated before it calls the request delegate's onReject, which
          // carries the final response's status: let that land first so the reason is precise.
          setTimeout(() => this.finish(call, call.info.ended ?? defaultEndReason(call)), 0);
          break;
      }
    });
    this.hooks.onTrack?.(call);
    this.emit(call);
    return call;
  }

  finish(call: ManagedCall, reason: CallEndReason): void {
    if (!this.calls.delete(call.info.id)) return;
    stopRemoteAudio(call);
    call.info = { ...call.info, state: 'ended', endedAt: Date.now(), ended: reason };
    this.emit(call);
  }

  emit(call: ManagedCall): void {
    this.hooks.onCallUpdate({ ...call.info });
  }
}

function defaultEndReason(call: ManagedCall): CallEndReason {
  if (call.info.connectedAt !== undefined) return { kind: 'remote-hung-up' };
  return call.info.direction === 'incoming' ? { kind: 'missed-caller-hung-up' } : { kind: 'call-failed' };
}
