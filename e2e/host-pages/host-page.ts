import { expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { E2E_WS_URL } from '../support/e2e-config';
import { HOST_ORIGIN } from './host-pages-config';

export interface RecordedEvent {
  source: string;
  type: string;
  detail: Record<string, unknown>;
}

/**
 * One of the example host pages (e2e/host-pages) in its own browser context, pointed at the e2e lab.
 * Console messages of every frame and CSP violations are recorded from the first script on.
 */
export class HostPage {
  readonly console: { type: string; text: string }[] = [];
  readonly pageErrors: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('console', (m) => this.console.push({ type: m.type(), text: m.text() }));
    page.on('pageerror', (e) => this.pageErrors.push(e.message));
  }

  static async open(
    browser: Browser,
    file: string,
    params: Record<string, string> = {},
    origin: string = HOST_ORIGIN,
  ): Promise<HostPage> {
    const context = await browser.newContext({ permissions: ['microphone'] });
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { allCspViolations: string[] }).allCspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push(`${e.effectiveDirective} ${e.blockedURI || 'inline'} ${e.sourceFile}:${e.lineNumber}`),
      );
    });
    const page = await context.newPage();
    const host = new HostPage(context, page);
    const url = new URL(file, origin + '/');
    for (const [k, v] of Object.entries({ server: E2E_WS_URL, ...params })) url.searchParams.set(k, v);
    await page.goto(url.href);
    return host;
  }

  /** A `<um-phone>` on the page (Playwright locators pierce its open shadow root). */
  phone(id: string): Locator {
    return this.page.locator(`um-phone#${id}`);
  }

  async expectRegistered(phone: Locator): Promise<void> {
    await expect(phone.getByTestId('registration-status')).toHaveText('Registered', { timeout: 15_000 });
  }

  /** The phone events the page's script recorded (window.umPhoneEvents). */
  events(): Promise<RecordedEvent[]> {
    return this.page.evaluate(
      () => (window as unknown as { umPhoneEvents?: RecordedEvent[] }).umPhoneEvents ?? [],
    );
  }

  /** Waits until `source` has dispatched `type`, and returns the first such event. */
  async waitForEvent(source: string, type: string): Promise<RecordedEvent> {
    let found: RecordedEvent | undefined;
    await expect
      .poll(async () => (found = (await this.events()).find((e) => e.source === source && e.type === type)), {
        message: `${source} should dispatch ${type}`,
        timeout: 15_000,
      })
      .toBeTruthy();
    return found!;
  }

  cspViolations(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { allCspViolations: string[] }).allCspViolations);
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
