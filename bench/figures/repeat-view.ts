/**
 * Figure 12: repeat views. Issue 17's reason for its load target is that an intranet portal loads
 * the element on every page view; figure 2 measures only the first (a browser with empty caches).
 * Here each run gives each page a browser profile of its own (a persistent context in a temporary
 * directory, as a person's browser has; an off-the-record context keeps no V8 code cache) and opens
 * it VIEWS times one after the other, each view a new tab once the last one is closed: from the
 * second view the files come from the HTTP cache (the static server sends the content-hashed ones
 * as immutable and revalidates the rest, bench/harness/serve.ts), and from the third Chromium
 * can use the code it cached on the second. The same four pages as figure 2, interleaved; the rows
 * are the last view's navigation → "Registered" (the SPA's both halves, without the typing).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from '@playwright/test';
import { CHROMIUM_PATH } from '../../e2e/support/chromium';
import type { BenchEnv } from '../harness/environment';
import {
  CONTEXT_OPTIONS,
  embedLoad,
  loadBreakdown,
  prepareContext,
  refPage,
  spaSignIn,
  type LoadBreakdown,
  type SpaSettings,
} from '../harness/browser';
import { CHROMIUM_ARGS, REPEAT_RUNS, log } from '../harness/config';
import { results, rows, summarize, type Row } from '../harness/results';

/** Views per profile: the first cold, the second from the HTTP cache, the third with code cache too. */
export const VIEWS = 3;

type Kind = 'spa' | 'embed' | 'reference' | 'reactReference';
type Sample = LoadBreakdown & { registered: number };

/** A fresh browser profile of its own, prepared as figure 2's contexts are; removed when closed. */
async function freshProfile(
  settings?: SpaSettings,
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'um-bench-profile-'));
  let context: BrowserContext | undefined;
  const close = async () => {
    await context?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    context = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      ...CONTEXT_OPTIONS,
    });
    await prepareContext(context, settings);
    // A persistent context opens with a blank tab: closed, so each view is the profile's only tab.
    for (const p of context.pages()) await p.close();
    return { context, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** One view of `kind` in `context`: navigation → "Registered" (ms) and where it went; the tab is closed after. */
async function view(env: BenchEnv, kind: Kind, context: BrowserContext): Promise<Sample> {
  const { lab, alice } = env;
  const opened =
    kind === 'spa'
      ? await spaSignIn(context, env.aliceSettings, alice).then((s) => ({
          page: s.page,
          registered: s.navToSignIn + s.clickToRegistered,
        }))
      : kind === 'embed'
        ? await embedLoad(context, alice)
        : await refPage(
            context,
            lab.wsUrl,
            alice,
            undefined,
            kind === 'reference' ? '/reference/' : '/reference/react/',
          ).then((r) => ({ page: r.page, registered: r.navToRegistered }));
  const breakdown = await loadBreakdown(opened.page);
  await opened.page.close();
  return { ...breakdown, registered: opened.registered };
}

export async function repeatViewFigure(env: BenchEnv): Promise<void> {
  log(`figure 12: ${REPEAT_RUNS} runs of ${VIEWS} views each of the SPA, the element and the two references`);
  const kinds: Kind[] = ['spa', 'embed', 'reference', 'reactReference'];
  // samples[kind][v]: the (v + 1)th view of each run.
  const samples = Object.fromEntries(
    kinds.map((k) => [k, Array.from({ length: VIEWS }, () => [] as Sample[])]),
  ) as Record<Kind, Sample[][]>;
  for (let i = 0; i < REPEAT_RUNS; i++) {
    for (const kind of kinds) {
      const profile = await freshProfile(kind === 'spa' ? env.aliceSettings : undefined);
      try {
        for (let v = 0; v < VIEWS; v++) samples[kind][v]!.push(await view(env, kind, profile.context));
      } finally {
        await profile.close();
      }
    }
  }
  results.repeatView = { views: VIEWS, ...samples };
  const median = (runs: Sample[], pick: (b: Sample) => number | undefined) =>
    summarize(runs.map((b) => pick(b) ?? NaN)).median;
  for (const kind of kinds) {
    const lastView = samples[kind][VIEWS - 1]!;
    log(
      `figure 12 ${kind}, medians by view (ms, navigation → Registered): ` +
        samples[kind].map((s, v) => `${v + 1}: ${median(s, (b) => b.registered)}`).join(', ') +
        `; view ${VIEWS}, ms from navigation (the SPA's REGISTER after the typing): ` +
        `DOMContentLoaded ${median(lastView, (b) => b.domContentLoaded)}, ` +
        `WebSocket made ${median(lastView, (b) => b.wsCreated)}, open ${median(lastView, (b) => b.wsOpen)}, ` +
        `first REGISTER ${median(lastView, (b) => b.firstRegister)}`,
    );
  }
  const last = (kind: Kind) => samples[kind][VIEWS - 1]!.map((b) => b.registered);
  const refSummary = summarize(last('reference'));
  const againstReference = (what: string, kind: Kind, target: boolean): Row => {
    const s = summarize(last(kind));
    return {
      figure: '12',
      what,
      ours: s,
      unit: ' ms',
      ...(target
        ? {
            target: '≤ 1.0× bare SIP.js (median)',
            budget: refSummary.median,
            met: s.median <= refSummary.median,
          }
        : {}),
      reference: refSummary,
    };
  };
  rows.push(againstReference(`SPA, view ${VIEWS}: both halves (no typing)`, 'spa', true));
  rows.push(againstReference(`embed, view ${VIEWS}: navigation → "Registered"`, 'embed', true));
  rows.push(againstReference(`bare React 19 + SIP.js, view ${VIEWS}`, 'reactReference', false));
}
