import { describe, expect, it } from 'vitest';
import type { CallEndReason } from '../sip/reasons';
import type { CallInfo } from '../sip/call-state';
import { de } from '../i18n/de';
import { en } from '../i18n/en';
import { reasonText } from '../i18n/language';
import { endReasonFromStored, endReasonFromText } from './history-end-reason';
import { historyKey, loadHistory, saveHistory } from './history-storage';
import { MemoryStorage } from './testing/memory-storage';
import { callInfo } from './testing/calls';

/** One of every kind; typed so that a new kind in src/sip/reasons.ts needs a sample here. */
const SAMPLES: { [K in CallEndReason['kind']]: Extract<CallEndReason, { kind: K }> } = {
  'connection-lost': { kind: 'connection-lost' },
  'call-not-recovered': { kind: 'call-not-recovered', seconds: 20 },
  'call-resume-refused': { kind: 'call-resume-refused', status: 481 },
  rejected: { kind: 'rejected', status: 503, reasonPhrase: 'Service Unavailable' },
  'call-failed': { kind: 'call-failed', error: 'ICE failed' },
  'answer-failed': { kind: 'answer-failed', error: 'no microphone' },
  declined: { kind: 'declined' },
  'you-hung-up': { kind: 'you-hung-up' },
  'hangup-failed': { kind: 'hangup-failed', error: 'x' },
  'remote-hung-up': { kind: 'remote-hung-up' },
  'missed-caller-hung-up': { kind: 'missed-caller-hung-up' },
  'sent-to-voicemail': { kind: 'sent-to-voicemail' },
  'handled-elsewhere': { kind: 'handled-elsewhere', status: 302 },
  transferred: { kind: 'transferred' },
};
const ALL = Object.values(SAMPLES) as CallEndReason[];

const ALICE = 'sip:alice@umphone.test';

function ended(id: string, reason: CallEndReason): CallInfo {
  return callInfo({ id, endedAt: 2_000, ended: reason, endReason: reasonText(en, reason) });
}

describe('why a remembered call ended', () => {
  it('stores the typed reason of every kind and reads it back, so it renders in German too', () => {
    const storage = new MemoryStorage();
    // 486's phrase is not in its English text ("Busy (486)"): only the typed reason keeps it.
    const reasons: CallEndReason[] = [...ALL, { kind: 'rejected', status: 486, reasonPhrase: 'Busy Here' }];
    const calls = reasons.map((r, i) => ended(`c${i}`, r));
    // English worded differently by the version that stored it: the typed reason still reads back.
    calls[0] = { ...calls[0]!, endReason: 'Lost the connection (older wording)' };
    saveHistory(storage, ALICE, calls);
    const back = loadHistory(storage, ALICE);
    expect(back.map((c) => c.ended)).toEqual(reasons);
    for (const c of back) expect(reasonText(de, c.ended!)).not.toBe(reasonText(en, c.ended!));
  });

  it('reads entries stored as English text only (before typed reasons) back into the typed reason', () => {
    for (const reason of [
      // (handled-elsewhere came after typed reasons: never stored as text only)
      ...ALL.filter((r) => r.kind !== 'handled-elsewhere'),
      { kind: 'call-failed' } as const,
      { kind: 'rejected', status: 486, reasonPhrase: 'Busy Here' } as const,
      { kind: 'rejected', status: 487, reasonPhrase: 'Request Terminated' } as const,
    ]) {
      const back = endReasonFromText(reasonText(en, reason));
      expect(back?.kind, reasonText(en, reason)).toBe(reason.kind);
      expect(reasonText(de, back!)).toBe(reasonText(de, reason));
    }
  });

  it('migration: an old document with text only loads, typed where the text is a reason, text where not', () => {
    const storage = new MemoryStorage();
    const old = (id: string, startedAt: number, endReason: string) => ({
      id,
      direction: 'incoming',
      purpose: 'call',
      peerUri: 'sip:bob@umphone.test',
      urgent: false,
      startedAt,
      endReason,
    });
    storage.setItem(
      historyKey(ALICE),
      JSON.stringify({
        v: 1,
        calls: [
          old('a', 4, 'Busy (486)'),
          old('b', 3, 'The other side hung up'),
          old('c', 2, 'Missed while Appear Offline'),
          old('d', 1, 'Something a newer version said'),
        ],
      }),
    );
    const [a, b, c, d] = loadHistory(storage, ALICE);
    expect(a?.ended).toEqual({ kind: 'rejected', status: 486, reasonPhrase: 'Busy' });
    expect(reasonText(de, a!.ended!)).toBe('Besetzt (486)');
    expect(b?.ended).toEqual({ kind: 'remote-hung-up' });
    // Not a SIP reason (the store's own words) and unknown text: kept, as text.
    expect(c).toMatchObject({ ended: undefined, endReason: 'Missed while Appear Offline' });
    expect(d).toMatchObject({ ended: undefined, endReason: 'Something a newer version said' });
    // Saved again, the typed reason is written next to the text.
    saveHistory(storage, ALICE, [a!]);
    expect(storage.getItem(historyKey(ALICE))).toContain('"ended":{"kind":"rejected","status":486');
  });

  it('refuses a stored reason that is not one: unknown or inherited kind, wrong data, and drops extra fields', () => {
    expect(endReasonFromStored({ kind: 'rejected', status: '486', reasonPhrase: 'Busy' })).toBeUndefined();
    expect(endReasonFromStored({ kind: 'rejected', status: 486 })).toBeUndefined();
    expect(endReasonFromStored({ kind: 'rejected', status: 99, reasonPhrase: '' })).toBeUndefined();
    expect(endReasonFromStored({ kind: 'call-not-recovered', seconds: Infinity })).toBeUndefined();
    expect(endReasonFromStored({ kind: 'toString' })).toBeUndefined();
    expect(endReasonFromStored({ kind: '__proto__' })).toBeUndefined();
    expect(endReasonFromStored({ kind: 'explode' })).toBeUndefined();
    expect(endReasonFromStored('remote-hung-up')).toBeUndefined();
    expect(endReasonFromStored(null)).toBeUndefined();
    expect(endReasonFromStored({ kind: 'declined', status: 603, html: '<b>' })).toEqual({ kind: 'declined' });
    expect(endReasonFromStored({ kind: 'call-failed', error: 'e'.repeat(5000) })).toEqual({
      kind: 'call-failed',
      error: 'e'.repeat(512),
    });
    // A broken typed reason falls back to the text beside it.
    const storage = new MemoryStorage();
    saveHistory(storage, ALICE, [ended('x', { kind: 'declined' })]);
    const doc = JSON.parse(storage.data.get(historyKey(ALICE))!) as { calls: Record<string, unknown>[] };
    doc.calls[0]!.ended = { kind: 'rejected', status: 'many' };
    storage.data.set(historyKey(ALICE), JSON.stringify(doc));
    expect(loadHistory(storage, ALICE)[0]?.ended).toEqual({ kind: 'declined' });
  });

  it('never reads text that merely resembles a reason as one', () => {
    expect(endReasonFromText('Busy')).toBeUndefined();
    expect(endReasonFromText('Busy (48)')).toBeUndefined();
    expect(endReasonFromText('you hung up')).toBeUndefined();
    expect(endReasonFromText('Call failed:')).toBeUndefined();
    expect(endReasonFromText('')).toBeUndefined();
    expect(endReasonFromText(undefined)).toBeUndefined();
  });
});
