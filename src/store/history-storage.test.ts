import { describe, expect, it } from 'vitest';
import type { CallInfo } from '../sip/call-state';
import { HISTORY_LIMIT, HISTORY_MAX_CHARS, historyKey, loadHistory, saveHistory } from './history-storage';
import { MemoryStorage } from './testing/memory-storage';
import { callInfo } from './testing/calls';

function call(over: Partial<CallInfo> = {}): CallInfo {
  return callInfo({
    direction: 'incoming',
    peerName: 'Bob',
    subject: 'Budget',
    priority: 'urgent',
    urgent: true,
    connectedAt: 2_000,
    endedAt: 65_000,
    ended: { kind: 'remote-hung-up' },
    endReason: 'The other side hung up',
    ...over,
  });
}

const ALICE = 'sip:alice@umphone.test';

describe('call history storage', () => {
  it('remembers what the history shows, per AOR', () => {
    const storage = new MemoryStorage();
    const missed = call({
      id: 'm',
      startedAt: 5_000,
      connectedAt: undefined,
      endReason: 'Missed while Appear Offline',
      endStatus: 480,
    });
    // who transferred it (shown as "Transferred by …")
    const transferred = call({ id: 't', startedAt: 500, transferredBy: 'sip:carol@umphone.test' });
    saveHistory(storage, ALICE, [missed, call(), transferred]);
    expect(loadHistory(storage, ALICE)).toEqual([missed, call(), transferred]);
    expect(loadHistory(storage, ALICE)[2]?.transferredBy).toBe('sip:carol@umphone.test');
    expect(loadHistory(storage, 'sip:bob@umphone.test')).toEqual([]);
    expect(loadHistory(storage, ' SIP:Alice@UMPHONE.test ')).toHaveLength(3);
  });

  it('remembers the Call-ID and the voicemail server’s report (MS-EUMR 3.2), and drops a broken report', () => {
    const storage = new MemoryStorage();
    const reported = call({
      id: 'r',
      connectedAt: undefined,
      sipCallId: 'abc@host',
      report: {
        type: 'answered',
        target: 'sip:carol@umphone.test',
        answeredBy: 'sip:carol@umphone.test',
        reportedAt: 7_000,
      },
    });
    saveHistory(storage, ALICE, [reported]);
    expect(loadHistory(storage, ALICE)).toEqual([reported]);
    const doc = JSON.parse(storage.data.get(historyKey(ALICE))!) as { calls: Record<string, unknown>[] };
    doc.calls[0]!.report = { type: 'exploded', reportedAt: 1 };
    storage.data.set(historyKey(ALICE), JSON.stringify(doc));
    const [back] = loadHistory(storage, ALICE);
    expect(back?.id).toBe('r');
    expect(back?.report).toBeUndefined();
  });

  it('keeps Play-On-Phone and voicemail purposes, and skip-pin', () => {
    const storage = new MemoryStorage();
    const pop = call({ id: 'p', purpose: 'play-on-phone' });
    const vm = call({ id: 'v', direction: 'outgoing', purpose: 'voicemail', skipPin: true, startedAt: 500 });
    saveHistory(storage, ALICE, [pop, vm]);
    const [a, b] = loadHistory(storage, ALICE);
    expect(a?.purpose).toBe('play-on-phone');
    expect(b).toMatchObject({ purpose: 'voicemail', skipPin: true, direction: 'outgoing' });
  });

  it('reads corrupt data as an empty history, and drops malformed entries', () => {
    const storage = new MemoryStorage();
    storage.setItem(historyKey(ALICE), '{not json');
    expect(loadHistory(storage, ALICE)).toEqual([]);
    storage.setItem(historyKey(ALICE), JSON.stringify({ v: 99, calls: [call()] }));
    expect(loadHistory(storage, ALICE)).toEqual([]);
    storage.setItem(
      historyKey(ALICE),
      JSON.stringify({
        v: 1,
        calls: [
          null,
          7,
          { id: 'x' },
          { ...call(), startedAt: 'yesterday' },
          { ...call(), purpose: 'evil', peerName: 42 },
        ],
      }),
    );
    const [only, ...rest] = loadHistory(storage, ALICE);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ id: 'c1', purpose: 'call', peerName: undefined, state: 'ended' });
  });

  it('caps the number of entries and the size, dropping the oldest', () => {
    const storage = new MemoryStorage();
    const many = Array.from({ length: HISTORY_LIMIT + 50 }, (_, i) =>
      call({ id: `c${i}`, startedAt: 10_000 - i, subject: 'x'.repeat(2_000) }),
    );
    saveHistory(storage, ALICE, many);
    const json = storage.getItem(historyKey(ALICE)) ?? '';
    expect(json.length).toBeLessThanOrEqual(HISTORY_MAX_CHARS);
    const loaded = loadHistory(storage, ALICE);
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.length).toBeLessThanOrEqual(HISTORY_LIMIT);
    expect(loaded[0]?.id).toBe('c0');
    expect(loaded[0]?.subject?.length).toBeLessThanOrEqual(512);
  });

  it('survives a full or missing storage', () => {
    const full = new MemoryStorage();
    full.quota = 0;
    expect(() => saveHistory(full, ALICE, [call()])).not.toThrow();
    expect(() => saveHistory(undefined, ALICE, [call()])).not.toThrow();
    expect(loadHistory(undefined, ALICE)).toEqual([]);
    const refusing = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => undefined,
    };
    expect(loadHistory(refusing, ALICE)).toEqual([]);
  });

  it('keeps calls another tab of the same user saved meanwhile', () => {
    const storage = new MemoryStorage();
    saveHistory(storage, ALICE, [call({ id: 'other-tab', startedAt: 3_000 })]);
    saveHistory(storage, ALICE, [call({ id: 'this-tab', startedAt: 4_000 })]);
    expect(loadHistory(storage, ALICE).map((c) => c.id)).toEqual(['this-tab', 'other-tab']);
  });
});
