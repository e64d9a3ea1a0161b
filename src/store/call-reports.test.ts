import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallInfo } from '../sip/call-state';
import type { CallEvent, VoicemailApiLike } from '../um-api/voicemail-api';
import { createCallReportsController, mergeCallReports, REPORTS_AFTER_MISSED_MS } from './call-reports';
import { callInfo } from './testing/calls';

const T0 = Date.parse('2026-11-21T10:00:00Z');

function event(over: Partial<CallEvent> = {}): CallEvent {
  return {
    type: 'missed',
    callId: 'c1@host',
    caller: '"Alice Example" <sip:alice@umphone.test>;tag=9',
    time: T0,
    subject: 'Quarterly numbers',
    priority: 'urgent',
    missedReason: 'CallerReleased',
    ...over,
  };
}

function seen(over: Partial<CallInfo> = {}): CallInfo {
  return callInfo({
    id: 'call-1',
    direction: 'incoming',
    peerUri: 'sip:alice@umphone.test',
    peerName: 'Alice Example',
    startedAt: T0 - 5000,
    endedAt: T0 - 1000,
    endReason: 'Missed: the caller hung up',
    sipCallId: 'c1@host',
    ...over,
  });
}

describe('mergeCallReports (MS-EUMR 3.2 reports into the history)', () => {
  it('a call the phone never saw becomes a missed entry with the caller, time, Subject, Priority and reason', () => {
    const [entry, ...rest] = mergeCallReports([], [event({ missedReason: 'Declined' })], 200);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      direction: 'incoming',
      state: 'ended',
      peerUri: 'sip:alice@umphone.test',
      peerName: 'Alice Example',
      subject: 'Quarterly numbers',
      priority: 'urgent',
      urgent: true,
      startedAt: T0,
      sipCallId: 'c1@host',
      report: { type: 'missed', missedReason: 'Declined', reportedAt: T0 },
    });
    expect(entry!.connectedAt).toBeUndefined();
  });

  it('a report on a call the phone saw is attached to that entry, not added twice', () => {
    const history = [seen()];
    const merged = mergeCallReports(history, [event()], 200);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ id: 'call-1', endReason: 'Missed: the caller hung up' });
    expect(merged[0]!.report).toEqual({
      type: 'missed',
      missedReason: 'CallerReleased',
      target: undefined,
      answeredBy: undefined,
      reportedAt: T0,
    });
  });

  it('the same reports again change nothing (same array back)', () => {
    const once = mergeCallReports([seen()], [event(), event({ callId: 'other' })], 200);
    expect(mergeCallReports(once, [event(), event({ callId: 'other' })], 200)).toBe(once);
  });

  it('only the newest report on a call stays, whatever order the server lists them in', () => {
    const forbidden = event({ type: 'forbidden', target: 'sip:carol@umphone.test', time: T0 + 1000 });
    const missed = event({ missedReason: 'Declined', time: T0 + 2000 });
    for (const order of [
      [forbidden, missed],
      [missed, forbidden],
    ]) {
      const merged = mergeCallReports([], order, 200);
      expect(merged).toHaveLength(1);
      expect(merged[0]!.report).toMatchObject({ type: 'missed', missedReason: 'Declined' });
      expect(mergeCallReports(merged, order, 200)).toBe(merged);
    }
  });

  it('entries the report adds are placed by time among the phone’s own', () => {
    const newer = seen({ id: 'new', sipCallId: 'n', startedAt: T0 + 60_000 });
    const older = seen({ id: 'old', sipCallId: 'o', startedAt: T0 - 60_000 });
    const merged = mergeCallReports([newer, older], [event({ callId: 'mid' })], 200);
    expect(merged.map((c) => c.id)).toEqual(['new', 'report-mid', 'old']);
  });

  it('a full history keeps its limit and leaves out reports older than everything in it', () => {
    const full = [
      seen({ id: 'a', sipCallId: 'a', startedAt: T0 + 2 }),
      seen({ id: 'b', sipCallId: 'b', startedAt: T0 + 1 }),
    ];
    expect(mergeCallReports(full, [event({ callId: 'old', time: T0 })], 2)).toBe(full);
    const merged = mergeCallReports(full, [event({ callId: 'new', time: T0 + 3 })], 2);
    expect(merged.map((c) => c.id)).toEqual(['report-new', 'a']);
  });

  it('answered elsewhere and forbidden keep where the call went and who answered (3.2.4.2, 3.2.4.3)', () => {
    const [answered] = mergeCallReports(
      [],
      [
        event({
          type: 'answered',
          missedReason: undefined,
          target: 'sip:carol@umphone.test',
          answeredBy: 'sip:carol@umphone.test',
        }),
      ],
      200,
    );
    expect(answered!.report).toMatchObject({
      type: 'answered',
      target: 'sip:carol@umphone.test',
      answeredBy: 'sip:carol@umphone.test',
      missedReason: undefined,
    });
  });

  it('remote text stays text: controls and bidi overrides go, a junk Priority is dropped, a bare URI caller works', () => {
    const [entry] = mergeCallReports(
      [],
      [
        event({
          caller: 'sip:mallory@evil.test',
          subject: 'pay\u202Eexe.jpg\r\nX-Injected: 1',
          priority: 'urgent<script>',
        }),
      ],
      200,
    );
    expect(entry!.peerUri).toBe('sip:mallory@evil.test');
    expect(entry!.peerName).toBeUndefined();
    expect(entry!.subject).toBe('payexe.jpg  X-Injected: 1');
    expect(entry!.priority).toBeUndefined();
    expect(entry!.urgent).toBe(false);
  });

  it('a report never attaches to an outgoing call that happens to share the Call-ID', () => {
    const outgoing = seen({ direction: 'outgoing', id: 'out' });
    const merged = mergeCallReports([outgoing], [event()], 200);
    expect(merged.map((c) => c.id)).toEqual(['report-c1@host', 'out']);
  });
});

describe('createCallReportsController', () => {
  afterEach(() => vi.useRealTimers());

  function harness(list: () => Promise<CallEvent[]>) {
    let history: CallInfo[] = [];
    const api = { listCallEvents: vi.fn(list) } as unknown as VoicemailApiLike & {
      listCallEvents: ReturnType<typeof vi.fn>;
    };
    const controller = createCallReportsController({
      api: () => api,
      history: () => history,
      setHistory: (h) => (history = h),
      limit: 200,
    });
    return { controller, api, history: () => history };
  }

  it('refresh folds the server’s list into the history', async () => {
    const h = harness(async () => [event()]);
    await h.controller.refresh();
    expect(h.history().map((c) => c.id)).toEqual(['report-c1@host']);
  });

  it('a server that fails or has no list leaves the history alone', async () => {
    const h = harness(async () => {
      throw new Error('404');
    });
    await h.controller.refresh();
    expect(h.history()).toEqual([]);
    let history: CallInfo[] = [];
    const bare = createCallReportsController({
      api: () => ({}) as VoicemailApiLike,
      history: () => history,
      setHistory: (x) => (history = x),
      limit: 200,
    });
    await bare.refresh();
    expect(history).toEqual([]);
  });

  it('soon() asks again a moment after a missed call; stop() cancels what is pending', async () => {
    vi.useFakeTimers();
    const h = harness(async () => [event()]);
    h.controller.soon();
    await vi.advanceTimersByTimeAsync(REPORTS_AFTER_MISSED_MS[0]);
    expect(h.api.listCallEvents).toHaveBeenCalledTimes(1);
    h.controller.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.api.listCallEvents).toHaveBeenCalledTimes(1);
  });

  it('an answer that arrives after stop() (signed out) is not applied', async () => {
    let release: (e: CallEvent[]) => void = () => undefined;
    const h = harness(() => new Promise((r) => (release = r)));
    const pending = h.controller.refresh();
    h.controller.stop();
    release([event()]);
    await pending;
    expect(h.history()).toEqual([]);
  });
});
