/**
 * Every reason the SIP layer can report has English and German text. The sample table is typed so
 * that a new kind in src/sip/reasons.ts fails the type check here until it has a sample, and the
 * catalogues are checked at run time against the same table.
 */
import { describe, expect, it } from 'vitest';
import type { SipReason, SipReasonKind } from '../sip/reasons';
import { de } from './de';
import { en } from './en';
import { reasonText } from './language';

const SAMPLES: { [K in SipReasonKind]: Extract<SipReason, { kind: K }> } = {
  'invalid-address': { kind: 'invalid-address', address: 'sip:al ice' },
  'unsafe-auth-user': { kind: 'unsafe-auth-user' },
  connecting: { kind: 'connecting' },
  'cannot-reach': { kind: 'cannot-reach', server: 'wss://sip.example.com', error: 'timeout' },
  'connection-closed': { kind: 'connection-closed' },
  disconnected: { kind: 'disconnected' },
  'browser-offline': { kind: 'browser-offline' },
  'keep-alive-unanswered': { kind: 'keep-alive-unanswered', seconds: 5 },
  'keep-alive-unsent': { kind: 'keep-alive-unsent', error: 'Not connected' },
  'credentials-refused': { kind: 'credentials-refused', status: 403 },
  'register-unanswered': { kind: 'register-unanswered' },
  'register-refused': { kind: 'register-refused', status: 503, reasonPhrase: 'Service Unavailable' },
  'contact-not-confirmed': { kind: 'contact-not-confirmed' },
  'register-not-sent': { kind: 'register-not-sent', error: 'boom' },
  'registration-expired': { kind: 'registration-expired' },
  'client-not-loaded': { kind: 'client-not-loaded', error: 'Failed to fetch' },
  'connection-lost': { kind: 'connection-lost' },
  'call-not-recovered': { kind: 'call-not-recovered', seconds: 20 },
  'call-resume-refused': { kind: 'call-resume-refused', status: 481 },
  rejected: { kind: 'rejected', status: 486, reasonPhrase: 'Busy Here' },
  'call-failed': { kind: 'call-failed' },
  'answer-failed': { kind: 'answer-failed', error: 'no microphone' },
  declined: { kind: 'declined' },
  'you-hung-up': { kind: 'you-hung-up' },
  'hangup-failed': { kind: 'hangup-failed', error: 'x' },
  'remote-hung-up': { kind: 'remote-hung-up' },
  'missed-caller-hung-up': { kind: 'missed-caller-hung-up' },
  'hold-refused': { kind: 'hold-refused' },
  'resume-refused': { kind: 'resume-refused' },
  'hold-failed': { kind: 'hold-failed', error: 'x' },
  'no-keypad-tones': { kind: 'no-keypad-tones' },
  'audio-blocked': { kind: 'audio-blocked' },
  'no-dial-target': { kind: 'no-dial-target' },
  'invalid-target': { kind: 'invalid-target', input: 'bob smith' },
  'no-digits': { kind: 'no-digits' },
  'not-registered': { kind: 'not-registered' },
  'not-connected': { kind: 'not-connected' },
  'call-already-ended': { kind: 'call-already-ended' },
  'invalid-tone': { kind: 'invalid-tone', tone: 'X' },
  'sent-to-voicemail': { kind: 'sent-to-voicemail' },
  'handled-elsewhere': { kind: 'handled-elsewhere', status: 200 },
  transferred: { kind: 'transferred' },
  'not-ringing': { kind: 'not-ringing' },
  'no-diversion': { kind: 'no-diversion' },
  'not-transferable': { kind: 'not-transferable' },
  'transfer-refused': { kind: 'transfer-refused', status: 403 },
  'transfer-failed': { kind: 'transfer-failed', error: 'x' },
  'device-switch-failed': { kind: 'device-switch-failed', error: 'NotFoundError' },
};

describe('reasons from the SIP layer', () => {
  it('every kind has English and German text, and nothing else is in the catalogues', () => {
    const kinds = Object.keys(SAMPLES).sort();
    expect(Object.keys(en.reasons).sort()).toEqual(kinds);
    expect(Object.keys(de.reasons).sort()).toEqual(kinds);
    for (const reason of Object.values(SAMPLES) as SipReason[]) {
      const english = reasonText(en, reason);
      const german = reasonText(de, reason);
      expect(english.trim(), reason.kind).not.toBe('');
      expect(german.trim(), reason.kind).not.toBe('');
      expect(german, `${reason.kind} is not translated`).not.toBe(english);
    }
  });

  it('say the data each kind carries (status, server, seconds) in both languages', () => {
    for (const t of [en, de]) {
      expect(reasonText(t, SAMPLES['register-refused'])).toContain('503');
      expect(reasonText(t, SAMPLES['credentials-refused'])).toContain('403');
      expect(reasonText(t, SAMPLES['cannot-reach'])).toContain('wss://sip.example.com');
      expect(reasonText(t, SAMPLES['keep-alive-unanswered'])).toContain('5 s');
      expect(reasonText(t, { kind: 'rejected', status: 480, reasonPhrase: '' })).toContain('480');
    }
  });

  it('English is the wording the SIP layer used to send (the embed API and stored history keep it)', () => {
    expect(reasonText(en, SAMPLES['credentials-refused'])).toBe(
      'Wrong user name or password (403): stopped trying. Check them and sign in again.',
    );
    expect(reasonText(en, SAMPLES['register-refused'])).toBe(
      'Registration failed: Service Unavailable (503)',
    );
    expect(reasonText(en, SAMPLES.rejected)).toBe('Busy (486)');
    expect(reasonText(de, SAMPLES['no-dial-target'])).toBe(
      'Geben Sie einen Namen, eine Nummer oder eine SIP-Adresse ein.',
    );
  });
});
