/**
 * Figure 7: idle CPU of a registered, idle page, ours and the reference side by side, as a
 * percentage of one core (Chromium's TaskDuration over the window), and what it went to.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchEnv } from '../harness/environment';
import { refPage, spaSignIn } from '../harness/browser';
import { IDLE_SECONDS, log, sleep } from '../harness/config';
import { one, results, rows } from '../harness/results';

export async function idleFigure(env: BenchEnv): Promise<void> {
  const { browser, lab, alice, bob, aliceSettings } = env;
  log(`figure 7: ${IDLE_SECONDS} s idle`);
  const ourIdle = env.idlePage ?? (await spaSignIn(browser, aliceSettings, alice)).page;
  const rp = await refPage(browser, lab.wsUrl, bob);
  const cdps = await Promise.all([ourIdle, rp.page].map((p) => p.context().newCDPSession(p)));
  const metrics = async () =>
    Promise.all(
      cdps.map(async (c) => {
        const m = (await c.send('Performance.getMetrics')) as {
          metrics: Array<{ name: string; value: number }>;
        };
        return Object.fromEntries(m.metrics.map((x) => [x.name, x.value]));
      }),
    );
  let all: Array<Record<string, number>> = [];
  const task = async () => {
    all = await metrics();
    return all.map((m) => m.TaskDuration ?? NaN);
  };
  await Promise.all(cdps.map((c) => c.send('Performance.enable')));
  await sleep(1000);
  const start = Date.now();
  const before = await task();
  const allBefore = all;
  // BENCH_PROFILE_IDLE=FILE: a CPU profile of our idle page over the same window.
  if (process.env.BENCH_PROFILE_IDLE) {
    await cdps[0]!.send('Profiler.enable');
    await cdps[0]!.send('Profiler.start');
  }
  await sleep(IDLE_SECONDS * 1000);
  const after = await task();
  if (process.env.BENCH_PROFILE_IDLE) {
    const { profile } = (await cdps[0]!.send('Profiler.stop')) as { profile: unknown };
    writeFileSync(path.resolve(process.env.BENCH_PROFILE_IDLE), JSON.stringify(profile));
  }
  const seconds = (Date.now() - start) / 1000;
  const pct = before.map((b, i) => ((after[i]! - b) / seconds) * 100);
  await rp.context.close();
  // What the task time went to (script, layout, style), ours then the reference.
  const delta = all.map((m, i) =>
    Object.fromEntries(
      [
        'TaskDuration',
        'ScriptDuration',
        'LayoutDuration',
        'RecalcStyleDuration',
        'LayoutCount',
        'RecalcStyleCount',
      ]
        .filter((k) => m[k] !== undefined)
        .map((k) => [k, Math.round((m[k]! - allBefore[i]![k]!) * 1000) / 1000]),
    ),
  );
  results.idle = { seconds, oursPercent: pct[0], referencePercent: pct[1], metricDeltas: delta };
  log(`idle metric deltas (ours, reference): ${JSON.stringify(delta)}`);
  const round = (v: number) => Math.round(v * 1000) / 1000;
  rows.push({
    figure: '7',
    what: `idle CPU over ${Math.round(seconds)} s, % of a core`,
    ours: one(round(pct[0]!)),
    unit: ' %',
    target: '≤ 1 %',
    budget: 1,
    met: pct[0]! <= 1,
    reference: one(round(pct[1]!)),
  });
}
