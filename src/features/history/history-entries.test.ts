import { describe, expect, it } from 'vitest';
import { de } from '../../i18n/de';
import { en } from '../../i18n/en';
import { callInfo } from '../../store/testing/calls';
import type { KnownPeople } from '../calls/transfer-note';
import { historyEntries, historyEntryCache } from './history-entries';

const dates = new Intl.DateTimeFormat('en', { timeZone: 'UTC' });
const nobody: KnownPeople = { calls: [], history: [], messages: [], aor: 'sip:bob@umphone.test' };
const older = callInfo({ id: 'c1', subject: 'First' });
const newer = callInfo({ id: 'c2', startedAt: 2_000, connectedAt: 2_000, endedAt: 65_000 });

describe('the history list entries kept from one render to the next', () => {
  it('are the same objects for the same calls, so the memoised rows below a new call do not render again', () => {
    const cache = historyEntryCache();
    const [first] = historyEntries([older], cache, () => dates, en, 'en', nobody);
    const next = historyEntries([newer, older], cache, () => dates, en, 'en', {
      ...nobody,
      history: [newer, older],
    });
    expect(next[1]).toBe(first);
    expect(next[0]!.id).toBe('c2');
    expect(next[0]!.outcome).toBe(
      historyEntries([newer], historyEntryCache(), () => dates, en, 'en', nobody)[0]!.outcome,
    );
  });

  it('ask for the date format only when an entry is made: an empty history, or one already built, makes none', () => {
    let asked = 0;
    const format = () => {
      asked++;
      return dates;
    };
    const cache = historyEntryCache();
    expect(historyEntries([], cache, format, en, 'en', nobody)).toEqual([]);
    expect(asked).toBe(0);
    historyEntries([older], cache, format, en, 'en', nobody);
    expect(asked).toBe(1);
    historyEntries([older], cache, format, en, 'en', nobody);
    expect(asked).toBe(1);
  });

  it('are kept only for the calls shown last time (a call scrolled out of the page is built again)', () => {
    const cache = historyEntryCache();
    const [first] = historyEntries([older], cache, () => dates, en, 'en', nobody);
    historyEntries([newer], cache, () => dates, en, 'en', nobody);
    expect(cache.byCall.size).toBe(1);
    const [again] = historyEntries([older], cache, () => dates, en, 'en', nobody);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it('are built again for a changed call (the store replaces it) and in another language', () => {
    const cache = historyEntryCache();
    const [first] = historyEntries([older], cache, () => dates, en, 'en', nobody);
    const changedCall = { ...older, subject: 'Changed' };
    const [changed] = historyEntries([changedCall], cache, () => dates, en, 'en', nobody);
    expect(changed).not.toBe(first);
    expect(changed!.subject).toBe('Changed');
    // The same call object, still in the cache, in another language.
    const [german] = historyEntries([changedCall], cache, () => dates, de, 'de', nobody);
    expect(german).not.toBe(changed);
    expect(german!.kindLabel).toBe(de.history.outgoing);
    expect(historyEntries([changedCall], cache, () => dates, de, 'de', nobody)[0]).toBe(german);
  });

  it('name a transferor as the phone knows them now, with a new object only when that changed', () => {
    const transferred = callInfo({
      id: 'c3',
      direction: 'incoming',
      transferredBy: 'sip:carol@umphone.test',
    });
    const cache = historyEntryCache();
    const [before] = historyEntries([transferred], cache, () => dates, en, 'en', nobody);
    expect(before!.transferNote).toBe(en.transfer.transferredBy('carol'));
    expect(historyEntries([transferred], cache, () => dates, en, 'en', nobody)[0]).toBe(before);
    const carol = callInfo({ id: 'c4', peerUri: 'sip:carol@umphone.test', peerName: 'Carol Example' });
    const [after] = historyEntries([transferred], cache, () => dates, en, 'en', {
      ...nobody,
      history: [carol],
    });
    expect(after).not.toBe(before);
    expect(after!.transferNote).toBe(en.transfer.transferredBy('Carol Example'));
    expect(after!.when).toBe(before!.when);
  });
});
