/**
 * Why something happened, as the SIP layer reports it upward: a kind and its data, never a
 * sentence. src/i18n renders each kind in the user's language (`reasonText`); the store keeps an
 * English rendering where text leaves the app (the embed API, the stored call history).
 */

/** Why the phone is not (or not yet) registered: the header's detail. */
export type RegistrationReason =
  /** The SIP address in the settings cannot be used. */
  | { kind: 'invalid-address'; address: string }
  /** The auth user could break out of its quoted-string in the Authorization header. */
  | { kind: 'unsafe-auth-user' }
  /** A new connection attempt is under way. */
  | { kind: 'connecting' }
  | { kind: 'cannot-reach'; server: string; error: string }
  | { kind: 'connection-closed' }
  | { kind: 'disconnected' }
  | { kind: 'browser-offline' }
  /** The keep-alive OPTIONS got no answer at all (a half-open connection). */
  | { kind: 'keep-alive-unanswered'; seconds: number }
  | { kind: 'keep-alive-unsent'; error: string }
  /** 401/403/407 after the challenge was answered: wrong credentials, no further attempts. */
  | { kind: 'credentials-refused'; status: number }
  /** SIP.js's own timeout or transport error: no real answer to REGISTER. */
  | { kind: 'register-unanswered' }
  /** A final non-2xx from the registrar (retried after Retry-After or the backoff). */
  | { kind: 'register-refused'; status: number; reasonPhrase?: string }
  /** A 2xx that does not list our Contact. */
  | { kind: 'contact-not-confirmed' }
  | { kind: 'register-not-sent'; error: string }
  | { kind: 'registration-expired' }
  /** The SIP client's code (a separate chunk) could not be loaded. */
  | { kind: 'client-not-loaded'; error: string };

/** Why a call ended. */
export type CallEndReason =
  | { kind: 'connection-lost' }
  /** The connection was lost and no new one carried the call on within `seconds`. */
  | { kind: 'call-not-recovered'; seconds: number }
  /** Reconnected, but the other side refused to resume the call (481: it no longer knows it). */
  | { kind: 'call-resume-refused'; status: number }
  /** An outgoing call got a final failure response. */
  | { kind: 'rejected'; status: number; reasonPhrase: string }
  | { kind: 'call-failed'; error?: string }
  | { kind: 'answer-failed'; error: string }
  | { kind: 'declined' }
  | { kind: 'you-hung-up' }
  | { kind: 'hangup-failed'; error: string }
  | { kind: 'remote-hung-up' }
  | { kind: 'missed-caller-hung-up' }
  /** The user sent the ringing call to their voicemail. */
  | { kind: 'sent-to-voicemail' }
  /**
   * The proxy stopped this phone ringing because another of the user's devices answered (2xx),
   * sent the call on, e.g. to voicemail (3xx), or declined it (6xx): the CANCEL's Reason cause.
   */
  | { kind: 'handled-elsewhere'; status: number }
  /** The call was transferred (by us, or replaced by the transferred party's call). */
  | { kind: 'transferred' };

/** Something the user should know that is not a registration state or a call's end. */
export type PhoneProblem =
  | { kind: 'hold-refused' }
  | { kind: 'resume-refused' }
  | { kind: 'hold-failed'; error: string }
  | { kind: 'no-keypad-tones' }
  | { kind: 'audio-blocked' }
  | { kind: 'no-dial-target' }
  | { kind: 'invalid-target'; input: string }
  | { kind: 'no-digits' }
  | { kind: 'not-registered' }
  | { kind: 'not-connected' }
  | { kind: 'call-already-ended' }
  /** Send to voicemail on a call that is not ringing. */
  | { kind: 'not-ringing' }
  /** Send to voicemail on a call that must not be diverted (MS-OCEXUM 3.2, Play-On-Phone). */
  | { kind: 'no-diversion' }
  /** Transfer of a call that is not connected (or a voicemail playback). */
  | { kind: 'not-transferable' }
  /** The other side refused the REFER, or the transferred call failed with `status`. */
  | { kind: 'transfer-refused'; status: number }
  | { kind: 'transfer-failed'; error: string }
  | { kind: 'invalid-tone'; tone: string }
  /** A live call could not move to the microphone or speaker chosen in the settings. */
  | { kind: 'device-switch-failed'; error: string };

export type SipReason = RegistrationReason | CallEndReason | PhoneProblem;
export type SipReasonKind = SipReason['kind'];

/** An action the phone cannot do; thrown by PhoneClient methods, carrying its reason. */
export class PhoneError extends Error {
  constructor(readonly reason: PhoneProblem) {
    super(`UM Phone: ${reason.kind}`);
    this.name = 'PhoneError';
  }
}

/** The text of an error thrown by a lower layer (SIP.js, the browser): data, shown as it came. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
