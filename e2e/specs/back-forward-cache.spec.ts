import { test, expect } from '../support/fixtures';
import { CHROMIUM_PATH, chromiumArgs } from '../support/chromium';
import { E2E_UM_HTTP_URL, E2E_WS_URL } from '../support/e2e-config';
import { PhonePage } from '../support/phone-page';

/**
 * Away and back: bob's page goes into Chromium's back/forward cache and comes back. pagehide has
 * signed him out (un-REGISTER, unPUBLISH, the WebSocket closed: src/store/browser-signals.ts), so
 * the restored page must sign in again by itself (pageshow with `persisted`) and take calls, not
 * show the sign-in form or a phone that nobody can reach.
 *
 * Playwright turns the cache off in Chromium (`--disable-back-forward-cache`, so that goBack always
 * loads the page anew); this file turns it back on.
 */
test.use({
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: chromiumArgs(),
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  },
});

interface Marked {
  __beforeAway?: string;
  __sockets?: { closed: boolean }[];
}

test('a page restored from the back/forward cache registers again and rings', async ({
  browser,
  users,
  phoneFor,
}) => {
  const bob = await PhonePage.open(browser);
  const p = bob.page;
  // The page's WebSockets, to see the old connection closed and a new one made after the restore
  // (counted in the page: Playwright's websocket events do not follow a page through the cache).
  await p.evaluate(() => {
    const Native = window.WebSocket;
    const seen: { closed: boolean }[] = [];
    (window as Marked).__sockets = seen;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        const entry = { closed: false };
        seen.push(entry);
        this.addEventListener('close', () => (entry.closed = true));
      }
    };
  });
  const sockets = () => p.evaluate(() => ((window as Marked).__sockets ?? []).map((s) => s.closed));
  const who = users.bob!;
  await bob.signIn({
    serverUrl: E2E_WS_URL,
    voicemailApiUrl: E2E_UM_HTTP_URL,
    aor: who.aor,
    password: who.password,
    displayName: who.displayName,
  });
  await bob.expectRegistered();
  const alice = await phoneFor('alice');
  expect(await sockets()).toEqual([false]);

  // A mark in the page's memory: it survives only if the page itself comes back (not a reload).
  await p.evaluate(() => {
    (window as Marked).__beforeAway = 'kept';
  });
  await p.goto('/favicon.svg');
  // A page restored from the cache fires pageshow, never load: wait for the navigation only.
  await p.goBack({ waitUntil: 'commit' });

  // Chromium's own verdict, to say why if the page was loaded anew instead.
  const notRestored = await p.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as
      (PerformanceNavigationTiming & { notRestoredReasons?: unknown }) | undefined;
    return JSON.stringify(nav?.notRestoredReasons ?? null);
  });
  const kept = await p.evaluate(() => (window as Marked).__beforeAway);
  expect(kept, `the page came back from the back/forward cache (not restored: ${notRestored})`).toBe('kept');

  // Registered again, on a new connection (pagehide closed the old one), and the proxy routes
  // alice's call to it: it rings.
  await expect.poll(sockets).toEqual([true, false]);
  await bob.expectRegistered();
  await alice.dial('bob', { subject: 'Back again?' });
  await expect(bob.incoming()).toBeVisible();
  await bob.incoming().getByRole('button', { name: 'Answer' }).click();
  await expect(bob.active().getByTestId('call-timer')).toBeVisible();
  await bob.active().getByRole('button', { name: 'Hang up' }).click();
  await expect(bob.active()).toHaveCount(0);
  await bob.close();
});
