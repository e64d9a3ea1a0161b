/**
 * Incoming INVITEs: what they say (MS-OCEXUM 2.2, read from the gate's canonical text), whether
 * presence refuses them (Appear Offline → 480, Do Not Disturb → 486; Play-On-Phone is exempt,
 * MS-OCEXUM 3.2), the busy cap, and ringing (180 only for a call that really rings).
 */
import type { Core, Invitation } from 'sip.js';
import {
  featureValueIsTrue,
  incomingCallDecision,
  inspectInvite,
  isTrustedPlayOnPhone,
  sipUriEquals,
  type InviteFacts,
  type PresenceState,
} from '../../protocol';
import type { PhoneSettings } from '../../config/settings';
import type { CallRegistry } from './call-registry';
import { ownCopy } from './own-copy';

/** How many live calls we accept before answering further INVITEs with 486 Busy Here. */
export const MAX_LIVE_CALLS = 4;

export interface IncomingCallsHooks {
  presence(): PresenceState;
  /** Refused by presence; it never rang. */
  refused(facts: InviteFacts, peerName: string | undefined, status: number, sipCallId: string): void;
  /** Refused past the gate (counted and logged with the gate's refusals). */
  noteRefused(status: number, reason: string): void;
  /** An INVITE with Replaces (replaces.ts): true when it was handled there. */
  replaces?(invitation: Invitation): boolean;
}

export class IncomingCalls {
  constructor(
    private readonly settings: PhoneSettings,
    private readonly calls: CallRegistry,
    private readonly hooks: IncomingCallsHooks,
  ) {}

  onInvite(invitation: Invitation): void {
    const aor = this.settings.aor;
    // RFC 3261 §8.2.3: a body whose type we cannot read is refused with 415. SIP.js 0.21 would
    // otherwise throw while building the early dialog ("Content disposition undefined").
    if (invitation.request.body && !invitation.request.parseHeader('content-type')) {
      void invitation
        .reject({ statusCode: 415, extraHeaders: ['Accept: application/sdp'] })
        .catch(() => undefined);
      return;
    }
    // Attended transfer (RFC 3891): judged against the call it replaces, before presence.
    if (this.hooks.replaces?.(invitation)) return;
    const raw = invitation.request.data;
    const spec = inspectInvite(raw, aor);
    // The user's trusted voicemail hosts, when listed, narrow Play-On-Phone further. The facts
    // outlive the call (the history keeps them): own copies, not slices of the INVITE's text.
    const facts: InviteFacts = ownStrings({
      ...spec,
      playOnPhone: isTrustedPlayOnPhone(spec, raw, this.settings.trustedVoicemailHosts),
    });
    // One reading (src/protocol/message-gate): the gate has proved this text unambiguous, and SIP.js
    // parsed the same text. Belt and braces for the one decision that overrides Appear Offline:
    // if SIP.js's own parse disagrees with ours, the call is refused rather than rung through.
    if (facts.playOnPhone && !sipjsSeesPlayOnPhone(invitation.request, aor)) {
      const reasonPhrase = 'Ambiguous message: Play-On-Phone read two ways';
      void invitation.reject({ statusCode: 400, reasonPhrase }).catch(() => undefined);
      this.hooks.noteRefused(400, reasonPhrase);
      return;
    }
    const peerName = ownCopy(invitation.remoteIdentity.displayName) || undefined;
    const sipCallId = ownCopy(invitation.request.callId);
    const decision = incomingCallDecision(facts, this.hooks.presence());
    if (decision.action === 'reject') {
      // Appear Offline → 480, Do Not Disturb → 486; the phone never rings (MS-OCEXUM 3.2 exempts Play-On-Phone).
      void invitation
        .reject({ statusCode: decision.status, reasonPhrase: decision.reason })
        .catch(() => undefined);
      this.hooks.refused(facts, peerName, decision.status, sipCallId);
      return;
    }
    if (this.calls.size >= MAX_LIVE_CALLS) {
      void invitation.reject({ statusCode: 486, reasonPhrase: 'Busy Here' }).catch(() => undefined);
      return;
    }
    const playOnPhone = facts.playOnPhone;
    this.calls.track(invitation, {
      direction: 'incoming',
      purpose: playOnPhone ? 'play-on-phone' : 'call',
      state: 'ringing',
      peerUri: facts.fromUri || ownCopy(invitation.remoteIdentity.uri.toString()),
      peerName: playOnPhone ? 'Voicemail' : peerName,
      subject: facts.subject,
      priority: facts.priority,
      urgent: facts.urgent,
      facts,
      sipCallId,
    });
    void invitation.progress().catch(() => undefined);
  }
}

/** `facts` with every string replaced by its own copy. */
function ownStrings(facts: InviteFacts): InviteFacts {
  const copy: Record<string, unknown> = { ...facts };
  for (const [key, value] of Object.entries(copy)) if (typeof value === 'string') copy[key] = ownCopy(value);
  return copy as unknown as InviteFacts;
}

/**
 * MS-OCEXUM 3.2 read from SIP.js's parsed values: From = To = our AOR, and the (single) Contact
 * carries `automata` meaning TRUE (RFC 3840 §9).
 */
function sipjsSeesPlayOnPhone(request: Core.IncomingRequestMessage, aor: string): boolean {
  try {
    const contacts = request.getHeaders('contact');
    const contact = request.parseHeader('contact') as
      { hasParam(name: string): boolean; getParam(name: string): string | undefined } | undefined;
    return (
      contacts.length === 1 &&
      contact !== undefined &&
      contact.hasParam('automata') &&
      featureValueIsTrue(contact.getParam('automata') ?? undefined) &&
      sipUriEquals(request.from.uri.toString(), aor) &&
      sipUriEquals(request.to.uri.toString(), aor)
    );
  } catch {
    return false;
  }
}
