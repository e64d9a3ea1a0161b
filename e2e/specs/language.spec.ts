import { test, expect } from '@playwright/test';

test('a German browser gets the German phone; ?lang=en switches back to English', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'de-DE' });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Anmelden' })).toBeVisible();
  await expect(page.getByLabel('SIP-Adresse')).toBeVisible();
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
