import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { test, expect } from '../support/fixtures';
import { CHROMIUM_PATH, chromiumArgs } from '../support/chromium';
import { E2E_UM_HTTP_URL, E2E_WS_URL } from '../support/e2e-config';
import { startSharedLabUm } from '../support/eumr-lab';
import { PhonePage } from '../support/phone-page';
import type { RunningUm } from '../../lab/um/server';
import { SPOKEN_MESSAGES, speakToWav } from '../../lab/um/media/spoken-messages';
import { wordErrorRate } from '../../lab/um/media/wer';

/**
 * Voice Mail Preview (issue 18) against the real lab: alice's own Chromium speaks one of the lab's
 * test messages (festival's HTS voice) into its fake microphone, the browser sends it as Opus, the
 * voicemail server decodes it to 16 kHz and pocketsphinx transcribes it after the call; bob's panel
 * shows the words under the message, as text.
 */

/** Silence before the sentence: the greeting and the tone play first, then the recording starts. */
const LEAD_SECONDS = 8;
const SENTENCE = SPOKEN_MESSAGES[0]!;

let um: RunningUm;
let dir: string;
let aliceBrowser: Browser | undefined;
let micWav: string;

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'um-e2e-preview-'));
  um = await startSharedLabUm(path.join(dir, 'um'));
  const speech = path.join(dir, 'speech.wav');
  await speakToWav(SENTENCE, speech);
  micWav = path.join(dir, 'alice-mic.wav');
  // lead silence, the sentence, then silence until the call ends (Chromium loops the file)
  execFileSync('sox', [speech, micWav, 'pad', String(LEAD_SECONDS), '12']);
});

test.afterAll(async () => {
  await aliceBrowser?.close();
  await um?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('alice leaves bob a message; his panel shows a preview with the key words she said', async ({
  phoneFor,
  users,
}) => {
  test.setTimeout(120_000);
  const bob = await phoneFor('bob');
  aliceBrowser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: chromiumArgs({ fakeMicWav: micWav }),
  });
  const alice = await PhonePage.open(aliceBrowser);
  const a = users.alice!;
  await alice.signIn({
    serverUrl: E2E_WS_URL,
    voicemailApiUrl: E2E_UM_HTTP_URL,
    aor: a.aor,
    password: a.password,
    displayName: a.displayName,
  });
  await alice.expectRegistered();

  const from = um.callLog.entries.length;
  const callStarted = Date.now();
  await alice.leaveMessage('bob', { subject: 'Budget review' });
  await expect(alice.active()).toHaveAttribute('data-state', 'connected');
  await um.callLog.waitFor(
    (e) => um.callLog.entries.indexOf(e) >= from && e.kind === 'deposit' && e.prompts.includes('beep'),
    20_000,
  );
  // Let the whole sentence be said (it starts LEAD_SECONDS after the microphone opened).
  const sentenceEnds = callStarted + (LEAD_SECONDS + 6) * 1000;
  await alice.page.waitForTimeout(Math.max(0, sentenceEnds - Date.now()));
  await alice.active().getByRole('button', { name: 'Hang up' }).click();
  const saved = await um.callLog.waitFor(
    (e) => um.callLog.entries.indexOf(e) >= from && e.kind === 'deposit' && e.outcome === 'message-saved',
    20_000,
  );

  const item = bob.page.getByTestId('voicemail-message');
  await expect(item).toHaveCount(1);
  const preview = item.getByTestId('voicemail-preview');
  // Pending first (or already done), then the recogniser's words; the list refreshes by itself.
  await expect(preview).toHaveAttribute('data-preview', 'text', { timeout: 60_000 });
  const text = (await preview.innerText()).replace(/^Preview:\s*/, '');
  const rate = wordErrorRate(SENTENCE, text);
  console.log(
    `preview through Opus (${saved.detail}): "${text}" — WER ${rate.errors}/${rate.words} against "${SENTENCE}"`,
  );
  for (const word of ['alice', 'budget', 'friday']) expect(text.split(' ')).toContain(word);
  // Shown as text: nothing but the hidden label inside the paragraph.
  expect(await preview.evaluate((p) => p.querySelectorAll('*').length)).toBe(1);
});
