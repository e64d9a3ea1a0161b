/**
 * Recovery after a proxy crash: alice is registered in a real Chromium, Kamailio is killed
 * (SIGKILL), stays down for a while (3 s by default), and is started again; we time how long
 * until her phone says Registered again. Prints the distribution over 20 restarts.
 *
 *   npx tsx bench/recovery.ts [--rounds 20] [--down-ms 3000]
 *
 * Needs the built app (runs `vite build` when dist/ is missing). Runs in a private network
 * namespace with only loopback when it can (root or user namespaces), like the e2e suite, so
 * its ports never meet anyone else's and no traffic leaves the machine.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import { startLab, labUsers } from '../lab/lab';
import { CHROMIUM_PATH, chromiumArgs } from '../e2e/support/chromium';
import { percentile, reexecInNetns } from './netns';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v >= 0 ? v : fallback;
}

async function main(): Promise<void> {
  reexecInNetns();
  const rounds = arg('rounds', 20);
  const downMs = arg('down-ms', 3000);
  if (!existsSync(path.join(ROOT, 'dist', 'index.html'))) {
    await build({ root: ROOT, logLevel: 'warn' });
  }
  const app = await preview({ root: ROOT, preview: { port: 27317, strictPort: true, host: '127.0.0.1' } });
  const lab = await startLab({
    name: `bench-recovery-${process.pid}`,
    wsPort: 27066,
    wssPort: 27443,
    tcpPort: 27060,
    tlsPort: 27061,
    umPort: 27071,
    echoLog: false,
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: chromiumArgs(),
  });
  const sinceReady: number[] = [];
  const sinceKill: number[] = [];
  let failures = 0;
  try {
    const alice = labUsers(undefined, lab.config.domain).find((u) => u.name === 'alice');
    if (!alice) throw new Error('no lab user alice');
    const context = await browser.newContext({ permissions: ['microphone'] });
    const page = await context.newPage();
    await page.goto('http://127.0.0.1:27317/');
    await page.getByLabel('Server URL').fill(lab.wsUrl);
    await page.getByLabel('SIP address', { exact: true }).fill(alice.aor);
    await page.getByLabel('Password', { exact: true }).fill(alice.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const statusIs = (text: string, timeout: number) =>
      page.waitForFunction(
        (want) => document.querySelector('[data-testid="registration-status"]')?.textContent === want,
        text,
        { timeout, polling: 20 },
      );
    await statusIs('Registered', 15_000);

    for (let round = 1; round <= rounds; round++) {
      const killedAt = Date.now();
      lab.kill('SIGKILL');
      await lab.exited;
      await statusIs('Reconnecting…', 5000);
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await lab.restart();
      const readyAt = Date.now();
      try {
        await statusIs('Registered', 60_000);
        sinceReady.push(Date.now() - readyAt);
        sinceKill.push(Date.now() - killedAt);
      } catch {
        failures++;
      }
      process.stderr.write(`round ${round}/${rounds}: ${sinceReady.at(-1) ?? 'no recovery'} ms\n`);
    }
    await context.close();
  } finally {
    await browser.close();
    await lab.stop();
    await new Promise<void>((resolve) => app.httpServer.close(() => resolve()));
  }

  const fmt = (values: number[]) => {
    const s = [...values].sort((a, b) => a - b);
    return `median ${percentile(s, 50)} ms, p95 ${percentile(s, 95)} ms, min ${s[0]} ms, max ${s.at(-1)} ms`;
  };
  console.log(`recovery after a proxy crash (down ${downMs} ms), ${rounds} restarts`);
  console.log(
    `  recovered:                  ${sinceReady.length}/${rounds}${failures ? ` (${failures} failed)` : ''}`,
  );
  console.log(`  proxy back → Registered:    ${fmt(sinceReady)}`);
  console.log(`  proxy killed → Registered:  ${fmt(sinceKill)}`);
  if (failures > 0) process.exitCode = 1;
}

await main();
