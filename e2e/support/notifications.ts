/** The desktop notifications a phone page shows, seen from a test (e2e specs on hidden tabs). */
import type { PhonePage } from './phone-page';

export interface Shown {
  title: string;
  body: string;
  tag: string;
  closed: boolean;
}

/**
 * Lets the page show notifications, keeps each one it creates (a wrapper around the browser's own
 * Notification), and tells the page it is hidden, as when the user switched to another tab.
 */
export async function hideTabAndWatchNotifications(phone: PhonePage): Promise<void> {
  await phone.context.grantPermissions(['notifications']);
  await phone.page.evaluate(() => {
    const Native = window.Notification;
    const shown: Array<{ title: string; body: string; tag: string; closed: boolean; n: Notification }> = [];
    (window as unknown as { __shown: typeof shown }).__shown = shown;
    window.Notification = class extends Native {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push({ title, body: options?.body ?? '', tag: options?.tag ?? '', closed: false, n: this });
      }
      override close() {
        const entry = shown.find((s) => s.n === this);
        if (entry) entry.closed = true;
        super.close();
      }
    } as typeof Notification;
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

export function shown(phone: PhonePage): Promise<Shown[]> {
  return phone.page.evaluate(() =>
    (window as unknown as { __shown: Array<Shown & { n: unknown }> }).__shown.map(
      ({ title, body, tag, closed }) => ({
        title,
        body,
        tag,
        closed,
      }),
    ),
  );
}
