/**
 * Refreshes the README screenshots from the real thing: a lab of its own (Kamailio + the voicemail
 * server on spare ports), the built app, and Debian's Chromium. Run `npm run build` first, then
 * `node --import tsx scripts/screenshots.ts`. Writes docs/screenshots/*.png.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startLab } from '../lab/lab';
import { labUmTls, startUmServer } from '../lab/um/server';
import { CHROMIUM_PATH, chromiumArgs } from '../e2e/support/chromium';
import { SPOKEN_MESSAGES, speakToWav } from '../lab/um/media/spoken-messages';

const APP_PORT = 4399;
const OUT = path.resolve('docs/screenshots');

const lab = await startLab({
  name: `shots-${process.pid}`,
  wsPort: 35066,
  wssPort: 37443,
  tcpPort: 35060,
  tlsPort: 35061,
  umPort: 35071,
  echoLog: false,
});
const dataDir = mkdtempSync(path.join(tmpdir(), 'um-shots-'));
const um = await startUmServer({
  sipHost: lab.config.umAddr,
  sipPort: lab.config.umPort,
  proxyTlsPort: lab.config.peerTlsPort,
  domain: lab.config.domain,
  ...labUmTls(lab.paths),
  dataDir,
  httpPort: 35091,
  log: () => undefined,
});
const app = spawn(
  process.execPath,
  ['node_modules/vite/bin/vite.js', 'preview', '--port', String(APP_PORT), '--strictPort'],
  { stdio: 'ignore' },
);
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: chromiumArgs(),
});
// alice's microphone says one of the lab's spoken test messages (festival's HTS voice) after the
// greeting and the tone, so bob's message has a real Voice Mail Preview.
const speech = path.join(dataDir, 'speech.wav');
const aliceMic = path.join(dataDir, 'alice-mic.wav');
await speakToWav(SPOKEN_MESSAGES[0]!, speech);
execFileSync('sox', [speech, aliceMic, 'pad', '8', '12']);
const aliceBrowser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: chromiumArgs({ fakeMicWav: aliceMic }),
});

async function phone(user: 'alice' | 'bob', width = 1280, height = 860): Promise<Page> {
  const context = await (user === 'alice' ? aliceBrowser : browser).newContext({
    viewport: { width, height },
    permissions: ['microphone'],
  });
  const page = await context.newPage();
  for (let i = 0; i < 50; i++) {
    try {
      await page.goto(`http://127.0.0.1:${APP_PORT}/`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  await page.getByLabel('Server URL').fill(lab.wsUrl);
  await page.getByLabel('SIP address').fill(`sip:${user}@${lab.config.domain}`);
  await page.getByLabel('Password', { exact: true }).fill(`${user}-pass`);
  await page.getByLabel('Display name').fill(user === 'alice' ? 'Alice Example' : 'Bob Example');
  await page.getByText('Advanced', { exact: true }).click();
  await page.getByLabel('Voicemail web API').fill(um.httpUrl);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Registered', { exact: true }).waitFor();
  return page;
}

try {
  const alice = await phone('alice');
  const bob = await phone('bob', 1280, 1000);

  // An urgent call with a Subject, ringing at bob's.
  await alice.getByLabel('Number or SIP address').fill('bob');
  await alice.getByLabel('Subject').fill('About the new sales project');
  await alice.getByLabel('Priority').selectOption({ label: 'Urgent' });
  await alice.getByRole('button', { name: 'Call', exact: true }).click();
  await bob.getByTestId('incoming-call').waitFor();
  await bob.screenshot({ path: path.join(OUT, 'incoming-urgent.png') });
  await bob.getByRole('button', { name: 'Decline' }).click();

  // A voice message for bob, then his voicemail panel.
  await alice.getByLabel('Number or SIP address').fill('bob');
  await alice.getByLabel('Subject').fill('Quarterly numbers');
  await alice.getByLabel('Priority').selectOption({ label: 'Urgent' });
  const micOpened = Date.now();
  await alice.getByRole('button', { name: 'Leave a voice message' }).click();
  await alice.getByTestId('active-call').and(alice.locator('[data-state="connected"]')).waitFor();
  await um.callLog.waitFor((e) => e.kind === 'deposit' && e.prompts.includes('beep'), 15_000);
  // the sentence starts 8 s after the microphone opened and takes about 5 s
  await alice.waitForTimeout(Math.max(0, micOpened + 14_000 - Date.now()));
  await alice.getByRole('button', { name: 'Hang up' }).click();
  const deposit = await um.callLog.waitFor(
    (e) => e.kind === 'deposit' && e.outcome !== 'in-progress',
    15_000,
  );
  console.log(`deposit: ${deposit.outcome} ${deposit.detail}`);
  await bob.getByTestId('voicemail-message').waitFor();
  await bob.locator('[data-testid="voicemail-preview"][data-preview="text"]').waitFor({ timeout: 60_000 });
  await bob.getByTestId('voicemail-message').scrollIntoViewIfNeeded();
  await bob.screenshot({ path: path.join(OUT, 'voicemail-panel.png') });

  // Listening in the browser, under the preview.
  await bob.getByTestId('voicemail-listen').click();
  await bob.locator('[data-testid="player-toggle"][data-state="ready"]').click();
  await bob
    .getByTestId('player-time')
    .filter({ hasNotText: /^00:00 / })
    .waitFor();
  await bob.getByTestId('voicemail-player').scrollIntoViewIfNeeded();
  await bob.screenshot({ path: path.join(OUT, 'voicemail-player.png') });
  await bob.getByTestId('player-toggle').click(); // pause

  // Play-On-Phone through Appear Offline.
  await bob.getByLabel('Presence').selectOption({ label: 'Appear Offline' });
  await bob.getByRole('button', { name: 'Play on my phone' }).click();
  await bob.getByTestId('incoming-call').waitFor();
  await bob.screenshot({ path: path.join(OUT, 'play-on-phone.png') });
  await bob.getByRole('button', { name: 'Decline' }).click();
  console.log(`screenshots written to ${OUT}`);
} catch (e) {
  for (const [i, ctx] of browser.contexts().entries())
    await ctx.pages()[0]?.screenshot({ path: `/tmp/shot-fail-${i}.png`, fullPage: true });
  throw e;
} finally {
  await browser.close();
  await aliceBrowser.close();
  app.kill();
  await um.stop();
  await lab.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
