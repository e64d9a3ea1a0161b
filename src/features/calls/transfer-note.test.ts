import { describe, expect, it } from 'vitest';
import { de } from '../../i18n/de';
import { en } from '../../i18n/en';
import { BOB, callInfo } from '../../store/testing/calls';
import { historyEntry } from '../history/history-entry';
import { personName, transferNote, type KnownPeople } from './transfer-note';

const OWN = 'sip:carol@umphone.test';
const ALICE = 'sip:alice@umphone.test';
const nobody: KnownPeople = { calls: [], history: [], messages: [], aor: OWN };
const dates = new Intl.DateTimeFormat('en', { timeZone: 'UTC' });

describe('who transferred a call', () => {
  it('"Transferred by …" only for a call that came through a transfer (en, de)', () => {
    expect(transferNote(callInfo(), nobody)).toBeUndefined();
    expect(transferNote(callInfo({ transferredBy: BOB }), nobody)).toBe('Transferred by bob');
    expect(transferNote(callInfo({ transferredBy: BOB }), nobody, de)).toBe('Weitervermittelt von bob');
  });

  it('names the transferor as the phone knows them: a live call, the history, a voice message', () => {
    const talking = callInfo({ direction: 'outgoing', state: 'connected', peerName: 'Bob Builder' });
    expect(personName('sip:Bob@UMPHONE.test;transport=ws', { ...nobody, calls: [talking] })).toBe(
      'Bob Builder',
    );
    const called = callInfo({ direction: 'incoming', peerName: 'Bob from Sales' });
    expect(personName(BOB, { ...nobody, history: [called] })).toBe('Bob from Sales');
    expect(personName(BOB, { ...nobody, messages: [{ caller: BOB, callerName: 'Bob M.' }] })).toBe('Bob M.');
    // A Play-On-Phone call's "Voicemail" is not anybody's name.
    const playback = callInfo({ purpose: 'play-on-phone', peerUri: BOB, peerName: 'Voicemail' });
    expect(personName(BOB, { ...nobody, history: [playback] })).toBe('bob');
    expect(personName(ALICE, { ...nobody, calls: [talking] })).toBe('alice');
  });

  it('is in the history entry, as text (markup in a name stays text)', () => {
    const known = { ...nobody, history: [callInfo({ direction: 'incoming', peerName: '<b>Bob</b>' })] };
    const entry = historyEntry(callInfo({ transferredBy: BOB }), dates, en, 'en', known);
    expect(entry.transferNote).toBe('Transferred by <b>Bob</b>');
    expect(historyEntry(callInfo(), dates, en, 'en', known).transferNote).toBeUndefined();
  });
});
