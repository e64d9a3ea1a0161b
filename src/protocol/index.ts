/**
 * Public contract of the pure protocol layer: MS-OCEXUM call-control rules and the small pieces
 * of RFC 3261 they rest on. No SIP stack, DOM or UI code here.
 */
export { voicemailUri, VOICEMAIL_OPAQUE } from './voicemail-uri';
export { InvalidSipUriError } from './invalid-sip-uri-error';
export { isTrustedTransport, isTrustedWebApi } from './trusted-transport';
export { inspectInvite, type InviteFacts } from './inspect-invite';
export { sipUriEquals } from './sip-uri-equals';
export {
  outgoingCallHeaders,
  CALL_PRIORITIES,
  MAX_SUBJECT_LENGTH,
  type CallPriority,
  type OutgoingCallOptions,
} from './outgoing-call-headers';
export { HeaderInjectionError, type HeaderField, type HeaderRejection } from './header-injection-error';
export { PRESENCE_STATES, DEFAULT_PRESENCE_NOTES, isPresenceState, type PresenceState } from './presence';
// PIDF (./pidf) is imported directly by the SIP client only, so it stays out of the first load.
export type { ParsedPresence } from './pidf';
export {
  incomingCallDecision,
  outOfDialogAnswer,
  PHONE_METHODS,
  type IncomingCallDecision,
  type OutOfDialogAnswer,
} from './incoming-call-decision';
export { parseMessageSummary, type MessageSummary } from './message-summary';
export {
  parseDigestChallenge,
  digestAuthorization,
  type DigestChallenge,
  type DigestCredentials,
} from './http-digest';
export { parseRetryAfter } from './retry-after';
export { displaySafeText } from './display-text';
export { contactHost, contactHosts, isTrustedPlayOnPhone, normalizeHost } from './trusted-voicemail-host';
export { quotedStringContent, isSafeDigestUsername } from './display-name';
export { isInviteWithUntypedBody, isUntypedBody } from './untyped-body';
export { gateMessage, normaliseAddressWhitespace, type MessageGateVerdict } from './message-gate';
export { statelessResponse, isAnswerableRequest, type StatelessResponseOptions } from './stateless-response';
export { featureValueIsTrue, contactsIndicateAutomaton } from './automata';
export { resolveDialTarget, DialTargetError } from './dial-target';
export type { CallPurpose } from './call-purpose';
// The rest of ./user-notification (the XML) is for the lab; the phone keeps only its report.
export type { CallReport } from './user-notification';
export {
  readProvisionalResponse,
  answerIsAutomaton,
  whoAnswered,
  inviteResponseKey,
  type DiversionNotice,
  type InviteResponseKey,
  type CallAnswerer,
} from './call-diversion';
export { remoteHoldFromOffer, type RemoteHold } from './sdp-hold';
export {
  mayDivertToVoicemail,
  readReferTo,
  attendedReferTo,
  parseReplaces,
  replacesValue,
  replacementAllowed,
  sipfragStatus,
  type ReferralDecision,
  type ReplacesTarget,
} from './transfer';
