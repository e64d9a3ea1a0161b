/**
 * Figure 10: the heap over 1,000 calls, to show it flat once the call history is full (it keeps
 * HISTORY_LIMIT = 200 entries). Each call is an INVITE from the UM test peer that rings bob's
 * fresh page and is cancelled (a missed call: one more history entry, the ringing panel shown and
 * removed, the history saved and re-rendered), a few times faster than figure 6's answered calls,
 * whose media path (every peer connection closed and collected) figure 6 covers. JS heap after
 * two forced garbage collections every 100 calls; the figure is the growth from call 200 (the
 * history full) to the last, both sampled after SETTLE_MS without calls. A second row gives the
 * growth over the run's second half (from the middle call, also settled, to the last): what V8
 * still compiles and tunes after the history is full (the first few hundred calls after it) is
 * in the first row, not in this one, so this one shows whether anything keeps growing.
 *
 * The heap V8 reports counts its compiled code too, and functions that run once per call reach
 * V8's optimisation thresholds hundreds of calls in: that code grows the heap with nothing of the
 * page's growing. So at the three settled calls (200, the middle, the last) a heap snapshot also
 * splits the heap into the page's JS values and V8's code (bench/harness/heap-snapshot.ts), and
 * two more rows give the JS values' growth over the same two spans, against a bound that a
 * history without its limit fails (JS_VALUES_FLAT_MB).
 */
import type { BenchEnv } from '../harness/environment';
import { freshBobPage } from '../harness/environment';
import { LONG_LEAK_CALLS, log, sleep } from '../harness/config';
import { one, results, rows } from '../harness/results';
import { heapSnapshot, type HeapParts } from '../harness/heap-snapshot';

/** The history is full after this many calls (src/store/history-storage.ts HISTORY_LIMIT). */
const HISTORY_FULL_AT = 200;
/** "Flat": at most this much growth (MB) from a full history to the last call. */
const FLAT_BUDGET_MB = 0.5;
/** "Flat" over the second half: at most this much growth (MB), ~2 % of the page's heap. */
const SECOND_HALF_BUDGET_MB = 0.1;
/**
 * "Flat" in the page's JS values (heap snapshots, V8's code apart), over either span: ~2 % of the
 * page's heap. With the history's 200-entry limit removed, the values grew 0.31 MB from call 200
 * to 1,000 and 0.20 MB over the second half (≈ 385 bytes an entry); with it, a few KB.
 */
const JS_VALUES_FLAT_MB = 0.1;
/**
 * SIP.js keeps a completed transaction for 64×T1 = 32 s (RFC 3261 Timers H, J: absorbing
 * retransmissions); at ten calls a second that is hundreds of them. The two samples the figure
 * compares are taken after this long without calls, so that it measures what stays, not what is
 * still in flight.
 */
const SETTLE_MS = 34_000;

export async function historyHeapFigure(env: BenchEnv): Promise<void> {
  const { peer, bob, lab } = env;
  const calls = Math.max(LONG_LEAK_CALLS, HISTORY_FULL_AT + 100);
  // Settled like the ends, on a sample's call: the middle of the run, rounded to 100.
  const middle = Math.max(HISTORY_FULL_AT, Math.round(calls / 200) * 100);
  log(`figure 10: ${calls} missed calls, heap every 100`);
  const page = await freshBobPage(env);
  const cdp = await page.context().newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
  };
  const ringing = page.getByTestId('incoming-call');
  const samples: Array<{ calls: number; heap: number; nodes: number; historyEntries: number }> = [];
  const parts = new Map<number, HeapParts>();
  const sample = async (n: number) => {
    const { nodes } = (await cdp.send('Memory.getDOMCounters')) as { nodes: number };
    samples.push({
      calls: n,
      heap: await heap(),
      nodes,
      historyEntries: await page.getByTestId('history-entry').count(),
    });
  };
  await sample(0);
  const failures: string[] = [];
  const started = Date.now();
  for (let i = 1; i <= calls; i++) {
    try {
      const invite = peer.sendInvite({
        to: bob.aor,
        from: `"Caller ${i}" <sip:caller${i % 50}@${lab.config.domain}>`,
        headers: [`Subject: History call ${i}`],
      });
      await ringing.waitFor({ timeout: 10_000 });
      await invite.cancel();
      await invite.waitForFinal();
      await ringing.waitFor({ state: 'detached', timeout: 10_000 });
    } catch (e) {
      failures.push(`call ${i}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
    if (i === HISTORY_FULL_AT || i === middle || i === calls) await sleep(SETTLE_MS);
    if (i % 100 === 0 || i === calls) {
      await sample(i);
      if (i === HISTORY_FULL_AT || i === middle || i === calls)
        parts.set(i, await heapSnapshot(cdp, `history-${i}`));
      log(
        `  ${i}/${calls} calls, ${Math.round((Date.now() - started) / 1000)} s, heap ${samples.at(-1)!.heap}`,
      );
    }
  }
  await page.context().close();
  results.historyHeap = { calls, samples, failures, snapshots: Object.fromEntries(parts) };
  const mb = (b: number) => Math.round((b / 1e6) * 100) / 100;
  const full = samples.find((s) => s.calls >= HISTORY_FULL_AT)!;
  const last = samples.at(-1)!;
  const flat = mb(last.heap - full.heap);
  rows.push({
    figure: '10',
    what:
      `heap from call ${full.calls} (history full) to ${last.calls}, missed calls ` +
      `(MB every 100 calls: ${samples.map((s) => mb(s.heap)).join(' → ')})`,
    ours: one(flat),
    unit: ' MB',
    target: `≤ ${FLAT_BUDGET_MB} MB`,
    budget: FLAT_BUDGET_MB,
    met: flat <= FLAT_BUDGET_MB && failures.length === 0,
  });
  const mid = samples.find((s) => s.calls >= middle)!;
  const secondHalf = mb(last.heap - mid.heap);
  rows.push({
    figure: '10',
    what: `heap over the second half, call ${mid.calls} to ${last.calls} (both settled)`,
    ours: one(secondHalf),
    unit: ' MB',
    target: `≤ ${SECOND_HALF_BUDGET_MB} MB`,
    budget: SECOND_HALF_BUDGET_MB,
    met: secondHalf <= SECOND_HALF_BUDGET_MB && failures.length === 0,
  });
  // The same two spans, in the page's JS values only (V8's compiled code beside, for the record).
  const span = (from: number) => {
    const a = parts.get(from)!;
    const b = parts.get(calls)!;
    // To the kilobyte: a few KB over hundreds of calls is what "flat" looks like here.
    const values = Math.round((b.jsValues - a.jsValues) / 1e3) / 1e3;
    const code = mb(b.code - a.code);
    rows.push({
      figure: '10',
      what:
        `JS values (heap snapshots: not V8's compiled code, not the browser's own objects), ` +
        `call ${from} to ${calls} (compiled code ${code >= 0 ? '+' : ''}${code} MB)`,
      ours: one(values),
      unit: ' MB',
      target: `≤ ${JS_VALUES_FLAT_MB} MB`,
      budget: JS_VALUES_FLAT_MB,
      met: values <= JS_VALUES_FLAT_MB && failures.length === 0,
    });
  };
  span(HISTORY_FULL_AT);
  span(middle);
  if (failures.length) log(`figure 10: ${failures.length} calls failed: ${failures.slice(0, 5).join('; ')}`);
}
