/**
 * The public contract of the `<um-phone>` embed bundle, as host pages see it.
 *
 * This file holds declarations only, so the build copies it unchanged to `dist/embed/um-phone.d.ts`.
 * It is self-contained on purpose (no imports): host projects get one file. The implementation
 * (`index.ts`, `um-phone-element.tsx`) is checked against it by the compiler, so the two cannot drift.
 */

/** The user's own presence; `offline` is Appear Offline (still registered: Play-On-Phone rings). */
export type UmPhonePresence = 'available' | 'busy' | 'dnd' | 'brb' | 'away' | 'offline';

/** RFC 3261 §20.26 Priority of an outgoing call. */
export type UmPhonePriority = 'urgent' | 'normal' | 'non-urgent' | 'emergency';

export type UmPhoneRegistration =
  'signed-out' | 'connecting' | 'registering' | 'registered' | 'reconnecting' | 'failed';

export interface UmPhoneCallOptions {
  /** Sent as the SIP Subject header. Line breaks and other control characters are refused. */
  subject?: string;
  priority?: UmPhonePriority;
}

/** Digest credentials for the SIP proxy. `user` defaults to the `auth-user` attribute, then the AOR's user part. */
export interface UmPhoneCredentials {
  user?: string;
  password: string;
}

/** Called each time the element signs in (first time and after a configuration change). */
export type UmPhoneCredentialsProvider = () => UmPhoneCredentials | Promise<UmPhoneCredentials>;

/** A live call as the host page sees it. */
export interface UmPhoneCall {
  callId: string;
  direction: 'incoming' | 'outgoing';
  purpose: 'call' | 'voicemail' | 'leave-message' | 'play-on-phone';
  state: 'calling' | 'ringing' | 'connected' | 'held';
  peerUri: string;
  peerName?: string;
  subject?: string;
  priority?: string;
}

/** Facts read from an incoming INVITE (MS-OCEXUM 2.2.2-2.2.5, 3.2). Remote text: treat as data. */
export interface UmPhoneInviteFacts {
  fromUri: string;
  toUri: string;
  subject?: string;
  priority?: string;
  urgent: boolean;
  automaton: boolean;
  noDiversion: boolean;
  /** A Play-On-Phone call from the voicemail server for this user (MS-OCEXUM 3.2). */
  playOnPhone: boolean;
}

export interface UmPhoneIncomingDetail extends UmPhoneInviteFacts {
  callId: string;
  /** The caller's display name, if any. Remote text: render it as text only. */
  peerName?: string;
}

export interface UmPhoneRegisteredDetail {
  aor: string;
}

export interface UmPhoneUnregisteredDetail {
  registration: UmPhoneRegistration;
  reason?: string;
}

export interface UmPhoneCallEndedDetail {
  callId: string;
  direction: 'incoming' | 'outgoing';
  purpose: UmPhoneCall['purpose'];
  peerUri: string;
  peerName?: string;
  subject?: string;
  /** Whether the call was ever connected. */
  answered: boolean;
  /** Connected time in seconds (0 when never connected). */
  durationSeconds: number;
  /** SIP status of a failed or refused call, if any. */
  status?: number;
  /** Why it ended, in words for a person. */
  reason?: string;
}

export interface UmPhoneErrorDetail {
  message: string;
}

/** The DOM events a `<um-phone>` dispatches (CustomEvent; they bubble and cross shadow roots). */
export interface UmPhoneEventDetails {
  registered: UmPhoneRegisteredDetail;
  unregistered: UmPhoneUnregisteredDetail;
  /** Every incoming call that starts ringing, Play-On-Phone included. */
  incoming: UmPhoneIncomingDetail;
  /** An incoming Play-On-Phone call (fired after `incoming` for the same call). */
  'play-on-phone': UmPhoneIncomingDetail;
  'call-ended': UmPhoneCallEndedDetail;
  error: UmPhoneErrorDetail;
}

export type UmPhoneEventName = keyof UmPhoneEventDetails;

/** The methods and properties shared by the element and the iframe API. */
export interface UmPhoneApi {
  /** Calls a name (`bob`), an address (`bob@example.com`, `sip:…`) or a number (`+49 30 1234`, `tel:…`). */
  call(target: string, options?: UmPhoneCallOptions): void;
  /** Calls the user's own mailbox (skips the PIN on a trusted transport). */
  callVoicemail(): void;
  /** Answers `callId`, or the incoming call that rang first. */
  answer(callId?: string): void;
  /** Declines `callId`, or the incoming call that rang first. */
  decline(callId?: string): void;
  /** Ends `callId`, or the newest call in progress; a call still ringing in is declined. */
  hangup(callId?: string): void;
  setPresence(state: UmPhonePresence): void;
  signOut(): void;
}

/** The `<um-phone>` element. Attributes configure it; credentials only ever go through properties. */
export interface UmPhoneElementApi extends UmPhoneApi {
  /** Asked for credentials on every sign-in. Preferred over `password`. Never an attribute. */
  credentials: UmPhoneCredentialsProvider | null;
  /** The SIP password, kept in memory only. Write-only in spirit: reading it returns null. */
  password: string | null;
  readonly registration: UmPhoneRegistration;
  readonly presence: UmPhonePresence;
  readonly calls: readonly UmPhoneCall[];
}

export type UmPhoneEvent<K extends UmPhoneEventName> = CustomEvent<UmPhoneEventDetails[K]>;

export declare class UmPhoneElement extends HTMLElement implements UmPhoneElementApi {
  static readonly observedAttributes: readonly string[];
  credentials: UmPhoneCredentialsProvider | null;
  password: string | null;
  readonly registration: UmPhoneRegistration;
  readonly presence: UmPhonePresence;
  readonly calls: readonly UmPhoneCall[];
  call(target: string, options?: UmPhoneCallOptions): void;
  callVoicemail(): void;
  answer(callId?: string): void;
  decline(callId?: string): void;
  hangup(callId?: string): void;
  setPresence(state: UmPhonePresence): void;
  signOut(): void;
  addEventListener<K extends UmPhoneEventName>(
    type: K,
    listener: (this: UmPhoneElement, ev: UmPhoneEvent<K>) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends UmPhoneEventName>(
    type: K,
    listener: (this: UmPhoneElement, ev: UmPhoneEvent<K>) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

/** Anything click-to-dial can place a call with: a `<um-phone>` or a {@link UmPhoneFrame}. */
export interface UmPhoneDialer {
  call(target: string, options?: UmPhoneCallOptions): unknown;
}

/**
 * Turns clicks on `sip:`, `sips:` and `tel:` links inside `root` into calls on `phone`.
 * A link may carry `data-subject` and `data-priority`. Returns a function that turns it off.
 */
export declare function enableClickToDial(
  root: Document | Element | ShadowRoot,
  phone: UmPhoneDialer,
): () => void;

/**
 * The iframe API seen from the host page: the element's methods, each resolving once the frame has
 * done it (or rejecting with its error), and the element's events dispatched on this object.
 */
export interface UmPhoneFrame extends EventTarget {
  /** Configures the framed phone and signs it in (the same names as the element's attributes). */
  signIn(config: UmPhoneFrameConfig, credentials: UmPhoneCredentials): Promise<void>;
  /** The framed phone's state; also a way to wait until it listens. */
  getState(): Promise<{ registration: UmPhoneRegistration; presence: UmPhonePresence; calls: UmPhoneCall[] }>;
  call(target: string, options?: UmPhoneCallOptions): Promise<void>;
  callVoicemail(): Promise<void>;
  answer(callId?: string): Promise<void>;
  decline(callId?: string): Promise<void>;
  hangup(callId?: string): Promise<void>;
  setPresence(state: UmPhonePresence): Promise<void>;
  signOut(): Promise<void>;
  /** Stops listening to the frame. */
  close(): void;
}

export interface UmPhoneFrameConfig {
  server: string;
  aor: string;
  'auth-user'?: string;
  'display-name'?: string;
  'voicemail-api'?: string;
  'trusted-voicemail-hosts'?: string;
  'ice-servers'?: string;
}

/**
 * Talks to a UM Phone loaded in `iframe` with `?embed=iframe&allowedOrigins=<this page's origin>`.
 * `origin` is the frame's origin; messages from anywhere else are ignored.
 */
export declare function connectPhoneFrame(
  iframe: HTMLIFrameElement,
  options: { origin: string },
): UmPhoneFrame;

declare global {
  interface HTMLElementTagNameMap {
    'um-phone': UmPhoneElement;
  }
}
