/**
 * Chromium side of the figures: a context per user with the page probes installed
 * (bench/page-probes.ts), signing in to our SPA or the reference page, and one voicemail call on
 * each, timed from the click to the 200 OK and to the first RTP packet.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, CDPSession, Page } from '@playwright/test';
import type { LabUser } from '../../lab/lab';
import { firstRtpAfter, installProbes, peerConnectionCounts } from '../page-probes';
import { APP, TYPING_MS, sleep } from './config';

/** Init script: tsx (esbuild keepNames) wraps functions in __name(), which the page lacks. */
const PROBES = [
  'globalThis.__name = globalThis.__name || ((f) => f);',
  `(${installProbes.toString()})();`,
  `globalThis.__firstRtpAfter = ${firstRtpAfter.toString()};`,
  `globalThis.__peerConnectionCounts = ${peerConnectionCounts.toString()};`,
].join('\n');

export type ProbeGlobals = {
  __firstRtpAfter: typeof firstRtpAfter;
  __peerConnectionCounts: typeof peerConnectionCounts;
};

export interface SpaSettings {
  serverUrl: string;
  aor: string;
  displayName?: string;
  iceServers?: string[];
  voicemailApiUrl?: string;
}

/** The options every page of the benchmark opens with (a context's, or a persistent profile's). */
export const CONTEXT_OPTIONS = { permissions: ['microphone'], ignoreHTTPSErrors: true };

export async function newContext(browser: Browser, settings?: SpaSettings): Promise<BrowserContext> {
  return prepareContext(await browser.newContext(CONTEXT_OPTIONS), settings);
}

/** Installs the page probes and, for the SPA, a returning user's settings. */
export async function prepareContext(
  context: BrowserContext,
  settings?: SpaSettings,
): Promise<BrowserContext> {
  await context.addInitScript({ content: PROBES });
  if (settings) {
    const full = {
      authUser: '',
      displayName: '',
      iceServers: [],
      dtmfMode: 'rfc4733',
      skipPin: true,
      voicemailApiUrl: '',
      trustedVoicemailHosts: [],
      ...settings,
    };
    // The settings a returning user has (everything but the password, which is never stored).
    await context.addInitScript({
      content: `try { localStorage.setItem('um-phone.settings.v1', ${JSON.stringify(JSON.stringify(full))}); } catch {}`,
    });
  }
  return context;
}

/**
 * Where a load opens its page: a browser (a fresh context of its own, empty caches: figure 2), or
 * a context already prepared (`prepareContext`) whose caches earlier views filled (figure 12).
 */
export type PageSource = Browser | BrowserContext;

async function contextFor(source: PageSource, settings?: SpaSettings): Promise<BrowserContext> {
  return 'newContext' in source ? newContext(source, settings) : source;
}

export const markOf = (page: Page, name: string, timeout = 15_000) =>
  page
    .waitForFunction((n) => window.__bench.marks[n], name, { timeout, polling: 10 })
    .then((h) => h.jsonValue() as Promise<{ at: number; perf: number }>);

/**
 * Opens the SPA with remembered settings, types the password (the form is up for TYPING_MS, as
 * long as a returning user takes to type it), clicks Sign in, waits for Registered.
 */
export async function spaSignIn(
  source: PageSource,
  settings: SpaSettings,
  user: LabUser,
  profileFile?: string,
  /** Where the SPA is served: `/`, or `/b/` for BENCH_AB_ROOT's build. */
  at = '/',
) {
  const context = await contextFor(source, settings);
  const page = await context.newPage();
  const profiler = profileFile ? await startProfile(context, page) : undefined;
  await page.goto(`${APP}${at}`);
  const ready = await markOf(page, 'signInReady');
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await sleep(Math.max(0, ready.at + TYPING_MS - Date.now()));
  await page.getByRole('button', { name: 'Sign in' }).click();
  const registered = await markOf(page, 'registered');
  if (profiler && profileFile) await stopProfile(profiler, profileFile);
  const clickPerf = await page.evaluate(() => window.__bench.lastClickPerf);
  return {
    context,
    page,
    navToSignIn: ready.perf,
    clickToRegistered: registered.perf - clickPerf,
    registeredPerf: registered.perf,
  };
}

/** Where a page's load went (performance.now(), ms): for the load figure's breakdown. */
export interface LoadBreakdown {
  domContentLoaded: number;
  scripts: Array<{ name: string; start: number; end: number }>;
  wsCreated?: number;
  wsOpen?: number;
  firstRegister?: number;
}

export function loadBreakdown(page: Page): Promise<LoadBreakdown> {
  return page.evaluate(() => {
    const B = window.__bench;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((e) => /\.(js|ts)(\?|$)/.test(e.name))
      .map((e) => ({ name: e.name.split('/').pop() ?? e.name, start: e.startTime, end: e.responseEnd }));
    return {
      domContentLoaded: nav?.domContentLoadedEventEnd ?? NaN,
      scripts,
      wsCreated: B.wsCreated,
      wsOpen: B.wsOpen,
      firstRegister: B.firstRegister,
    };
  });
}

export async function refPage(
  source: PageSource,
  wsUrl: string,
  user: LabUser,
  stun?: string,
  at: '/reference/' | '/reference/react/' = '/reference/',
) {
  const context = await contextFor(source);
  const page = await context.newPage();
  const q = new URLSearchParams({
    server: wsUrl,
    aor: user.aor,
    password: user.password,
    ...(stun ? { stun } : {}),
  });
  await page.goto(`${APP}${at}?${q}`);
  const registeredAt = (await page
    .waitForFunction(
      () => (window as unknown as { __ref?: { registeredAt?: number } }).__ref?.registeredAt,
      undefined,
      { timeout: 15_000, polling: 10 },
    )
    .then((h) => h.jsonValue())) as number;
  return { context, page, navToRegistered: registeredAt };
}

export interface CallSetup {
  to200: number;
  toAudio: number;
}

/** Our phone: click "Call voicemail" → the 200 on the WebSocket → the first RTP packet; then hang up. */
export async function ourVoicemailCall(page: Page): Promise<CallSetup> {
  await page.getByRole('button', { name: 'Call voicemail' }).click();
  const r = await page.evaluate(async () => {
    const B = window.__bench;
    const t0 = B.lastClick;
    const rtp = await (window as unknown as ProbeGlobals).__firstRtpAfter(t0);
    return { t0, rtp, ok: B.ws200.find((t) => t >= t0) ?? 0 };
  });
  const active = page.getByTestId('active-call');
  await active.getByRole('button', { name: 'Hang up' }).click();
  await active.waitFor({ state: 'detached', timeout: 10_000 });
  if (!r.rtp || !r.ok) throw new Error('voicemail call: no 200 or no audio');
  return { to200: r.ok - r.t0, toAudio: r.rtp - r.t0 };
}

/** The reference: __ref.callVoicemail() → 200 → first RTP; then hang up. */
export async function refVoicemailCall(page: Page, timeoutMs = 15_000): Promise<CallSetup> {
  const r = await page.evaluate(async (timeoutMs) => {
    const B = window.__bench;
    const w = window as unknown as ProbeGlobals & { __ref: { callVoicemail(): void } };
    const t0 = Date.now();
    w.__ref.callVoicemail();
    const rtp = await w.__firstRtpAfter(t0, timeoutMs);
    return { t0, rtp, ok: B.ws200.find((t) => t >= t0) ?? 0 };
  }, timeoutMs);
  await page.evaluate(() => (window as unknown as { __ref: { hangup(): void } }).__ref.hangup());
  await page.waitForFunction(
    () => document.getElementById('status')?.textContent === 'Registered',
    undefined,
    {
      timeout: 10_000,
    },
  );
  if (!r.rtp || !r.ok) throw new Error('reference voicemail call: no 200 or no audio');
  return { to200: r.ok - r.t0, toAudio: r.rtp - r.t0 };
}

/** A CPU profile of `page` from now on (BENCH_PROFILE_LOAD), sampled every 200 µs. */
export async function startProfile(context: BrowserContext, page: Page): Promise<CDPSession> {
  const profiler = await context.newCDPSession(page);
  await profiler.send('Profiler.enable');
  await profiler.send('Profiler.setSamplingInterval', { interval: 200 });
  await profiler.send('Profiler.start');
  return profiler;
}

/** Stops the profile and writes it to `file` (a .cpuprofile DevTools opens). */
export async function stopProfile(profiler: CDPSession, file: string): Promise<void> {
  const { profile } = (await profiler.send('Profiler.stop')) as { profile: unknown };
  writeFileSync(path.resolve(file), JSON.stringify(profile));
}

/** Where the SPA's profile goes: `load.cpuprofile` → `load.spa.cpuprofile`. */
export function spaProfileFile(file: string): string {
  const ext = path.extname(file);
  return `${file.slice(0, file.length - ext.length)}.spa${ext}`;
}

/** Opens the element's host page (served at `at`), which signs in by itself; waits for "Registered". */
export async function embedLoad(source: PageSource, user: LabUser, profileFile?: string, at = '/') {
  const context = await contextFor(source);
  const page = await context.newPage();
  const profiler = profileFile ? await startProfile(context, page) : undefined;
  await page.goto(`${APP}${at}bench-embed.html?${new URLSearchParams({ password: user.password })}`);
  const registered = (await page
    .waitForFunction(
      () => (window as unknown as { __embedRegisteredAt?: number }).__embedRegisteredAt,
      undefined,
      { timeout: 15_000, polling: 10 },
    )
    .then((h) => h.jsonValue())) as number;
  if (profiler && profileFile) await stopProfile(profiler, profileFile);
  return { context, page, registered };
}
