/**
 * Figures 2 and 9: navigation → "Registered" for the SPA (two halves: the sign-in form, then the
 * click on Sign in), the <um-phone> element and the reference page (whole), interleaved run by run.
 */
import type { BenchEnv } from '../harness/environment';
import { newContext, refPage, spaSignIn } from '../harness/browser';
import { APP, RUNS, log } from '../harness/config';
import { results, rows, summarize } from '../harness/results';

export async function loadFigure(env: BenchEnv): Promise<void> {
  const { browser, lab, alice, aliceSettings } = env;
  log(`figure 2: ${RUNS} loads each of the SPA, the embed element and the reference`);
  const spaSignInReady: number[] = [];
  const spaClick: number[] = [];
  const spaSum: number[] = [];
  const embed: number[] = [];
  const ref: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const spa = await spaSignIn(browser, aliceSettings, alice);
    spaSignInReady.push(spa.navToSignIn);
    spaClick.push(spa.clickToRegistered);
    spaSum.push(spa.navToSignIn + spa.clickToRegistered);
    await spa.context.close();

    const ec = await newContext(browser);
    const ep = await ec.newPage();
    await ep.goto(`${APP}/bench-embed.html?${new URLSearchParams({ password: alice.password })}`);
    embed.push(
      (await ep
        .waitForFunction(
          () => (window as unknown as { __embedRegisteredAt?: number }).__embedRegisteredAt,
          undefined,
          {
            timeout: 15_000,
            polling: 10,
          },
        )
        .then((h) => h.jsonValue())) as number,
    );
    await ec.close();

    const r = await refPage(browser, lab.wsUrl, alice);
    ref.push(r.navToRegistered);
    await r.context.close();
  }
  const refSummary = summarize(ref);
  results.load = { spaSignInReady, spaClick, spaSum, embed, reference: ref };
  rows.push({
    figure: '2',
    what: 'SPA: navigation → sign-in form in DOM',
    ours: summarize(spaSignInReady),
    unit: ' ms',
  });
  rows.push({
    figure: '2',
    what: 'SPA: click Sign in → "Registered"',
    ours: summarize(spaClick),
    unit: ' ms',
  });
  rows.push({
    figure: '2',
    what: 'SPA: both halves (no typing)',
    ours: summarize(spaSum),
    unit: ' ms',
    target: '≤ 250 ms median',
    met: summarize(spaSum).median <= 250,
    reference: refSummary,
  });
  rows.push({
    figure: '2',
    what: 'embed: navigation → "Registered"',
    ours: summarize(embed),
    unit: ' ms',
    target: '≤ 250 ms median',
    met: summarize(embed).median <= 250,
    reference: refSummary,
  });
}
