import { test, expect } from '../support/fixtures';
import { PhonePage } from '../support/phone-page';
import { E2E_UM_HTTP_URL, E2E_WS_URL } from '../support/e2e-config';

test('alice picks her (fake) microphone, speaker and ringer, sees the level meter move, and calls with them', async ({
  browser,
  phoneFor,
  users,
}) => {
  const alice = await PhonePage.open(browser);
  const p = alice.page;
  await p.getByText('Advanced', { exact: true }).click();
  await p.getByText('Devices', { exact: true }).click();

  // The devices have names once the microphone is allowed; pick the first real (non-default) one.
  const mic = p.getByLabel('Microphone', { exact: true });
  await expect.poll(async () => mic.locator('option').count(), { timeout: 10_000 }).toBeGreaterThan(1);
  const micId = await mic.locator('option').nth(1).getAttribute('value');
  await mic.selectOption(micId ?? '');
  for (const label of ['Speaker', 'Ringer']) {
    const select = p.getByLabel(label, { exact: true });
    if ((await select.count()) === 0) continue;
    if ((await select.locator('option').count()) > 1)
      await select.selectOption((await select.locator('option').nth(1).getAttribute('value')) ?? '');
  }
  // The fake microphone speaks: the meter moves.
  await expect
    .poll(async () => Number(await p.getByTestId('mic-level').getAttribute('value')), { timeout: 10_000 })
    .toBeGreaterThan(0.01);

  const user = users.alice!;
  await alice.signIn({
    serverUrl: E2E_WS_URL,
    voicemailApiUrl: E2E_UM_HTTP_URL,
    aor: user.aor,
    password: user.password,
    displayName: user.displayName,
  });
  await alice.expectRegistered();
  // Remembered with the settings.
  const saved = await p.evaluate(() => localStorage.getItem('um-phone.settings.v1') ?? '');
  expect(JSON.parse(saved).microphoneId).toBe(micId);

  const bob = await phoneFor('bob');
  await alice.dial('bob');
  await bob.incoming().getByRole('button', { name: 'Answer' }).click();
  await expect(alice.active()).toHaveAttribute('data-state', 'connected');
  await expect
    .poll(async () => (await alice.audioStats()).bytesSent, { timeout: 15_000 })
    .toBeGreaterThan(2000);
  await expect
    .poll(async () => (await bob.audioStats()).bytesReceived, { timeout: 15_000 })
    .toBeGreaterThan(2000);
  await alice.active().getByRole('button', { name: 'Hang up' }).click();
  await expect(bob.active()).toHaveCount(0);
  expect(alice.pageErrors).toEqual([]);
  await alice.close();
});
