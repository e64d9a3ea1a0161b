import { describe, expect, it } from 'vitest';
import { de } from '../../i18n/de';
import { en } from '../../i18n/en';
import { loadHistory, saveHistory } from '../../store/history-storage';
import type { CallInfo } from '../../store';
import { historyEntry } from './history-entry';
import { MemoryStorage } from '../../store/testing/memory-storage';
import { callInfo } from '../../store/testing/calls';

const ALICE = 'sip:alice@umphone.test';
const dates = new Intl.DateTimeFormat('en', { timeZone: 'UTC' });

const toMailbox: CallInfo = callInfo({
  connectedAt: 3_000,
  endedAt: 11_000,
  ended: { kind: 'you-hung-up' },
  answeredBy: 'voicemail',
});

describe('a call the voicemail answered, in the history', () => {
  it('reads "Left a voice message for Bob" (en, de), also after a reload', () => {
    const storage = new MemoryStorage();
    saveHistory(storage, ALICE, [
      toMailbox,
      { ...toMailbox, id: 'c2', peerName: 'Bob', answeredBy: 'callee' },
    ]);
    const [left, talked] = loadHistory(storage, ALICE);
    expect(historyEntry(left!, dates, en).kindLabel).toBe('Left a voice message for bob');
    expect(historyEntry({ ...left!, peerName: 'Bob' }, dates, de).kindLabel).toBe(
      'Nachricht für Bob hinterlassen',
    );
    expect(historyEntry(talked!, dates, en).kindLabel).toBe(en.history.outgoing);
  });

  it('a stored answeredBy that is not one of the known values is dropped', () => {
    const storage = new MemoryStorage();
    saveHistory(storage, ALICE, [{ ...toMailbox, answeredBy: '<b>x</b>' as never }]);
    expect(loadHistory(storage, ALICE)[0]?.answeredBy).toBeUndefined();
  });
});
