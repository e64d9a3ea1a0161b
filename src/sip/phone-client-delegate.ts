import type { InviteFacts, MessageSummary, ParsedPresence } from '../protocol';
import type { CallInfo, RegistrationState } from './call-state';
import type { PhoneProblem, RegistrationReason } from './reasons';

/** How the SIP client reports upward. The store implements it; sip/ never imports the store. */
export interface PhoneClientDelegate {
  /**
   * Registration or transport state changed, and why. While `reconnecting`, `nextRetryAt`
   * (epoch ms) says when the next attempt happens.
   */
  onRegistrationChange?(state: RegistrationState, reason?: RegistrationReason, nextRetryAt?: number): void;
  /** A connection opened to `server` (one of the configured list): the header shows it. */
  onServerChange?(server: string): void;
  /** A new call appeared or an existing one changed (state, mute, hold, …). */
  onCallUpdate?(call: CallInfo): void;
  /**
   * An incoming call was answered automatically with an error because of presence
   * (Appear Offline → 480, Do Not Disturb → 486). It never rang.
   */
  onIncomingRefused?(
    facts: InviteFacts,
    peerName: string | undefined,
    status: number,
    sipCallId?: string,
  ): void;
  /** The voicemail server's message-waiting summary changed (RFC 3842 NOTIFY). */
  onMessageSummary?(summary: MessageSummary): void;
  /** A watched contact's presence changed (RFC 3856 NOTIFY carrying PIDF); `aor` as in settings. */
  onContactPresence?(aor: string, presence: ParsedPresence): void;
  /** Something the user should know that isn't tied to a call. */
  onError?(problem: PhoneProblem): void;
}
