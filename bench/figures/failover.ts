/**
 * Figure 11: failover on a two-node cluster of its own (issue 16; e2e/support/cluster-lab.ts,
 * lab/cluster.ts). alice's phone has both nodes as its Server URL list, A first; each run signs
 * in afresh so she starts on A.
 *
 * - 11a kill → registered on B: SIGKILL of node A until the header names B and says Registered;
 * - 11b kill → a call via B rings: from the SIGKILL until a call placed through B (bob over a
 *   WebSocket of his own, INVITEs tried again while B cannot reach her yet) shows her ringing panel;
 * - 11c freeze → registered on B: SIGSTOP of A (no FIN, no RST: the CRLF watchdog must notice);
 * - 11d audio gap across a node loss: alice (on A) in a call with bob (on B); A is killed; the
 *   longest stretch in which the energy alice hears (getStats totalAudioEnergy) does not grow;
 * - 11e audio gap across 5 s without network: the same call, alice's browser offline for 5 s.
 *
 * Times are Date.now() on this machine: the kill in Node, the marks in the page (MutationObserver).
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { startClusterLab, type ClusterLab } from '../../e2e/support/cluster-lab';
import { SipWsClient } from '../../e2e/support/sip-ws-client';
import { spaSignIn } from '../harness/browser';
import { log, ROOT, sleep } from '../harness/config';
import { results, rows, save, summarize } from '../harness/results';

/** Runs of each part (BENCH_FAILOVER_RUNS, 20 by default; fewer for a quick run). */
const FAILOVER_RUNS = (() => {
  const v = Number(process.env.BENCH_FAILOVER_RUNS);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : 20;
})();
/** Port offset of this cluster (24066 + offset …): apart from the e2e clusters and the bench lab. */
const CLUSTER_OFFSET = 3300;
/** How long each audio window is watched around its loss (ms). */
const GAP_WINDOW_MS = 9000;

interface Signed {
  page: Page;
  close(): Promise<void>;
}

async function signIn(browser: Browser, lab: ClusterLab, who: string, servers: string[]): Promise<Signed> {
  const user = lab.user(who);
  const s = await spaSignIn(
    browser,
    { serverUrl: servers.join(' '), aor: user.aor, displayName: user.displayName },
    user,
  );
  await s.page.getByTestId('server-in-use').getByText(servers[0]!).waitFor({ timeout: 10_000 });
  return { page: s.page, close: () => s.context.close() };
}

/** The page's mark once its header names `server` and says Registered. */
function watchRegisteredOn(page: Page, server: string): Promise<void> {
  return page.evaluate((s) => {
    window.__bench.watchAll('failover', [
      ['[data-testid="server-in-use"]', s],
      ['[data-testid="registration-status"]', 'Registered'],
    ]);
  }, server);
}

async function markAt(page: Page, name: string, timeout = 30_000): Promise<number> {
  const h = await page.waitForFunction((n) => window.__bench.marks[n], name, { timeout, polling: 10 });
  return ((await h.jsonValue()) as { at: number }).at;
}

/**
 * bob's INVITE through B (again after each failure, e.g. while B still reaches her through A) until
 * alice's panel rings; the time from the kill.
 */
async function ringViaB(lab: ClusterLab, alice: Page, killedAt: number, bob: SipWsClient): Promise<number> {
  await alice.evaluate(() => window.__bench.watchAll('ring', [['[data-testid="incoming-call"]', null]]));
  const tried: string[] = [];
  for (;;) {
    const call = bob.invite({ uri: lab.user('alice').aor });
    const answer = await call
      // A 407 is the client's to answer (it resends with credentials): not a final answer here.
      .waitForResponse(
        (r) => r.status === 180 || (r.status >= 300 && r.status !== 401 && r.status !== 407),
        3000,
      )
      .catch(() => undefined);
    tried.push(String(answer?.status ?? 'none'));
    if (answer?.status === 180) {
      const at = await markAt(alice, 'ring', 10_000);
      await call.cancel().catch(() => undefined);
      await alice.getByTestId('incoming-call').waitFor({ state: 'detached', timeout: 10_000 });
      return at - killedAt;
    }
    if (Date.now() - killedAt > 30_000)
      throw new Error(`no ring via B within 30 s of the kill (last answers: ${tried.slice(-10).join(' ')})`);
    await sleep(50);
  }
}

/** In the page: the longest stretch (ms) over `forMs` in which the received audio energy did not grow. */
function longestSilence(page: Page, forMs: number): Promise<number> {
  return page.evaluate(async (ms) => {
    const step = 20;
    const energy = async () => {
      let e = 0;
      for (const { ref } of window.__bench.pcs) {
        const pc = ref.deref();
        if (!pc || pc.connectionState === 'closed') continue;
        (await pc.getStats()).forEach((s: { type: string; kind?: string; totalAudioEnergy?: number }) => {
          if (s.type === 'inbound-rtp' && s.kind === 'audio') e += s.totalAudioEnergy ?? 0;
        });
      }
      return e;
    };
    const start = performance.now();
    let last = await energy();
    let lastGrew = start;
    let longest = 0;
    while (performance.now() - start < ms) {
      await new Promise((r) => setTimeout(r, step));
      const e = await energy();
      const now = performance.now();
      if (e > last) {
        longest = Math.max(longest, now - lastGrew);
        lastGrew = now;
        last = e;
      }
    }
    return Math.max(longest, performance.now() - lastGrew);
  }, forMs);
}

/** alice (on A) calls bob (on B); resolves once audio flows to alice. */
async function connectedCall(alice: Page, bob: Page): Promise<void> {
  await alice.getByLabel('Number or SIP address').fill('bob');
  await alice.getByRole('button', { name: 'Call', exact: true }).click();
  await bob.getByTestId('incoming-call').getByRole('button', { name: 'Answer' }).click();
  await alice.locator('[data-testid="active-call"][data-state="connected"]').waitFor({ timeout: 15_000 });
  // Audio has started (a gap measured from here is a gap, not the call's start).
  await alice.waitForFunction(() => window.__bench.pcs.length > 0, undefined, { timeout: 10_000 });
  await sleep(1500);
}

/** Problems met on the way (a run goes on without them); in results.json. */
const problems: string[] = [];
/** Where the nodes' logs of each problem were kept (lab/run/ is removed when the lab stops). */
const problemLogs: string[] = [];

/**
 * Notes a problem and keeps both nodes' Kamailio logs as they are now, in
 * lab/run/failover-problems-<pid>/ (not removed with the lab), so it can be looked into afterwards.
 */
function noteProblem(lab: ClusterLab, problem: string): void {
  problems.push(problem);
  const dir = path.join(ROOT, 'lab', 'run', `failover-problems-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const stem = problem.replace(/[^\w]+/g, '-').slice(0, 60);
  for (const which of ['a', 'b'] as const) {
    const from = lab.node(which).paths.logFile;
    if (!existsSync(from)) continue;
    const to = path.join(dir, `${stem}-${which}.log`);
    copyFileSync(from, to);
    problemLogs.push(path.relative(ROOT, to));
  }
}
/** Hang-ups made before alice was registered again (their BYE waits for her connection). */
const hangUpsWhileReconnecting: string[] = [];

/**
 * alice hangs up; should bob's call stay up (her BYE lost), he hangs up too and it is noted, with
 * the part of the run and what alice's header said at the hang-up. A hang-up while she is still
 * reconnecting (11e: her network came back 3 s earlier) ends her call at once and sends the BYE
 * once she is registered again (calls/call-recovery.ts), within the recovery bound: bob's call
 * may take that long to end.
 */
async function hangUp(lab: ClusterLab, alice: Page, bob: Page, run: number, part: string): Promise<void> {
  const button = (p: Page) => p.getByTestId('active-call').getByRole('button', { name: 'Hang up' });
  const status = await alice.getByTestId('registration-status').textContent();
  if (status !== 'Registered') hangUpsWhileReconnecting.push(`run ${run} ${part}: ${status}`);
  await button(alice)
    .click()
    .catch(() => undefined);
  const ended = await bob
    .getByTestId('active-call')
    .waitFor({ state: 'detached', timeout: 25_000 })
    .then(() => true)
    .catch(() => false);
  if (ended) return;
  noteProblem(
    lab,
    `run ${run} ${part}: alice's hang-up (her header said "${status}") did not end bob's call`,
  );
  await button(bob).click();
  await bob.getByTestId('active-call').waitFor({ state: 'detached', timeout: 10_000 });
}

export async function failoverFigure(browser: Browser): Promise<void> {
  const lab = await startClusterLab('bench-failover', CLUSTER_OFFSET);
  const [a, b] = lab.wsUrls as [string, string];
  const samples = { kill: [] as number[], ring: [] as number[], freeze: [] as number[] };
  const gaps = { node: [] as number[], network: [] as number[] };
  const record = () => {
    results.failover = { ...samples, gaps, problems, problemLogs, hangUpsWhileReconnecting };
  };
  try {
    log(`figure 11: failover, ${FAILOVER_RUNS} runs of each part`);
    const bobUser = lab.user('bob');
    for (let i = 0; i < FAILOVER_RUNS; i++) {
      // Whatever a run opened is closed after it; a run that fails is noted and the next goes on.
      const open: { close(): Promise<void> }[] = [];
      const opened = <T extends { close(): Promise<void> }>(o: T): T => (open.push(o), o);
      let part = '11a';
      try {
        // 11a + 11b: one kill, both measured.
        const bob = opened(
          await SipWsClient.connect({
            url: b,
            user: bobUser.name,
            password: bobUser.password,
            domain: lab.domain,
          }),
        );
        const alice = opened(await signIn(browser, lab, 'alice', [a, b]));
        await watchRegisteredOn(alice.page, b);
        const killedAt = Date.now();
        lab.kill('a');
        samples.kill.push((await markAt(alice.page, 'failover')) - killedAt);
        // Tried from the moment her phone says Registered on B (earlier INVITEs can only fail).
        part = '11b';
        samples.ring.push(await ringViaB(lab, alice.page, killedAt, bob));
        await bob.close();
        await alice.close();
        await lab.restartEmpty('a');

        // 11c: freeze.
        part = '11c';
        const frozen = opened(await signIn(browser, lab, 'alice', [a, b]));
        await watchRegisteredOn(frozen.page, b);
        const frozenAt = Date.now();
        lab.freeze('a');
        try {
          samples.freeze.push((await markAt(frozen.page, 'failover')) - frozenAt);
        } finally {
          lab.thaw('a');
        }
        await frozen.close();
        await lab.restartEmpty('a'); // A's WebSockets of the frozen spell are gone for good

        // 11d: the audio gap across the loss of alice's node.
        part = '11d';
        const caller = opened(await signIn(browser, lab, 'alice', [a, b]));
        const callee = opened(await signIn(browser, lab, 'bob', [b, a]));
        // alice's call goes through A, which must have learnt bob's contact on B (A restarted empty).
        await lab.waitForContact('a', 'bob');
        await connectedCall(caller.page, callee.page);
        await watchRegisteredOn(caller.page, b);
        const watching = longestSilence(caller.page, GAP_WINDOW_MS);
        await sleep(1000);
        lab.kill('a');
        gaps.node.push(await watching);
        await markAt(caller.page, 'failover');
        await hangUp(lab, caller.page, callee.page, i + 1, '11d');
        await lab.restartEmpty('a');

        // 11e: the audio gap across 5 s without network (on the same two phones, now both on B).
        part = '11e';
        await connectedCall(caller.page, callee.page);
        const listening = longestSilence(caller.page, GAP_WINDOW_MS);
        await sleep(1000);
        await caller.page.context().setOffline(true);
        await sleep(5000);
        await caller.page.context().setOffline(false);
        gaps.network.push(await listening);
        await hangUp(lab, caller.page, callee.page, i + 1, '11e');
        log(
          `  run ${i + 1}: kill→registered ${samples.kill.at(-1)} ms, kill→ring ${samples.ring.at(-1)} ms, ` +
            `freeze→registered ${samples.freeze.at(-1)} ms, gaps ${Math.round(gaps.node.at(-1)!)} / ${Math.round(gaps.network.at(-1)!)} ms`,
        );
      } catch (e) {
        const problem = `run ${i + 1} ${part} failed: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`;
        noteProblem(lab, problem);
        log(`  ${problem}`);
        try {
          lab.thaw('a');
        } catch {
          // not frozen, or not running
        }
        await lab.restartEmpty('a').catch(() => undefined);
      } finally {
        for (const o of open) await o.close().catch(() => undefined);
      }
      // What is known so far reaches results.json even if a later run takes the bench down.
      record();
      save();
    }
  } finally {
    await lab.stop();
  }
  record();
  const row = (figure: string, what: string, values: number[]) =>
    rows.push({ figure, what, ours: summarize(values), unit: ' ms' });
  row('11a', 'node A killed → registered on B', samples.kill);
  row('11b', 'node A killed → a call via B rings', samples.ring);
  row('11c', 'node A frozen (SIGSTOP) → registered on B', samples.freeze);
  row('11d', 'audio gap in a call across the loss of its node', gaps.node);
  row('11e', 'audio gap in a call across 5 s without network', gaps.network);
}
