import { describe, expect, it } from 'vitest';
import { de } from '../../i18n/de';
import { en } from '../../i18n/en';
import { historyKey, loadHistory, saveHistory } from '../../store/history-storage';
import type { CallInfo } from '../../store';
import { historyEntry } from './history-entry';
import { MemoryStorage } from '../../store/testing/memory-storage';
import { callInfo } from '../../store/testing/calls';

const ALICE = 'sip:alice@umphone.test';
const dates = new Intl.DateTimeFormat('de', { timeZone: 'UTC' });

/** A call as the store puts it in the history: the typed reason and its English words. */
const busy: CallInfo = callInfo({
  endedAt: 2_000,
  ended: { kind: 'rejected', status: 486, reasonPhrase: 'Busy Here' },
  endReason: 'Busy (486)',
});

describe('history entries after a reload', () => {
  it('say why a remembered call ended in the current language, not the one it was stored in', () => {
    const storage = new MemoryStorage();
    saveHistory(storage, ALICE, [
      busy,
      {
        ...busy,
        id: 'c2',
        startedAt: 500,
        ended: { kind: 'sent-to-voicemail' },
        endReason: 'Sent to voicemail',
      },
    ]);
    const [a, b] = loadHistory(storage, ALICE).map((c) => historyEntry(c, dates, de, 'de'));
    expect(a?.outcome).toBe('Besetzt (486)');
    expect(b?.outcome).toBe('An die Mailbox weitergeleitet');
    const [english] = loadHistory(storage, ALICE).map((c) => historyEntry(c, dates, en, 'en'));
    expect(english?.outcome).toBe('Busy (486)');
  });

  it('entries stored as English text by an older version read in German too, and unknown text stays readable', () => {
    const storage = new MemoryStorage();
    const { ended: _typed, ...oldShape } = busy;
    storage.setItem(
      historyKey(ALICE),
      JSON.stringify({
        v: 1,
        calls: [
          { ...oldShape, id: 'o1', endReason: 'Transferred' },
          { ...oldShape, id: 'o2', startedAt: 900, endReason: 'Missed while Appear Offline' },
          { ...oldShape, id: 'o3', startedAt: 800, endReason: 'Lost in <b>space</b>' },
        ],
      }),
    );
    const [o1, o2, o3] = loadHistory(storage, ALICE).map((c) => historyEntry(c, dates, de, 'de'));
    expect(o1?.outcome).toBe('Weitervermittelt');
    expect(o2?.outcome).toBe('Verpasst während „Offline anzeigen“');
    expect(o3?.outcome).toBe('Lost in <b>space</b>'); // as text: React renders it, never as HTML
  });
});
