import { test, expect } from '../support/fixtures';
import { FakeProxy } from '../support/fake-proxy';
import { PhonePage } from '../support/phone-page';
import { E2E_WS_URL } from '../support/e2e-config';
import type { Locator, Page } from '@playwright/test';

/** Everything the page keeps in localStorage and sessionStorage, as one text. */
async function storedText(page: Page): Promise<string> {
  return page.evaluate(() =>
    [localStorage, sessionStorage]
      .flatMap((s) => Object.keys(s).map((k) => `${k}=${s.getItem(k) ?? ''}`))
      .join('\n'),
  );
}

/** The text of the field's error (the element its aria-describedby names as `…-error`). */
async function fieldError(field: Locator): Promise<string> {
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ');
  const errorId = ids.find((id) => id.endsWith('-error'));
  if (!errorId) return '';
  return (await field.page().locator(`[id="${errorId}"]`).textContent()) ?? '';
}

test('a wrong password returns to the form with the error at the password, kept in memory only, and the retry signs in', async ({
  browser,
  users,
}) => {
  const alice = users.alice!;
  const proxy = await FakeProxy.start({ registerResponse: () => 403 });
  const phone = await PhonePage.open(browser);
  try {
    await phone.signIn({ serverUrl: proxy.url, aor: alice.aor, password: alice.password });
    const password = phone.page.getByLabel('Password', { exact: true });
    await expect(phone.page.getByTestId('sign-in-failed')).toBeVisible();
    await expect(password).toBeFocused();
    await expect(password).toHaveAttribute('aria-invalid', 'true');
    expect(await fieldError(password)).toContain('Wrong user name or password (403)');
    expect(await fieldError(phone.page.getByLabel('Server URL'))).toBe('');
    // Still in memory for the retry, in no storage at all.
    await expect(password).toHaveValue(alice.password);
    expect(await storedText(phone.page)).not.toContain(alice.password);
    await expect(phone.page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);

    // The right server, the password as it was: no retyping.
    await phone.page.getByLabel('Server URL').fill(E2E_WS_URL);
    await phone.page.getByRole('button', { name: 'Sign in' }).click();
    await phone.expectRegistered();
    expect(await storedText(phone.page)).not.toContain(alice.password);
    expect(phone.pageErrors).toEqual([]);
  } finally {
    await phone.close();
    await proxy.close();
  }
});

test('an unreachable server returns to the form with the error at the Server URL, in German', async ({
  browser,
  users,
}) => {
  const alice = users.alice!;
  // A port nobody listens on any more.
  const gone = await FakeProxy.start();
  await gone.close();
  const context = await browser.newContext({ locale: 'de-DE' });
  try {
    const page = await context.newPage();
    await page.goto('/');
    await page.getByLabel('Server-URL').fill(gone.url);
    await page.getByLabel('SIP-Adresse', { exact: true }).fill(alice.aor);
    await page.getByLabel('Passwort', { exact: true }).fill(alice.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    const server = page.getByLabel('Server-URL');
    await expect(server).toBeFocused();
    await expect(server).toHaveAttribute('aria-invalid', 'true');
    expect(await fieldError(server)).toMatch(/ist nicht erreichbar|Verbindung zum Server geschlossen/);
    await expect(page.getByLabel('Passwort', { exact: true })).toHaveValue(alice.password);
    expect(await storedText(page)).not.toContain(alice.password);
  } finally {
    await context.close();
  }
});

test('reconnecting: the whole detail is readable at 320 and 1280 px, Retry now tries at once, Change settings keeps the password', async ({
  browser,
  users,
}) => {
  const alice = users.alice!;
  // Registered first; every later REGISTER is refused for a minute, so only "Retry now" can
  // bring the next attempt forward.
  const proxy = await FakeProxy.start({
    registerResponse: (n) => (n === 1 ? 200 : { status: 503, headers: ['Retry-After: 60'] }),
  });
  const phone = await PhonePage.open(browser);
  try {
    await phone.signIn({ serverUrl: proxy.url, aor: alice.aor, password: alice.password });
    await phone.expectRegistered();
    proxy.dropConnection();
    await proxy.waitForRegister(2);
    await expect(phone.registration()).toHaveText('Reconnecting…');
    const panel = phone.page.getByRole('region', { name: 'Connection to the server lost' });
    const detail = panel.getByTestId('reconnect-detail');
    await expect(detail).toContainText(/\(503\) · next attempt in \d+ s, at/);
    for (const width of [320, 1280]) {
      await phone.page.setViewportSize({ width, height: 800 });
      const box = await detail.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return { overflow: el.scrollWidth - el.clientWidth, right: r.right, page: window.innerWidth };
      });
      expect(box.overflow, `detail cut at ${width} px`).toBeLessThanOrEqual(0);
      expect(box.right, `detail off screen at ${width} px`).toBeLessThanOrEqual(box.page);
    }

    await panel.getByRole('button', { name: 'Retry now' }).click();
    await proxy.waitForRegister(3, 10_000);

    await panel.getByRole('button', { name: 'Change settings' }).click();
    await expect(phone.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(phone.page.getByLabel('Password', { exact: true })).toHaveValue(alice.password);
    expect(await storedText(phone.page)).not.toContain(alice.password);
    await phone.page.getByLabel('Server URL').fill(E2E_WS_URL);
    await phone.page.getByRole('button', { name: 'Sign in' }).click();
    await phone.expectRegistered();
    expect(phone.pageErrors).toEqual([]);
  } finally {
    await phone.close();
    await proxy.close();
  }
});
