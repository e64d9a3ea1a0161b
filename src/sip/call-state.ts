import type { CallPurpose, CallReport, InviteFacts } from '../protocol';
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
