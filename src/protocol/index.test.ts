import { describe, expect, it } from 'vitest';
import * as protocol from './index';

describe('protocol public contract', () => {
  it('exports the contract functions, classes and constants', () => {
    expect(Object.keys(protocol).sort()).toEqual(
      [
        'CALL_PRIORITIES',
        'HeaderInjectionError',
        'InvalidSipUriError',
        'MAX_SUBJECT_LENGTH',
        'PRESENCE_STATES',
        'VOICEMAIL_OPAQUE',
        'incomingCallDecision',
        'outOfDialogAnswer',
        'PHONE_METHODS',
        'inspectInvite',
        'isPresenceState',
        'isTrustedTransport',
        'isTrustedWebApi',
        'isUntypedBody',
        'resolveDialTarget',
        'DialTargetError',
        'outgoingCallHeaders',
        'sipUriEquals',
        'voicemailUri',
        'parseMessageSummary',
        'parseDigestChallenge',
        'digestAuthorization',
        'parseRetryAfter',
        'displaySafeText',
        'contactHost',
        'contactHosts',
        'isTrustedPlayOnPhone',
        'normalizeHost',
        'quotedStringContent',
        'isSafeDigestUsername',
        'isInviteWithUntypedBody',
        'DEFAULT_PRESENCE_NOTES',
        'gateMessage',
        'normaliseAddressWhitespace',
        'statelessResponse',
        'isAnswerableRequest',
        'featureValueIsTrue',
        'contactsIndicateAutomaton',
        'mayDivertToVoicemail',
        'readReferTo',
        'attendedReferTo',
        'parseReplaces',
        'replacesValue',
        'replacementAllowed',
        'sipfragStatus',
        'answerIsAutomaton',
        'inviteResponseKey',
        'readProvisionalResponse',
        'remoteHoldFromOffer',
        'whoAnswered',
      ].sort(),
    );
  });

  it('wires the contract together end to end', () => {
    const own = 'sip:alice@contoso.com';
    expect(protocol.voicemailUri(own)).toBe('sip:alice@contoso.com;opaque=app:voicemail');
    expect(protocol.isTrustedTransport('wss://sip.contoso.com')).toBe(true);
    expect(
      protocol.outgoingCallHeaders({
        subject: 'Hi',
        skipPin: protocol.isTrustedTransport('ws://sip.contoso.com'),
      }),
    ).toEqual(['Subject: Hi']);
    const facts: protocol.InviteFacts = protocol.inspectInvite('', own);
    const presence: protocol.PresenceState = 'offline';
    expect(protocol.incomingCallDecision(facts, presence)).toMatchObject({ status: 480 });
    expect(protocol.sipUriEquals(own, `<${own}>`)).toBe(true);
  });
});
