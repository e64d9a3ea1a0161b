/**
 * `npm run bench`: the performance figures of issue 7, measured against the real lab (Kamailio, the
 * voicemail server emulator with werift audio, Debian's Chromium) on loopback, beside a bare SIP.js
 * page measured in the same run. Prints a table and writes bench/results.json.
 *
 * It builds the SPA, the <um-phone> bundle and the reference page into a private temporary
 * directory (never touching dist/, which others build into), serves them from one small static
 * server, and runs inside a private network namespace with only loopback when it can (root or user
 * namespaces), so nothing leaves the machine. Environment knobs (defaults in brackets):
 *
 *   BENCH_RUNS [20]          runs of figures 2, 4, 5 (ours and the reference)
 *   BENCH_RING_RUNS [30]     Play-On-Phone INVITEs for figure 3
 *   BENCH_REF_STUN_RUNS [5]  reference calls with the unreachable STUN server (5 s each by design)
 *   BENCH_LEAK_CALLS [200]   sequential Play-On-Phone calls for figure 6
 *   BENCH_LONG_LEAK_CALLS [1000] missed calls for figure 10 (the heap once the history is full)
 *   BENCH_IDLE_SECONDS [60]  idle window of figure 7
 *   BENCH_BURSTS [5]         bursts of 10 INVITEs for figure 8
 *   BENCH_TYPING_MS [1000]   how long the SPA's sign-in form is up before Sign in (figure 2)
 *   BENCH_FAILOVER_RUNS [20] runs of each part of figure 11 (failover on a two-node cluster)
 *   BENCH_REPEAT_RUNS [10]   runs of figure 12 (a fresh browser profile per page, three views each)
 *   BENCH_FIGURES [all]      e.g. "1,2,4" to run only some figures
 *   BENCH_OUT [bench/results.json]
 *   BENCH_PROFILE [unset]    FILE: CPU profile of the first burst (figure 8)
 *   BENCH_PROFILE_IDLE [unset] FILE: CPU profile of our idle page (figure 7)
 *   BENCH_PROFILE_LOAD [unset] FILE: CPU profiles of the last element load, and FILE.spa of the SPA (figure 2)
 *   BENCH_APP_ROOT [.]       build the app from another checkout (A/B of a proposed change)
 *   BENCH_AB_ROOT [unset]    also build another checkout's SPA and element (under /b/): figure 2 loads
 *                            both in the same runs, an A/B under one machine load
 *
 * This file only wires the parts together: bench/harness/ (knobs and ports, the build and static
 * server, the lab and Chromium, the page helpers, the results table) and one module per figure in
 * bench/figures/, run in the order below.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  BURSTS,
  FIGURES,
  IDLE_SECONDS,
  LEAK_CALLS,
  LONG_LEAK_CALLS,
  REF_STUN_RUNS,
  REPEAT_RUNS,
  RING_RUNS,
  RUNS,
  TYPING_MS,
  enterNetns,
  log,
} from './harness/config';
import { startBenchEnv, warmUpPeer, type Cleanup } from './harness/environment';
import { machine, printTable, results, save } from './harness/results';
import { buildAll } from './harness/serve';
import { burstFigure } from './figures/burst';
import { callSetupFigure } from './figures/call-setup';
import { failoverFigure } from './figures/failover';
import { historyHeapFigure } from './figures/history-heap';
import { idleFigure } from './figures/idle';
import { leaksFigure } from './figures/leaks';
import { loadFigure } from './figures/load';
import { repeatViewFigure } from './figures/repeat-view';
import { ringFigure } from './figures/ring';
import { weightFigure } from './figures/weight';

export type { Summary } from './harness/results';

async function main(): Promise<void> {
  enterNetns();
  results.machine = machine();
  results.knobs = {
    RUNS,
    RING_RUNS,
    REF_STUN_RUNS,
    LEAK_CALLS,
    LONG_LEAK_CALLS,
    IDLE_SECONDS,
    BURSTS,
    TYPING_MS,
    REPEAT_RUNS,
    figures: [...FIGURES],
  };
  log(`machine: ${JSON.stringify(results.machine)}`);

  const out = mkdtempSync(path.join(os.tmpdir(), 'um-bench-'));
  const umData = mkdtempSync(path.join(os.tmpdir(), 'um-bench-data-'));
  const cleanups: Cleanup[] = [
    () =>
      process.env.BENCH_PROFILE ? log(`build kept in ${out}`) : rmSync(out, { recursive: true, force: true }),
    () => rmSync(umData, { recursive: true, force: true }),
  ];
  try {
    log('building the SPA, the embed bundle and the reference page (private dir)');
    await buildAll(out);

    // 1. weight (always: it needs no lab).
    weightFigure(out);
    save();
    const timing = [...FIGURES].some((f) => f >= 2);
    if (!timing) return;

    const env = await startBenchEnv(out, umData, cleanups);

    // 2 + 9. load → Registered: SPA (two halves), embed (whole), reference (whole), interleaved.
    if (FIGURES.has(2) || FIGURES.has(9)) {
      await loadFigure(env);
      save();
    }

    // 12. the same pages viewed again in one browser profile (HTTP and code caches warm).
    if (FIGURES.has(12)) {
      await repeatViewFigure(env);
      save();
    }

    // 4, 5 + 9. voicemail call setup, without and with an unreachable STUN server.
    for (const fig of [4, 5] as const) {
      if (!FIGURES.has(fig) && !FIGURES.has(9)) continue;
      await callSetupFigure(env, fig);
      save();
    }

    // 3. ring latency, then 8. bursts, each on a fresh page of bob's.
    await warmUpPeer(env);
    if (FIGURES.has(3)) {
      await ringFigure(env);
      save();
    }
    if (FIGURES.has(8)) {
      await burstFigure(env);
      save();
    }

    // 7. idle CPU (on figure 4's page when it ran), 10. the heap once the history is full (a
    // fresh page, closed after), then 6. leaks over many calls.
    if (FIGURES.has(7)) {
      await idleFigure(env);
      save();
    }
    if (FIGURES.has(10)) {
      await historyHeapFigure(env);
      save();
    }
    if (FIGURES.has(6)) {
      await leaksFigure(env);
      save();
    }
    // 11. failover on a two-node cluster of its own (kills and freezes its nodes: last).
    if (FIGURES.has(11)) {
      await failoverFigure(env.browser);
      save();
    }
    if (env.umErrors.length) results.umErrors = env.umErrors.slice(0, 20);
  } finally {
    for (const c of cleanups) {
      try {
        await c();
      } catch {
        // best effort
      }
    }
  }
  console.log('\nUM Phone benchmark (medians and p95 over n runs; figure 9 = the bare SIP.js columns)\n');
  results.markdown = printTable();
  save();
  console.log(`\nwritten: ${process.env.BENCH_OUT ?? 'bench/results.json'}`);
}

await main();
