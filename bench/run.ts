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
 *   BENCH_IDLE_SECONDS [60]  idle window of figure 7
 *   BENCH_BURSTS [5]         bursts of 10 INVITEs for figure 8
 *   BENCH_FIGURES [all]      e.g. "1,2,4" to run only some figures
 *   BENCH_OUT [bench/results.json]
 *   BENCH_PROFILE [unset]    FILE: CPU profile of the first burst (figure 8)
 *   BENCH_PROFILE_IDLE [unset] FILE: CPU profile of our idle page (figure 7)
 *   BENCH_APP_ROOT [.]       build the app from another checkout (A/B of a proposed change)
 */
import { execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_PATH, chromiumArgs } from '../e2e/support/chromium';
import { percentile, reexecInNetns } from './netns';
import { build } from 'vite';
import { startLab, labUsers, type LabUser } from '../lab/lab';
import { labUmTls, startUmServer } from '../lab/um/server';
import { MailboxStore } from '../lab/um/mailbox/store';
import { startUmPeer, type OutgoingInvite } from '../e2e/support/um-peer';
import { firstRtpAfter, installProbes, peerConnectionCounts } from './page-probes';
import { EMBED_BUDGET, SPA_INITIAL_BUDGET, kb, measureWeights, weightTable, type Weights } from './weight';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const ROOT_DIR = ROOT;

const knob = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const RUNS = knob('BENCH_RUNS', 20);
const RING_RUNS = knob('BENCH_RING_RUNS', 30);
const REF_STUN_RUNS = knob('BENCH_REF_STUN_RUNS', 5);
const LEAK_CALLS = knob('BENCH_LEAK_CALLS', 200);
const IDLE_SECONDS = knob('BENCH_IDLE_SECONDS', 60);
const BURSTS = knob('BENCH_BURSTS', 5);
const FIGURES = new Set(
  (process.env.BENCH_FIGURES ?? '1,2,3,4,5,6,7,8,9').split(',').map((s) => Number(s.trim())),
);

// Ports of our own, apart from the demo's and the e2e suite's (in a private namespace anyway).
const PORTS = {
  app: 28080,
  ws: 28066,
  wss: 28443,
  tcp: 28060,
  tls: 28061,
  um: 28071,
  umHttp: 28091,
  stun: 28478,
};
const HOST = '127.0.0.1';
const APP = `http://${HOST}:${PORTS.app}`;

const CHROMIUM_ARGS = chromiumArgs({ extra: ['--enable-precise-memory-info'] });

// ---------------------------------------------------------------- statistics

export interface Summary {
  median: number;
  p95: number;
  min: number;
  max: number;
  count: number;
}

function summarize(values: number[]): Summary {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    median: round(percentile(s, 50)),
    p95: round(percentile(s, 95)),
    min: round(s[0] ?? NaN),
    max: round(s.at(-1) ?? NaN),
    count: s.length,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

// ---------------------------------------------------------------- network namespace

/** Inside a network namespace of its own (bench/netns.ts) when one can be made here. */
function enterNetns(): void {
  if (!reexecInNetns() && process.env.UM_BENCH_INNER !== '1')
    log('no network namespace available here: running on the host loopback');
}

// ---------------------------------------------------------------- build and serve

async function buildAll(out: string): Promise<void> {
  const quiet = { logLevel: 'warn' as const };
  // BENCH_APP_ROOT: build the app from another checkout (to compare a proposed change, A/B).
  const ROOT = path.resolve(process.env.BENCH_APP_ROOT ?? ROOT_DIR);
  await build({
    ...quiet,
    root: ROOT,
    configFile: path.join(ROOT, 'vite.config.ts'),
    build: { outDir: out, emptyOutDir: true },
  });
  await build({
    ...quiet,
    root: ROOT,
    configFile: path.join(ROOT, 'vite.embed.config.ts'),
    build: { outDir: path.join(out, 'embed'), emptyOutDir: true },
  });
  await build({
    ...quiet,
    root: path.join(ROOT_DIR, 'bench', 'reference'),
    configFile: false,
    base: './',
    build: { outDir: path.join(out, 'reference'), emptyOutDir: true, target: 'es2022' },
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

function serve(dir: string, extra: Record<string, string>): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', APP);
    if (extra[url.pathname] !== undefined) {
      res.writeHead(200, { 'content-type': TYPES['.html']!, 'cache-control': 'no-store' });
      res.end(extra[url.pathname]);
      return;
    }
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(PORTS.app, HOST, () => resolve(server)));
}

/** A page with the <um-phone> element that signs in by itself (attributes + the password property). */
function embedHostPage(wsUrl: string, aor: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>embed bench</title>
<script type="module" src="./embed/um-phone.js"></script></head>
<body><um-phone server="${wsUrl}" aor="${aor}"></um-phone>
<script type="module">
const el = document.querySelector('um-phone');
el.addEventListener('registered', () => { window.__embedRegisteredEvent ??= performance.now(); });
await customElements.whenDefined('um-phone');
const check = () => {
  const s = el.shadowRoot && el.shadowRoot.querySelector('[data-testid="registration-status"]');
  if (s && s.textContent === 'Registered' && window.__embedRegisteredAt === undefined) {
    window.__embedRegisteredAt = performance.now();
    mo.disconnect();
  }
};
const mo = new MutationObserver(check);
mo.observe(el.shadowRoot, { subtree: true, childList: true, characterData: true });
el.password = new URLSearchParams(location.search).get('password');
check();
</script></body></html>`;
}

// ---------------------------------------------------------------- browser helpers

/** Init script: tsx (esbuild keepNames) wraps functions in __name(), which the page lacks. */
const PROBES = [
  'globalThis.__name = globalThis.__name || ((f) => f);',
  `(${installProbes.toString()})();`,
  `globalThis.__firstRtpAfter = ${firstRtpAfter.toString()};`,
  `globalThis.__peerConnectionCounts = ${peerConnectionCounts.toString()};`,
].join('\n');

type ProbeGlobals = {
  __firstRtpAfter: typeof firstRtpAfter;
  __peerConnectionCounts: typeof peerConnectionCounts;
};

interface SpaSettings {
  serverUrl: string;
  aor: string;
  displayName?: string;
  iceServers?: string[];
  voicemailApiUrl?: string;
}

async function newContext(browser: Browser, settings?: SpaSettings): Promise<BrowserContext> {
  const context = await browser.newContext({ permissions: ['microphone'], ignoreHTTPSErrors: true });
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

const markOf = (page: Page, name: string, timeout = 15_000) =>
  page
    .waitForFunction((n) => window.__bench.marks[n], name, { timeout, polling: 10 })
    .then((h) => h.jsonValue() as Promise<{ at: number; perf: number }>);

/** Opens the SPA with remembered settings, types the password, clicks Sign in, waits for Registered. */
async function spaSignIn(browser: Browser, settings: SpaSettings, user: LabUser) {
  const context = await newContext(browser, settings);
  const page = await context.newPage();
  await page.goto(`${APP}/`);
  const ready = await markOf(page, 'signInReady');
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const registered = await markOf(page, 'registered');
  const clickPerf = await page.evaluate(() => window.__bench.lastClickPerf);
  return { context, page, navToSignIn: ready.perf, clickToRegistered: registered.perf - clickPerf };
}

async function refPage(browser: Browser, wsUrl: string, user: LabUser, stun?: string) {
  const context = await newContext(browser);
  const page = await context.newPage();
  const q = new URLSearchParams({
    server: wsUrl,
    aor: user.aor,
    password: user.password,
    ...(stun ? { stun } : {}),
  });
  await page.goto(`${APP}/reference/?${q}`);
  const registeredAt = (await page
    .waitForFunction(
      () => (window as unknown as { __ref?: { registeredAt?: number } }).__ref?.registeredAt,
      undefined,
      { timeout: 15_000, polling: 10 },
    )
    .then((h) => h.jsonValue())) as number;
  return { context, page, navToRegistered: registeredAt };
}

interface CallSetup {
  to200: number;
  toAudio: number;
}

/** Our phone: click "Call voicemail" → the 200 on the WebSocket → the first RTP packet; then hang up. */
async function ourVoicemailCall(page: Page): Promise<CallSetup> {
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
async function refVoicemailCall(page: Page, timeoutMs = 15_000): Promise<CallSetup> {
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

// ---------------------------------------------------------------- results

interface Row {
  figure: string;
  what: string;
  ours: Summary;
  unit: string;
  target?: string;
  met?: boolean;
  reference?: Summary;
}

const rows: Row[] = [];
const results: Record<string, unknown> = {};

function fmtSummary(s: Summary | undefined, unit: string): string {
  if (!s || !s.count) return '—';
  return `${s.median}${unit} / ${s.p95}${unit} (n=${s.count})`;
}

function printTable(): string {
  const head = [
    '#',
    'figure',
    'ours: median / p95 (n)',
    'target',
    'met',
    'bare SIP.js: median / p95 (n)',
    'ours ÷ ref',
  ];
  const lines = rows.map((r) => [
    r.figure,
    r.what,
    fmtSummary(r.ours, r.unit),
    r.target ?? '',
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
    fmtSummary(r.reference, r.unit),
    r.reference?.count && r.ours.count ? `${(r.ours.median / r.reference.median).toFixed(2)}×` : '',
  ]);
  const table = [head, ...lines];
  const md = [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...lines.map((l) => `| ${l.join(' | ')} |`),
  ].join('\n');
  const widths = head.map((_, i) => Math.max(...table.map((l) => l[i]!.length)));
  console.log(table.map((l) => l.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n'));
  return md;
}

function save(): void {
  writeFileSync(
    path.resolve(ROOT, process.env.BENCH_OUT ?? path.join('bench', 'results.json')),
    `${JSON.stringify({ ...results, rows }, null, 2)}\n`,
  );
}

function machine() {
  let chromiumVersion: string;
  try {
    chromiumVersion = execFileSync(CHROMIUM_PATH, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    chromiumVersion = 'unknown';
  }
  return {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? '',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    chromium: chromiumVersion,
    netns: process.env.UM_BENCH_NETNS === '1',
  };
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  enterNetns();
  results.machine = machine();
  results.knobs = { RUNS, RING_RUNS, REF_STUN_RUNS, LEAK_CALLS, IDLE_SECONDS, BURSTS, figures: [...FIGURES] };
  log(`machine: ${JSON.stringify(results.machine)}`);

  const out = mkdtempSync(path.join(os.tmpdir(), 'um-bench-'));
  const umData = mkdtempSync(path.join(os.tmpdir(), 'um-bench-data-'));
  const cleanups: Array<() => Promise<unknown> | unknown> = [
    () =>
      process.env.BENCH_PROFILE ? log(`build kept in ${out}`) : rmSync(out, { recursive: true, force: true }),
    () => rmSync(umData, { recursive: true, force: true }),
  ];
  try {
    log('building the SPA, the embed bundle and the reference page (private dir)');
    await buildAll(out);

    // 1. weight
    const weights: Weights = measureWeights(out);
    results.weight = weights;
    console.log('\nFigure 1, weight (1 KB = 1000 bytes):');
    console.log(weightTable(weights));
    const one = (brotli: number): Summary => ({
      median: brotli,
      p95: brotli,
      min: brotli,
      max: brotli,
      count: 1,
    });
    rows.push({
      figure: '1',
      what: 'SPA initial JS+CSS, brotli',
      ours: one(Math.round(weights.spaInitial.brotli / 100) / 10),
      unit: ' KB',
      target: `≤ ${kb(SPA_INITIAL_BUDGET)}`,
      met: weights.spaInitial.brotli <= SPA_INITIAL_BUDGET,
    });
    rows.push({
      figure: '1',
      what: 'embed um-phone.js, brotli',
      ours: one(Math.round(weights.embed.brotli / 100) / 10),
      unit: ' KB',
      target: `≤ ${kb(EMBED_BUDGET)}`,
      met: weights.embed.brotli <= EMBED_BUDGET,
    });
    save();
    const timing = [...FIGURES].some((f) => f >= 2);
    if (!timing) return;

    // The lab: Kamailio, the voicemail server (one message in bob's mailbox), the UM test peer.
    const lab = await startLab({
      name: `bench-${process.pid}`,
      wsPort: PORTS.ws,
      wssPort: PORTS.wss,
      tcpPort: PORTS.tcp,
      tlsPort: PORTS.tls,
      umPort: PORTS.um,
      echoLog: false,
    });
    cleanups.unshift(() => lab.stop());
    const users = Object.fromEntries(labUsers(undefined, lab.config.domain).map((u) => [u.name, u]));
    const alice = users.alice!;
    const bob = users.bob!;
    const seed = await MailboxStore.open(path.join(umData, 'mailboxes'), Object.keys(users), () => undefined);
    await seed.add('bob', {
      caller: alice.aor,
      callerName: alice.displayName,
      receivedAt: new Date(),
      subject: 'Benchmark message',
      priority: 'normal',
      audio: Buffer.alloc(8000 * 8, 0x7e), // 8 s of a quiet, non-silent tone
    });
    await seed.flush();
    const umErrors: string[] = [];
    const um = await startUmServer({
      sipHost: lab.config.umAddr,
      sipPort: PORTS.um,
      proxyHost: HOST,
      proxyTlsPort: PORTS.tls,
      domain: lab.config.domain,
      ...labUmTls(lab.paths),
      dataDir: umData,
      promptsDir: path.join(ROOT, 'lab', 'run', 'bench-um-prompts'),
      httpHost: HOST,
      httpPort: PORTS.umHttp,
      log: (line) => {
        if (/error|fail/i.test(line)) umErrors.push(line);
      },
    });
    cleanups.unshift(() => um.stop());
    const peer = await startUmPeer({
      host: lab.config.umAddr,
      port: 0,
      proxy: { host: HOST, port: PORTS.tls },
      domain: lab.config.domain,
      cert: lab.paths.certFile,
      key: lab.paths.keyFile,
    });
    cleanups.unshift(() => peer.close());
    // A STUN server that never answers: a UDP socket on loopback that swallows what it gets.
    let stunPackets = 0;
    const blackhole = dgram.createSocket('udp4');
    blackhole.on('message', () => stunPackets++);
    await new Promise<void>((resolve) => blackhole.bind(PORTS.stun, HOST, resolve));
    cleanups.unshift(() => new Promise<void>((r) => blackhole.close(() => r())));
    const deadStun = `stun:${HOST}:${PORTS.stun}`;

    const server = await serve(out, { '/bench-embed.html': embedHostPage(lab.wsUrl, alice.aor) });
    cleanups.unshift(() => new Promise<void>((r) => server.close(() => r())));
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    });
    cleanups.unshift(() => browser.close());

    const aliceSettings: SpaSettings = {
      serverUrl: lab.wsUrl,
      aor: alice.aor,
      displayName: alice.displayName,
    };
    const bobSettings: SpaSettings = {
      serverUrl: lab.wsUrl,
      aor: bob.aor,
      displayName: bob.displayName,
      voicemailApiUrl: um.httpUrl,
    };

    // 2 + 9. load → Registered: SPA (two halves), embed (whole), reference (whole), interleaved.
    if (FIGURES.has(2) || FIGURES.has(9)) {
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
      save();
    }

    // 4, 5 + 9. voicemail call setup, without and with an unreachable STUN server.
    for (const fig of [4, 5] as const) {
      if (!FIGURES.has(fig) && !FIGURES.has(9)) continue;
      const stun = fig === 5 ? deadStun : undefined;
      const refRuns = fig === 5 ? REF_STUN_RUNS : RUNS;
      log(
        `figure ${fig}: ${RUNS} voicemail calls${stun ? ` with ${stun} configured` : ''}, ${refRuns} from the reference`,
      );
      const stunBefore = stunPackets;
      const spa = await spaSignIn(browser, { ...aliceSettings, iceServers: stun ? [stun] : [] }, alice);
      const rp = await refPage(browser, lab.wsUrl, alice, stun);
      const ours: CallSetup[] = [];
      const ref: CallSetup[] = [];
      for (let i = 0; i < Math.max(RUNS, refRuns); i++) {
        if (i < RUNS) ours.push(await ourVoicemailCall(spa.page));
        await sleep(150);
        if (i < refRuns) ref.push(await refVoicemailCall(rp.page, fig === 5 ? 20_000 : 15_000));
        await sleep(150);
      }
      await rp.context.close();
      if (fig === 4) {
        // Kept for figure 7: a registered, idle SPA page.
        cleanups.unshift(() => spa.context.close());
        idlePage = spa.page;
      } else await spa.context.close();
      const target = fig === 4 ? 250 : 600;
      results[`callSetup${fig === 5 ? 'DeadStun' : ''}`] = {
        ours,
        reference: ref,
        stunPacketsReceived: stunPackets - stunBefore,
      };
      rows.push({
        figure: String(fig),
        what: `Call voicemail → 200 OK${stun ? ' (dead STUN)' : ''}`,
        ours: summarize(ours.map((c) => c.to200)),
        unit: ' ms',
        reference: summarize(ref.map((c) => c.to200)),
      });
      rows.push({
        figure: String(fig),
        what: `Call voicemail → first RTP${stun ? ' (dead STUN)' : ''}`,
        ours: summarize(ours.map((c) => c.toAudio)),
        unit: ' ms',
        target: `≤ ${target} ms median`,
        met: summarize(ours.map((c) => c.toAudio)).median <= target,
        reference: summarize(ref.map((c) => c.toAudio)),
      });
      if (stun) log(`the dead STUN server got ${stunPackets - stunBefore} packets`);
      save();
    }

    // 3. ring latency: Play-On-Phone INVITE written by the UM peer → ringing panel with label + Subject.
    // Bob's phone for figures 3 and 8: a fresh page each (figure 8's first burst is then the page's
    // first ring ever, the worst case), and only one registered at a time (INVITEs fork to all).
    const bobFresh = async () => {
      const b = await spaSignIn(browser, bobSettings, bob);
      cleanups.unshift(() => b.context.close());
      return b.page;
    };
    // Open the peer's TLS connection to the proxy first: the INVITEs then go out at once.
    await peer
      .sendRequest('OPTIONS', { uri: `sip:${lab.config.domain}` })
      .waitForFinal()
      .catch(() => undefined);
    let bobPage: Page | undefined = FIGURES.has(3) ? await bobFresh() : undefined;
    if (FIGURES.has(3) && bobPage) {
      log(`figure 3: ${RING_RUNS} Play-On-Phone INVITEs`);
      const latencies: number[] = [];
      for (let i = 0; i < RING_RUNS; i++) {
        const subject = `Benchmark ring ${i + 1}`;
        await bobPage.evaluate((s) => {
          window.__bench.watchAll('ring', [
            ['[data-testid="incoming-call"] [data-testid="call-purpose"]', 'Voice message playback'],
            ['[data-testid="incoming-call"] [data-testid="call-subject"]', s],
          ]);
        }, subject);
        const written = Date.now();
        const invite = peer.sendInvite({
          to: bob.aor,
          from: `<${bob.aor}>`,
          headers: ['Ms-Sensitivity: private-no-diversion', `Subject: ${subject}`, 'Priority: normal'],
        });
        const seen = await markOf(bobPage, 'ring', 10_000);
        latencies.push(seen.at - written);
        await invite.cancel();
        await invite.waitForFinal();
        await bobPage.getByTestId('incoming-call').waitFor({ state: 'detached', timeout: 10_000 });
        await sleep(100);
      }
      results.ring = latencies;
      const s = summarize(latencies);
      rows.push({
        figure: '3',
        what: 'Play-On-Phone INVITE → ringing panel',
        ours: s,
        unit: ' ms',
        target: '≤ 40 ms p95',
        met: s.p95 <= 40,
      });
      save();
    }

    // 8. burst: 10 INVITEs within 100 ms.
    if (bobPage) await bobPage.context().close();
    bobPage = undefined;
    if (FIGURES.has(8)) {
      bobPage = await bobFresh();
      log(`figure 8: ${BURSTS} bursts of 10 INVITEs`);
      const bursts: Array<{
        spreadMs: number;
        responses: Record<string, number>;
        handled: number;
        ringing: number;
        longTasks: number[];
      }> = [];
      // BENCH_PROFILE=FILE: a CPU profile of the first burst (open it in Chromium's DevTools).
      const profiler = process.env.BENCH_PROFILE ? await bobPage.context().newCDPSession(bobPage) : undefined;
      for (let b = 0; b < BURSTS; b++) {
        if (profiler && b === 0) {
          await profiler.send('Profiler.enable');
          await profiler.send('Profiler.setSamplingInterval', { interval: 200 });
          await profiler.send('Profiler.start');
        }
        const t0 = Date.now();
        const invites: OutgoingInvite[] = [];
        for (let i = 0; i < 10; i++) {
          invites.push(
            peer.sendInvite({
              to: bob.aor,
              from: `"Caller ${i + 1}" <sip:caller${i + 1}@${lab.config.domain}>`,
              contact: `<sip:caller${i + 1}@${lab.config.umAddr}:${peer.port};transport=tls>`,
              headers: [`Subject: Burst ${b + 1} call ${i + 1}`],
            }),
          );
          // One every 10 ms on a fixed schedule (no drift): the 10th leaves ~90 ms after the first.
          if (i < 9) await sleep(Math.max(0, t0 + (i + 1) * 10 - Date.now()));
        }
        const spreadMs = Date.now() - t0;
        // Every INVITE must get an answer: 180 (it rings, or waits as a second call) or a final
        // refusal (486 Busy Here beyond the phone's live-call limit).
        await Promise.all(
          invites.map((inv) => inv.waitForResponse((r) => r.status >= 180, 10_000).catch(() => undefined)),
        );
        await sleep(500);
        const answers = invites.map((inv) => inv.responses.filter((st) => st >= 180));
        if (process.env.BENCH_DEBUG)
          log(
            invites
              .map((inv) =>
                inv.responseMessages
                  .map((m) => `${m.status} ${m.getHeader('cseq')} ${m.getHeader('to')}`)
                  .join(' | '),
              )
              .join('\n'),
          );
        const responses: Record<string, number> = {};
        for (const a of answers) {
          const key = a.length ? a.join('+') : 'none';
          responses[key] = (responses[key] ?? 0) + 1;
        }
        const ringing = await bobPage.getByTestId('incoming-call').count();
        const longTasks = await bobPage.evaluate(
          (since) =>
            window.__bench.longtasks.filter((t) => t.start >= since).map((t) => Math.round(t.duration)),
          t0,
        );
        bursts.push({
          spreadMs,
          responses,
          handled: answers.filter((a) => a.length > 0).length,
          ringing,
          longTasks,
        });
        log(`burst ${b + 1}: ${JSON.stringify(bursts.at(-1))}`);
        if (profiler && b === 0) {
          const { profile } = (await profiler.send('Profiler.stop')) as { profile: unknown };
          writeFileSync(path.resolve(process.env.BENCH_PROFILE!), JSON.stringify(profile));
        }
        await Promise.all(
          invites.map((inv, i) =>
            answers[i]!.every((st) => st < 200) ? inv.cancel().catch(() => undefined) : undefined,
          ),
        );
        await bobPage
          .getByTestId('incoming-call')
          .first()
          .waitFor({ state: 'detached', timeout: 10_000 })
          .catch(() => undefined);
        await sleep(1000);
      }
      results.burst = bursts;
      await bobPage.context().close();
      const worst = bursts.map((x) => Math.max(0, ...x.longTasks));
      const tally: Record<string, number> = {};
      for (const x of bursts)
        for (const [k, n] of Object.entries(x.responses)) tally[k] = (tally[k] ?? 0) + n;
      rows.push({
        figure: '8',
        what: `burst: INVITEs answered, of 10 (${Object.entries(tally)
          .map(([k, n]) => `${n}× ${k}`)
          .join(', ')})`,
        ours: summarize(bursts.map((x) => x.handled)),
        unit: '',
        target: '10',
        met: bursts.every((x) => x.handled === 10),
      });
      rows.push({
        figure: '8',
        what: 'burst: longest long task, 1st burst (page never rang)',
        ours: summarize(worst.slice(0, 1)),
        unit: ' ms',
        target: 'none > 50 ms',
        met: worst[0]! <= 50,
      });
      if (worst.length > 1)
        rows.push({
          figure: '8',
          what: 'burst: longest long task, later bursts (0 = none)',
          ours: summarize(worst.slice(1)),
          unit: ' ms',
          target: 'none > 50 ms',
          met: worst.slice(1).every((w) => w <= 50),
        });
      save();
    }

    // 7. idle CPU: a registered, idle page, ours and the reference side by side.
    if (FIGURES.has(7)) {
      log(`figure 7: ${IDLE_SECONDS} s idle`);
      const ourIdle = idlePage ?? (await spaSignIn(browser, aliceSettings, alice)).page;
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
        ours: {
          median: round(pct[0]!),
          p95: round(pct[0]!),
          min: round(pct[0]!),
          max: round(pct[0]!),
          count: 1,
        },
        unit: ' %',
        target: '≤ 1 %',
        met: pct[0]! <= 1,
        reference: {
          median: round(pct[1]!),
          p95: round(pct[1]!),
          min: round(pct[1]!),
          max: round(pct[1]!),
          count: 1,
        },
      });
      save();
    }

    // 6. leaks: sequential Play-On-Phone calls through the real UM (ring, answer, ~1 s audio, hang up).
    if (FIGURES.has(6)) {
      log(`figure 6: ${LEAK_CALLS} Play-On-Phone calls`);
      const lc = await spaSignIn(browser, bobSettings, bob);
      cleanups.unshift(() => lc.context.close());
      const page = lc.page;
      const cdp = await lc.context.newCDPSession(page);
      const heap = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        await cdp.send('HeapProfiler.collectGarbage');
        return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
      };
      // DOM nodes and listeners beside the heap: the history list (capped at 200 entries) grows
      // with every call until it is full, and that is growth, not a leak.
      const dom = async () => ({
        ...((await cdp.send('Memory.getDOMCounters')) as {
          documents: number;
          nodes: number;
          jsEventListeners: number;
        }),
        historyEntries: await page.getByTestId('history-entry').count(),
      });
      const item = page.getByTestId('voicemail-message').first();
      await item.waitFor({ timeout: 15_000 });
      const heapBefore = await heap();
      const domBefore = await dom();
      let domWarm = domBefore;
      let heapWarm = heapBefore;
      const failures: string[] = [];
      const started = Date.now();
      for (let i = 1; i <= LEAK_CALLS; i++) {
        try {
          await item.getByRole('button', { name: 'Play on my phone' }).click({ timeout: 15_000 });
          const ringing = page.getByTestId('incoming-call');
          await ringing.getByRole('button', { name: 'Answer' }).click({ timeout: 15_000 });
          const since = await page.evaluate(() => window.__bench.lastClick);
          const got = await page.evaluate(
            (s) => (window as unknown as ProbeGlobals).__firstRtpAfter(s),
            since,
          );
          if (!got) failures.push(`call ${i}: no audio`);
          await sleep(1000);
          const active = page.getByTestId('active-call');
          await active.getByRole('button', { name: 'Hang up' }).click({ timeout: 10_000 });
          await active.waitFor({ state: 'detached', timeout: 10_000 });
        } catch (e) {
          failures.push(`call ${i}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
          await sleep(2000);
        }
        if (i === Math.min(10, LEAK_CALLS)) {
          heapWarm = await heap();
          domWarm = await dom();
        }
        if (i % 20 === 0)
          log(
            `  ${i}/${LEAK_CALLS} calls, ${Math.round((Date.now() - started) / 1000)} s, ${failures.length} failed`,
          );
      }
      await sleep(2000);
      const heapAfter = await heap();
      const domAfter = await dom();
      const pcs = await page.evaluate(() => (window as unknown as ProbeGlobals).__peerConnectionCounts());
      results.leaks = {
        calls: LEAK_CALLS,
        heapBefore,
        heapAfter10Calls: heapWarm,
        heapAfter,
        domBefore,
        domAfter10Calls: domWarm,
        domAfter,
        peerConnections: pcs,
        failures,
      };
      log(
        `heap ${heapBefore} → ${heapWarm} (10 calls) → ${heapAfter}; DOM ${JSON.stringify([domBefore, domWarm, domAfter])}`,
      );
      const mb = (b: number) => Math.round((b / 1e6) * 100) / 100;
      const growth = mb(heapAfter - heapBefore);
      const one = (v: number): Summary => ({ median: v, p95: v, min: v, max: v, count: 1 });
      rows.push({
        figure: '6',
        what: `heap growth over ${LEAK_CALLS} calls (${mb(heapBefore)} → ${mb(heapWarm)} after 10 → ${mb(heapAfter)} MB)`,
        ours: one(growth),
        unit: ' MB',
        target: '≤ 3 MB',
        met: growth <= 3,
      });
      rows.push({
        figure: '6',
        what: `peer connections left open (made ${pcs.made}, still referenced ${pcs.retained})`,
        ours: one(pcs.open),
        unit: '',
        target: '0',
        met: pcs.open === 0,
      });
      if (failures.length)
        log(`leak calls that failed: ${failures.slice(0, 5).join('; ')}${failures.length > 5 ? ' …' : ''}`);
      save();
    }
    if (umErrors.length) results.umErrors = umErrors.slice(0, 20);
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

let idlePage: Page | undefined;

await main();
