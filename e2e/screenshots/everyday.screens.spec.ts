import type { Page } from '@playwright/test';
import { test, expect } from '../support/fixtures';

const OUT = 'docs/screenshots';

async function shoot(page: Page, name: string, width: number, height: number, dark: boolean) {
  await page.setViewportSize({ width, height });
  await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  await page.screenshot({ path: `${OUT}/${name}.png`, fullPage: false });
}

test('README screenshots: a 320 px sidebar and the full window, light and dark', async ({ phoneFor }) => {
  const alice = await phoneFor('alice');
  const bob = await phoneFor('bob');
  const entries = bob.page.getByTestId('history-entry');

  // Some history: a missed call, an answered one.
  await alice.dial('bob', { subject: 'Lunch on Friday?' });
  await expect(bob.incoming()).toBeVisible();
  await alice.active().getByRole('button', { name: 'Hang up' }).click();
  await alice.dial('bob', { subject: 'Contract draft' });
  await bob.incoming().getByRole('button', { name: 'Answer' }).click();
  await expect(bob.active().getByTestId('call-timer')).toHaveText(/00:0[2-9]/);
  await bob.active().getByRole('button', { name: 'Hang up' }).click();
  await expect(entries).toHaveCount(2);

  // An urgent call rings bob's phone in a sidebar.
  await alice.dial('bob', { subject: 'Server room is flooding', priority: 'Urgent' });
  await expect(bob.incoming()).toBeVisible();
  await shoot(bob.page, 'sidebar-320', 320, 720, false);
  await shoot(bob.page, 'sidebar-320-dark', 320, 720, true);

  // In the call, keypad open, in a full window.
  await bob.incoming().getByRole('button', { name: 'Answer' }).click();
  await bob.active().getByRole('button', { name: 'Keypad' }).click();
  await expect(bob.active().getByTestId('call-timer')).toHaveText(/00:0[3-9]/);
  await shoot(bob.page, 'phone-1280', 1280, 800, false);
  await shoot(bob.page, 'phone-1280-dark', 1280, 800, true);
});
