import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect } from '../support/fixtures';
import { PhonePage } from '../support/phone-page';
import { E2E_UM_HTTP_URL, E2E_WS_URL } from '../support/e2e-config';
import { startSharedLabUm } from '../support/eumr-lab';
import type { RunningUm } from '../../lab/um/server';

// The real voicemail server emulator (its web API answers with a Digest challenge).
let um: RunningUm;
let dataDir: string;
test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'um-e2e-console-'));
  um = await startSharedLabUm(dataDir);
});
test.afterAll(async () => {
  await um?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('signing in asks the voicemail web API for its Digest challenge once: one 401 (and one console error), not one per request', async ({
  browser,
  users,
}) => {
  const alice = users.alice!;
  const phone = await PhonePage.open(browser);
  const consoleErrors: string[] = [];
  const statuses: number[] = [];
  phone.page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  phone.page.on('response', (r) => {
    if (r.url().startsWith(E2E_UM_HTTP_URL)) statuses.push(r.status());
  });
  try {
    await phone.signIn({
      serverUrl: E2E_WS_URL,
      voicemailApiUrl: E2E_UM_HTTP_URL,
      aor: alice.aor,
      password: alice.password,
    });
    await phone.expectRegistered();
    // Sign-in asks for the message list and the call reports at once: wait until both came back
    // signed in (200s) besides the challenge.
    await expect
      .poll(() => statuses.filter((s) => s === 200).length, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(2);
    expect(statuses.filter((s) => s === 401)).toEqual([401]);
    await expect.poll(() => consoleErrors.filter((e) => /401/.test(e)).length).toBe(1);
    expect(consoleErrors.filter((e) => !/401/.test(e))).toEqual([]);
  } finally {
    await phone.close();
  }
});
