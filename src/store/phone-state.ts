/**
 * The phone store's shape: the state the views read, the actions they call, and what a store is
 * made from (phone-store.ts makes it).
 */
import type { StoreApi } from 'zustand/vanilla';
import type { CallPriority, ParsedPresence, PresenceState } from '../protocol';
import type { PhoneSettings } from '../config/settings';
import type { CallInfo, RegistrationState } from '../sip/call-state';
import type { RegistrationReason, SipReason } from '../sip/reasons';
import type { PhoneClientFactory } from '../sip/phone-client-like';
import type { VoicemailApiLike } from '../um-api/voicemail-api';
import type { VoicemailState } from './voicemail-slice';
import type { BrowserSignals } from './browser-signals';

/** A call a link asked for that needs the user's word first (e.g. its Subject cannot be sent). */
export interface DialDraft {
  id: number;
  target: string;
  options: CallOptions;
}

export interface CallOptions {
  subject?: string;
  priority?: CallPriority;
}

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  /** In English (the embed API's words); the UI renders `reason` in the user's language when set. */
  text: string;
  reason?: SipReason;
}

export interface PhoneActions {
  /** Connect and register with these settings; the password is kept in memory only. */
  signIn(settings: PhoneSettings, password: string): void;
  signOut(): void;
  /** Save settings (without signing in again). */
  updateSettings(settings: PhoneSettings): void;
  call(target: string, options?: CallOptions): void;
  /** Subscriber access to the user's own mailbox (MS-OCEXUM 3.1). */
  callVoicemail(): void;
  /** Deposit a message in `target`'s mailbox (MS-OCEXUM 2.2.3). */
  leaveMessage(target: string, options?: CallOptions): void;
  answer(callId: string): void;
  decline(callId: string): void;
  hangup(callId: string): void;
  setMuted(callId: string, muted: boolean): void;
  setHeld(callId: string, held: boolean): void;
  sendDtmf(callId: string, tone: string): void;
  /** A ringing call goes to the user's own mailbox (never a Play-On-Phone call, MS-OCEXUM 3.2). */
  sendToVoicemail(callId: string): void;
  /** Blind transfer of a connected call to `target`, or into `target`'s mailbox. */
  transfer(callId: string, target: string, options?: { toVoicemail?: boolean }): void;
  /** Attended transfer: `callId`'s peer takes the place of our consultation call. */
  completeTransfer(callId: string, consultCallId: string): void;
  setPresence(presence: PresenceState): void;
  dismissNotice(): void;
  /** Fetch the message list from the voicemail server's web API. */
  refreshVoicemail(): void;
  /** Ask the voicemail server to play a message on this phone (MS-OCEXUM 3.2, Play-On-Phone). */
  playOnPhone(messageId: string): void;
  /** Mark a voice message read or unread on the server (its MWI count follows). */
  setVoicemailHeard(messageId: string, heard: boolean): void;
  /** Delete a voice message; Undo is offered for a while (voicemail.undo). */
  deleteVoicemail(messageId: string): void;
  undoDeleteVoicemail(): void;
  /** A voice message's recording, fetched with the user's credentials, for the in-browser player. */
  fetchVoicemailAudio(messageId: string): Promise<Blob>;
  /** Speak this BCP 47 language if supported ("de", "de-AT"); undefined: follow the browser. */
  setLanguage(language: string | undefined): void;
  /** Reconnecting: try now instead of sitting out the backoff. */
  retryNow(): void;
  /** Back to the sign-in form (the password stays in memory for it); calls end. */
  changeSettings(): void;
  /** The password of the last sign-in, kept in memory only (never stored) for a retry. */
  retryPassword(): string;
  /** Settings that apply at once to the running phone (devices, DTMF, contacts): no new sign-in. */
  applySettings(settings: PhoneSettings): void;
  /** Put a call into the dialer for the user to confirm or edit, instead of placing it. */
  proposeDial(target: string, options: CallOptions): void;
  clearDialDraft(): void;
}

export interface PhoneState {
  settings: PhoneSettings;
  registration: RegistrationState;
  /** Why the registration is in its state, in English (the embed API's words). */
  registrationDetail?: string;
  /** The same, as the SIP layer reported it: the header renders it in the user's language. */
  registrationReason?: RegistrationReason;
  /** While reconnecting: when the next attempt happens (epoch ms). */
  nextRetryAt?: number;
  /** The server (of the Server URL list) the phone connected to last: the header shows it. */
  server?: string;
  presence: PresenceState;
  /** Live calls, oldest first. */
  calls: CallInfo[];
  /** The call that ended last, so the UI can say how it ended. */
  lastEnded?: CallInfo;
  /** Ended and refused calls, newest first. */
  history: CallInfo[];
  notice?: Notice;
  voicemail: VoicemailState;
  /**
   * The contacts' presence as last NOTIFYed, keyed by the address as written in
   * `settings.contacts`; a contact not in here yet is shown as unknown. The note is remote text.
   */
  contacts: Record<string, ParsedPresence>;
  /** The requested UI language (a `lang` attribute or setting); undefined: the browser's. */
  language?: string;
  /** This sign-in has been registered at least once (a later loss reconnects; an earlier one returns to the form). */
  registeredOnce?: boolean;
  /** A call waiting in the dialer for the user's decision (see proposeDial). */
  dialDraft?: DialDraft;
  actions: PhoneActions;
}

export type PhoneStore = StoreApi<PhoneState>;

export interface PhoneStoreDeps {
  createClient: PhoneClientFactory;
  storage?: Storage;
  now?: () => number;
  /** The UI language to start with (see PhoneState.language). */
  language?: string;
  /** Online/offline/visibility/pagehide/pageshow; the real browser's by default. */
  browserSignals?: BrowserSignals;
  /** The voicemail web API for these settings and credentials; absent: no message list. */
  createVoicemailApi?: (
    baseUrl: string,
    credentials: { username: string; password: string },
  ) => VoicemailApiLike;
}
