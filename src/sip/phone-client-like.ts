import type { CallPriority, CallPurpose, PresenceState } from '../protocol';
import type { PhoneSettings } from '../config/settings';
import type { PhoneClientDelegate } from './phone-client-delegate';
import type { EarlySocketSource } from './early-socket';

export interface OutgoingCallOptions {
  subject?: string;
  priority?: CallPriority;
  purpose: Extract<CallPurpose, 'call' | 'leave-message'>;
}

/** The surface of the SIP client the store drives; lets store tests use a fake. */
export interface PhoneClientLike {
  connect(): void;
  dispose(): void;
  /** Throws HeaderInjectionError (from src/protocol) for a Subject that could inject a header. */
  call(target: string, options: OutgoingCallOptions): string;
  callVoicemail(): string;
  answer(callId: string): void;
  decline(callId: string): void;
  hangup(callId: string): void;
  setMuted(callId: string, muted: boolean): void;
  setHeld(callId: string, held: boolean): void;
  sendDtmf(callId: string, tone: string): void;
  /**
   * A ringing call goes to the user's own voicemail (calls/send-to-voicemail.ts). Throws
   * PhoneError `no-diversion` for a Play-On-Phone call (MS-OCEXUM 3.2).
   */
  sendToVoicemail?(callId: string): void;
  /** Blind transfer (REFER) of a connected call to `target`, or into `target`'s mailbox. */
  transfer?(callId: string, target: string, options?: { toVoicemail?: boolean }): void;
  /** Attended transfer: `callId`'s peer replaces our consultation call `consultCallId`. */
  completeTransfer?(callId: string, consultCallId: string): void;
  setPresence(presence: PresenceState): void;
  /** The browser went offline: the connection counts as lost (a new one is tried with backoff). */
  networkLost(): void;
  /**
   * The network may be back, or the user came back to the page: reconnect now instead of sitting
   * out the backoff, or probe a live connection at once.
   */
  checkConnection(): void;
  /** "Retry now": a REGISTER or connection waiting for its backoff is tried at once. */
  retryNow?(): void;
  /** Devices and DTMF mode from the settings panel, at once: live calls move to the new devices. */
  applySettings?(settings: PhoneSettings): void;
}

export interface PhoneClientInit {
  settings: PhoneSettings;
  password: string;
  delegate: PhoneClientDelegate;
  presence: PresenceState;
  /** A WebSocket opened while the sign-in form was up, offered to the first connection (early-socket.ts). */
  earlySocket?: EarlySocketSource;
}

export type PhoneClientFactory = (init: PhoneClientInit) => PhoneClientLike;
