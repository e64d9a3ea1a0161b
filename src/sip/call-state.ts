import type { InviteFacts } from '../protocol';
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

/** What the user set out to do; shapes the labels the UI shows. */
export type CallPurpose =
  /** An ordinary call. */
  | 'call'
  /** Subscriber access to the user's own mailbox (MS-OCEXUM 3.1). */
  | 'voicemail'
  /** Deposit: leave a message in someone else's mailbox (MS-OCEXUM 2.2.3). */
  | 'leave-message'
  /** Incoming Play-On-Phone dial-out from the voicemail server (MS-OCEXUM 3.2). */
  | 'play-on-phone';

export type Priority = 'urgent' | 'normal' | 'non-urgent' | 'emergency';

/**
 * What the voicemail server was told about a call to this user by the proxy, as an MS-EUMR 3.2
 * user notification (3.2.4.1 missed, 3.2.4.2 answered elsewhere, 3.2.4.3 forbidden).
 */
export interface CallReport {
  type: 'missed' | 'answered' | 'forbidden';
  /** Missed calls (3.2.4.1): the caller hung up first, or every destination said no. */
  missedReason?: 'CallerReleased' | 'Declined';
  /** Where the proxy sent the call instead (a forwarding target), for answered/forbidden. */
  target?: string;
  /** Who answered it there (answered elsewhere). */
  answeredBy?: string;
  /** When the proxy reported it (epoch ms). */
  reportedAt: number;
}

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
  /** The voicemail server's report on this call, once the phone has fetched it. */
  report?: CallReport;
}

export type RegistrationState =
  'signed-out' | 'connecting' | 'registering' | 'registered' | 'reconnecting' | 'failed';
