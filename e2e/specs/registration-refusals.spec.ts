import { test, expect } from '../support/fixtures';
import { FakeProxy } from '../support/fake-proxy';
import { PhonePage } from '../support/phone-page';

test('a refresh answered 503 with Retry-After is retried when the registrar asks, and she is registered again', async ({
  phoneFor,
}) => {
  // 2 s registrations so the refresh comes quickly; the first refresh is refused for 1 s.
  const proxy = await FakeProxy.start({
    registerExpires: 2,
    registerResponse: (n) => (n === 2 ? { status: 503, headers: ['Retry-After: 1'] } : 200),
  });
  try {
    const alice = await phoneFor('alice', { serverUrl: proxy.url });
    const refused = await proxy.waitForRegister(2);
    await expect(alice.registration()).toHaveText('Reconnecting…');
    await expect(alice.page.getByTestId('registration-status-detail')).toContainText('(503)');
    const retry = await proxy.waitForRegister(3);
    const waited = proxy.receivedAt(retry) - proxy.receivedAt(refused);
    expect(waited).toBeGreaterThanOrEqual(900);
    expect(waited).toBeLessThan(3000);
    await alice.expectRegistered();
    expect(alice.pageErrors).toEqual([]);
  } finally {
    await proxy.close();
  }
});

test('a wrong password (403) stops the retries and says so', async ({ browser, users }) => {
  const proxy = await FakeProxy.start({ registerResponse: () => 403 });
  const phone = await PhonePage.open(browser);
  try {
    await phone.signIn({ serverUrl: proxy.url, aor: users.alice!.aor, password: 'not-her-password' });
    await expect(phone.registration()).toHaveText('Registration failed');
    await expect(phone.page.getByTestId('registration-status-detail')).toContainText(
      'Wrong user name or password',
    );
    const tried = proxy.registerCount;
    // Well past the first backoff steps (< 1 s, < 2 s): nothing more arrives.
    await phone.page.waitForTimeout(3000);
    expect(proxy.registerCount).toBe(tried);
    await expect(phone.registration()).toHaveText('Registration failed');
  } finally {
    await phone.close();
    await proxy.close();
  }
});
