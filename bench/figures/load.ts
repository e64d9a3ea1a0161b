/**
 * Figures 2 and 9: navigation → "Registered" for the SPA (two halves: the sign-in form, then the
 * click on Sign in after the password was typed), the <um-phone> element and the reference page
 * (whole), interleaved run by run. Issue 17's target: no slower than the bare SIP.js page measured
 * in the same run (medians). Beside the table, where each load went (bench/results.json, and a
 * log line of medians): scripts fetched, the WebSocket made and open, the first REGISTER sent.
 */
import type { BenchEnv } from '../harness/environment';
import {
  loadBreakdown,
  newContext,
  refPage,
  spaProfileFile,
  spaSignIn,
  startProfile,
  stopProfile,
  type LoadBreakdown,
} from '../harness/browser';
import { APP, RUNS, log } from '../harness/config';
import { results, rows, summarize, type Row } from '../harness/results';

/** Issue 17: Load → Registered at most 1.0× the bare SIP.js page's (medians, same run). */
const MAX_RATIO_TO_REFERENCE = 1.0;

export async function loadFigure(env: BenchEnv): Promise<void> {
  const { browser, lab, alice, aliceSettings } = env;
  log(`figure 2: ${RUNS} loads each of the SPA, the embed element and the reference`);
  const spaSignInReady: number[] = [];
  const spaClick: number[] = [];
  const spaSum: number[] = [];
  const embed: number[] = [];
  const ref: number[] = [];
  const breakdown: Record<'spa' | 'embed' | 'reference', Array<LoadBreakdown & { registered: number }>> = {
    spa: [],
    embed: [],
    reference: [],
  };
  for (let i = 0; i < RUNS; i++) {
    // BENCH_PROFILE_LOAD=FILE: CPU profiles of the last loads (open them in Chromium's DevTools):
    // FILE for the element, FILE with `.spa` before its extension for the SPA (navigation to Registered).
    const profileFile =
      process.env.BENCH_PROFILE_LOAD && i === RUNS - 1 ? process.env.BENCH_PROFILE_LOAD : undefined;
    const spa = await spaSignIn(browser, aliceSettings, alice, profileFile && spaProfileFile(profileFile));
    spaSignInReady.push(spa.navToSignIn);
    spaClick.push(spa.clickToRegistered);
    spaSum.push(spa.navToSignIn + spa.clickToRegistered);
    breakdown.spa.push({ ...(await loadBreakdown(spa.page)), registered: spa.registeredPerf });
    await spa.context.close();

    const ec = await newContext(browser);
    const ep = await ec.newPage();
    const profiler = profileFile ? await startProfile(ec, ep) : undefined;
    await ep.goto(`${APP}/bench-embed.html?${new URLSearchParams({ password: alice.password })}`);
    const registered = (await ep
      .waitForFunction(
        () => (window as unknown as { __embedRegisteredAt?: number }).__embedRegisteredAt,
        undefined,
        { timeout: 15_000, polling: 10 },
      )
      .then((h) => h.jsonValue())) as number;
    embed.push(registered);
    if (profiler && profileFile) await stopProfile(profiler, profileFile);
    breakdown.embed.push({ ...(await loadBreakdown(ep)), registered });
    await ec.close();

    const r = await refPage(browser, lab.wsUrl, alice);
    ref.push(r.navToRegistered);
    breakdown.reference.push({ ...(await loadBreakdown(r.page)), registered: r.navToRegistered });
    await r.context.close();
  }
  const refSummary = summarize(ref);
  results.load = { spaSignInReady, spaClick, spaSum, embed, reference: ref, breakdown };
  for (const [name, runs] of Object.entries(breakdown)) {
    const median = (pick: (b: LoadBreakdown & { registered: number }) => number | undefined) =>
      summarize(runs.map((b) => pick(b) ?? NaN)).median;
    log(
      `figure 2 ${name}, medians (ms from navigation; the SPA's WebSocket and REGISTER from the click): ` +
        `scripts fetched ${median((b) => Math.max(...b.scripts.map((s) => s.end)))}, ` +
        `DOMContentLoaded ${median((b) => b.domContentLoaded)}, WebSocket made ${median((b) => b.wsCreated)}, ` +
        `open ${median((b) => b.wsOpen)}, first REGISTER ${median((b) => b.firstRegister)}, ` +
        `Registered ${median((b) => b.registered)}`,
    );
  }
  rows.push({
    figure: '2',
    what: 'SPA: navigation → sign-in form in DOM',
    ours: summarize(spaSignInReady),
    unit: ' ms',
  });
  rows.push({
    figure: '2',
    what: 'SPA: click Sign in → "Registered" (password typed meanwhile)',
    ours: summarize(spaClick),
    unit: ' ms',
  });
  const againstReference = (what: string, ours: number[]): Row => {
    const s = summarize(ours);
    return {
      figure: '2',
      what,
      ours: s,
      unit: ' ms',
      target: `≤ ${MAX_RATIO_TO_REFERENCE.toFixed(1)}× bare SIP.js (median)`,
      budget: refSummary.median * MAX_RATIO_TO_REFERENCE,
      met: s.median <= refSummary.median * MAX_RATIO_TO_REFERENCE,
      reference: refSummary,
    };
  };
  rows.push(againstReference('SPA: both halves (no typing)', spaSum));
  rows.push(againstReference('embed: navigation → "Registered"', embed));
}
