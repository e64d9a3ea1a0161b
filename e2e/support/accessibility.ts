import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * Runs axe (WCAG 2.1 A/AA and best practices) on what the page shows now, and its contrast check
 * again in dark mode, and fails on any serious or critical violation, listing each with the elements it hit;
 * then checks the screen reflows into a 320 px sidebar.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    // Dark mode changes colours only: there, contrast is all that needs checking again.
    const axe =
      colorScheme === 'light'
        ? new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
        : new AxeBuilder({ page }).withRules(['color-contrast']);
    const { violations } = await axe.analyze();
    const serious = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious, `${screen}, ${colorScheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: null });

  // WCAG 1.4.10 Reflow: in a 320 px sidebar nothing may need scrolling sideways.
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 720 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${screen} at 320 px scrolls sideways`).toBeLessThanOrEqual(0);
  if (size) await page.setViewportSize(size);
}
