import { test, expect } from '@playwright/test';
import { FakeProxy } from '../support/fake-proxy';

test('a German browser gets the German phone; ?lang=en switches back to English', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'de-DE' });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Anmelden' })).toBeVisible();
  await expect(page.getByLabel('SIP-Adresse', { exact: true })).toBeVisible();
  await expect(page.getByTestId('registration-status')).toHaveText('Nicht angemeldet');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');

  await page.goto('/?lang=en');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await context.close();
});

test('the language picked on the sign-in screen applies at once and is remembered', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByText('Advanced').click();
  await page.getByLabel('Language').selectOption({ label: 'Deutsch' });
  await expect(page.getByRole('button', { name: 'Anmelden' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Anmelden' })).toBeVisible();
  await page.getByText('Erweitert').click();
  await page.getByLabel('Sprache').selectOption({ label: 'Browser-Einstellung' });
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await context.close();
});

test('a German user is told in German why sign-in stopped (403 from the registrar)', async ({ browser }) => {
  const proxy = await FakeProxy.start({ registerResponse: () => 403 });
  const context = await browser.newContext({ locale: 'de-DE' });
  try {
    const page = await context.newPage();
    await page.goto('/');
    await page.getByLabel('Server-URL').fill(proxy.url);
    await page.getByLabel('SIP-Adresse', { exact: true }).fill('sip:alice@umphone.test');
    await page.getByLabel('Passwort', { exact: true }).fill('not-her-password');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect(page.getByTestId('registration-status')).toHaveText('Anmeldung fehlgeschlagen');
    await expect(page.getByTestId('registration-status-detail')).toContainText(
      'Falscher Benutzername oder falsches Passwort (403)',
    );
  } finally {
    await context.close();
    await proxy.close();
  }
});
