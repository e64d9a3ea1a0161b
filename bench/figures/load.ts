/**
 * Figures 2 and 9: navigation → "Registered" for the SPA (two halves: the sign-in form, then the
 * click on Sign in after the password was typed), the <um-phone> element and the reference page
 * (whole), interleaved run by run. Issue 17's target: no slower than the bare SIP.js page measured
 * in the same run (medians). Beside the table, where each load went (bench/results.json, and a
 * log line of medians): scripts fetched, the WebSocket made and open, the first REGISTER sent.
 */
import type { BenchEnv } from '../harness/environment';
import {
  embedLoad,
  loadBreakdown,
  refPage,
  spaProfileFile,
  spaSignIn,
  type LoadBreakdown,
} from '../harness/browser';
import { RUNS, log } from '../harness/config';
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
  const reactRef: number[] = [];
  const breakdown: Record<
    'spa' | 'embed' | 'reference' | 'reactReference',
    Array<LoadBreakdown & { registered: number }>
  > = {
    spa: [],
    embed: [],
    reference: [],
    reactReference: [],
  };
  const AB = process.env.BENCH_AB_ROOT
    ? { spaSignInReady: [] as number[], spaSum: [] as number[], embed: [] as number[] }
    : undefined;
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

    const e = await embedLoad(browser, alice, profileFile);
    embed.push(e.registered);
    breakdown.embed.push({ ...(await loadBreakdown(e.page)), registered: e.registered });
    await e.context.close();

    if (AB) {
      // The same loads of BENCH_AB_ROOT's build (under /b/), in the same run: an A/B under one load.
      const b = await spaSignIn(browser, aliceSettings, alice, undefined, '/b/');
      AB.spaSum.push(b.navToSignIn + b.clickToRegistered);
      AB.spaSignInReady.push(b.navToSignIn);
      await b.context.close();
      const be = await embedLoad(browser, alice, undefined, '/b/');
      AB.embed.push(be.registered);
      await be.context.close();
    }

    const r = await refPage(browser, lab.wsUrl, alice);
    ref.push(r.navToRegistered);
    breakdown.reference.push({ ...(await loadBreakdown(r.page)), registered: r.navToRegistered });
    await r.context.close();

    const rr = await refPage(browser, lab.wsUrl, alice, undefined, '/reference/react/');
    reactRef.push(rr.navToRegistered);
    breakdown.reactReference.push({ ...(await loadBreakdown(rr.page)), registered: rr.navToRegistered });
    await rr.context.close();
  }
  const refSummary = summarize(ref);
  results.load = {
    spaSignInReady,
    spaClick,
    spaSum,
    embed,
    reference: ref,
    reactReference: reactRef,
    breakdown,
    ...(AB ? { ab: AB } : {}),
  };
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
  // What React 19 alone adds to the bare page: the floor under the two rows above (both React 19).
  const reactSummary = summarize(reactRef);
  rows.push({
    figure: '2',
    what: 'bare React 19 + SIP.js page: navigation → "Registered"',
    ours: reactSummary,
    unit: ' ms',
    reference: refSummary,
  });
  log(
    `figure 2: ÷ the bare React 19 + SIP.js page (median ${reactSummary.median} ms): ` +
      `SPA both halves ${(summarize(spaSum).median / reactSummary.median).toFixed(2)}×, ` +
      `embed ${(summarize(embed).median / reactSummary.median).toFixed(2)}×`,
  );
  if (AB) {
    rows.push({
      figure: '2',
      what: 'B (BENCH_AB_ROOT): SPA sign-in form in DOM',
      ours: summarize(AB.spaSignInReady),
      unit: ' ms',
    });
    rows.push(againstReference('B (BENCH_AB_ROOT): SPA both halves', AB.spaSum));
    rows.push(againstReference('B (BENCH_AB_ROOT): embed → "Registered"', AB.embed));
  }
}
