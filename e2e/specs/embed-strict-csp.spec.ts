import { test, expect } from '../support/fixtures';
import { HostPage } from '../host-pages/host-page';
import { E2E_WS_URL } from '../support/e2e-config';

const cspErrors = (host: HostPage) =>
  host.console.filter(
    (m) => m.type === 'error' && /Content[ -]Security[ -]Policy|unsafe-eval|unsafe-inline/i.test(m.text),
  );

test('the element works on a page with a strict CSP: no inline script, no eval, no inline style', async ({
  browser,
  umPeer,
}) => {
  const host = await HostPage.open(browser, 'strict-csp.html', { user: 'alice' });
  const phone = host.phone('phone');
  await host.expectRegistered(phone);
  await host.waitForEvent('phone', 'registered');
  // The phone is styled (its stylesheet was adopted despite style-src 'self'): cards have their radius.
  await expect(phone.getByRole('button', { name: 'Call', exact: true })).toBeVisible();
  const radius = await phone
    .locator('.card')
    .first()
    .evaluate((el) => getComputedStyle(el).borderRadius);
  expect(radius).toBe('12px');
  // And it still works under the policy: the voicemail call goes out over the WebSocket and
  // reaches the voicemail server (a stand-in that answers 480), and the element says how it ended.
  await phone.evaluate((el) => (el as HTMLElementTagNameMap['um-phone']).callVoicemail());
  const invite = await umPeer.waitForRequest((r) => r.method === 'INVITE');
  expect(invite.uri).toBe('sip:alice@umphone.test;opaque=app:voicemail');
  await expect(phone.getByTestId('call-ended')).toContainText('Unavailable (480)');
  await expect(phone.getByTestId('active-call')).toHaveCount(0);

  expect(await host.cspViolations()).toEqual([]);
  expect(
    await host.page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
  ).toEqual([]);
  expect(cspErrors(host)).toEqual([]);
  expect(host.pageErrors).toEqual([]);

  // The policy is live (so the empty list above means something): an inline <style> is refused.
  await host.page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = 'body { color: red }';
    document.head.append(style);
  });
  await expect.poll(() => host.cspViolations()).toEqual([expect.stringMatching(/^style-src-elem inline/)]);
  await host.close();
});

test('the app itself works under a strict CSP header', async ({ browser, users }) => {
  const host = await HostPage.open(browser, 'app/');
  const p = host.page;
  const alice = users.alice!;
  await p.getByLabel('Server URL').fill(E2E_WS_URL);
  await p.getByLabel('SIP address', { exact: true }).fill(alice.aor);
  await p.getByLabel('Password', { exact: true }).fill(alice.password);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await expect(p.getByTestId('registration-status')).toHaveText('Registered', { timeout: 15_000 });
  const response = await p.request.get(p.url());
  expect(response.headers()['content-security-policy']).toContain("script-src 'self'");

  expect(await host.cspViolations()).toEqual([]);
  expect(cspErrors(host)).toEqual([]);
  expect(host.pageErrors).toEqual([]);
  await host.close();
});
