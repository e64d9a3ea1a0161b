import type { Page } from '@playwright/test';
import { test, expect } from '../support/fixtures';
import { E2E_UNTRUSTED_WS_URL, E2E_WS_URL } from '../support/e2e-config';
import type { LabUser } from '../../lab/lab';

/**
 * Issue 17: a returning user (server and address remembered) only types the password, so the
 * WebSocket to the remembered server opens while the form is up and Sign in registers over it
 * (src/sip/early-socket.ts). Nothing may go over it before Sign in, and it is used only for the
 * server the user signs in to.
 */

interface SocketSeen {
  url: string;
  sent: string[];
  closed: boolean;
}

/** Every WebSocket the page opens, with the frames it sends. */
function watchSockets(page: Page): SocketSeen[] {
  const seen: SocketSeen[] = [];
  page.on('websocket', (ws) => {
    const s: SocketSeen = { url: ws.url(), sent: [], closed: false };
    seen.push(s);
    ws.on('framesent', (f) => s.sent.push(String(f.payload)));
    ws.on('close', () => (s.closed = true));
  });
  return seen;
}

/**
 * The first SIP message a socket carried: a bare CRLF is the keep-alive ping (RFC 5626 §4.4.1)
 * that starts every connection (src/sip/connection/crlf-watchdog.ts).
 */
const firstSip = (s: SocketSeen) => s.sent.find((f) => f.trim() !== '');

/** Opens the phone as someone who signed in here before with `serverUrl` (everything but the password is remembered). */
async function returningUser(browser: import('@playwright/test').Browser, user: LabUser, serverUrl: string) {
  const context = await browser.newContext({ permissions: ['microphone'] });
  // Saved before the page's own scripts run, as a previous visit would have left them.
  const saved = {
    serverUrl,
    aor: user.aor,
    authUser: '',
    displayName: user.displayName,
    iceServers: [],
    dtmfMode: 'rfc4733',
    skipPin: true,
    voicemailApiUrl: '',
    trustedVoicemailHosts: [],
    contacts: [],
  };
  await context.addInitScript((s) => localStorage.setItem('um-phone.settings.v1', JSON.stringify(s)), saved);
  const page = await context.newPage();
  const sockets = watchSockets(page);
  await page.goto('/');
  return { context, page, sockets };
}

test('a returning user signs in over the WebSocket opened while the form was up; nothing went over it before', async ({
  browser,
  users,
}) => {
  const alice = users.alice!;
  const { context, page, sockets } = await returningUser(browser, alice, E2E_WS_URL);
  try {
    await expect(page.getByLabel('Server URL')).toHaveValue(E2E_WS_URL);
    // Opened before Sign in, without a click.
    await expect.poll(() => sockets.length, { timeout: 10_000 }).toBe(1);
    await page.getByLabel('Password', { exact: true }).fill(alice.password);
    expect(sockets[0]!.sent).toEqual([]);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('registration-status')).toHaveText('Registered', { timeout: 15_000 });
    // One WebSocket in all: the early one, whose first SIP message is the first REGISTER.
    expect(sockets.map((s) => s.url.replace(/\/$/, ''))).toEqual([E2E_WS_URL]);
    expect(firstSip(sockets[0]!)).toMatch(/^REGISTER sip:/);
    expect(sockets[0]!.closed).toBe(false);
  } finally {
    await context.close();
  }
});

test('signing in to another server than the remembered one: the early WebSocket is closed unused, a new one carries the sign-in', async ({
  browser,
  users,
}) => {
  const alice = users.alice!;
  const { context, page, sockets } = await returningUser(browser, alice, E2E_UNTRUSTED_WS_URL);
  try {
    await expect.poll(() => sockets.length, { timeout: 10_000 }).toBe(1);
    await page.getByLabel('Server URL').fill(E2E_WS_URL);
    await page.getByLabel('Password', { exact: true }).fill(alice.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('registration-status')).toHaveText('Registered', { timeout: 15_000 });
    expect(sockets.map((s) => s.url.replace(/\/$/, ''))).toEqual([E2E_UNTRUSTED_WS_URL, E2E_WS_URL]);
    await expect.poll(() => sockets[0]!.closed).toBe(true);
    expect(sockets[0]!.sent).toEqual([]);
    expect(firstSip(sockets[1]!)).toMatch(/^REGISTER sip:/);
  } finally {
    await context.close();
  }
});
