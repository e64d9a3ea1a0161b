import type { CallAnswerer, CallPurpose, CallReport, InviteFacts } from '../protocol';
import type { CallEndReason } from './reasons';

/**
 * A call's life as the user sees it.
 *
 * ```
 * outgoing:  calling ──► connected ⇄ held ──► ended
 *               └──────────────────────────► ended (rejected, cancelled, failed)
 * incoming:  ringing ──► connected ⇄ held ──► ended
 *               └──────────────────────────► ended (declined, caller cancelled)
 * ```
 */
export type CallState = 'calling' | 'ringing' | 'connected' | 'held' | 'ended';

export interface CallInfo {
  id: string;
  direction: 'incoming' | 'outgoing';
  purpose: CallPurpose;
  state: CallState;
  /** The other party's URI (for voicemail calls: the mailbox URI). */
  peerUri: string;
  /** Remote display name, shown as text only. */
  peerName?: string;
  subject?: string;
  /** Lower-cased RFC 3261 §20.26 value. */
  priority?: string;
  urgent: boolean;
  /** Incoming only: the facts read from the INVITE. */
  facts?: InviteFacts;
  /** Outgoing voicemail: whether Ms-Exchange-Command: skip-pin was sent. */
  skipPin?: boolean;
  muted: boolean;
  /**
   * The user's side wants this call on hold (placing or answering another call, or Hold): its
   * microphone and speaker are off at once; `state` becomes `held` when the far end accepts.
   */
  held: boolean;
  startedAt: number;
  connectedAt?: number;
  endedAt?: number;
  /** Why the call ended, as the SIP layer reports it (rendered by src/i18n). */
  ended?: CallEndReason;
  /**
   * Why the call ended in English words (e.g. "Busy (486)"): filled in by the store from `ended`
   * (or for calls the store makes itself), for the embed API and the stored history.
   */
  endReason?: string;
  /** SIP status of a failed/rejected outgoing call, if any. */
  endStatus?: number;
  /** Incoming only: the INVITE's Call-ID, which ties a server report (MS-EUMR 3.2) to this call. */
  sipCallId?: string;
  /** A call made or taken over because of a transfer: the transferor's address (RFC 3892). */
  transferredBy?: string;
  /** The voicemail server's report on this call, once the phone has fetched it. */
  report?: CallReport;
  /** Outgoing only: a provisional response said the call is being forwarded (181, Diversion, History-Info). */
  forwarded?: boolean;
  /** Outgoing only, once answered: who answered, as the wire said (src/protocol/call-diversion). */
  answeredBy?: CallAnswerer;
  /** The far end put this call on hold: its last offer was sendonly or inactive (RFC 3264 §8.4). */
  remoteHeld?: boolean;
}

export type RegistrationState =
  'signed-out' | 'connecting' | 'registering' | 'registered' | 'reconnecting' | 'failed';
