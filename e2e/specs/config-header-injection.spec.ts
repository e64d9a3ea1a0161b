import { test, expect } from '../support/fixtures';
import { FakeProxy } from '../support/fake-proxy';
import { PhonePage } from '../support/phone-page';

test('a display name full of SIP syntax stays inside its quoted-string: no header or address is injected', async ({
  browser,
  users,
}) => {
  const proxy = await FakeProxy.start();
  const phone = await PhonePage.open(browser);
  try {
    const evil = 'Eve" <sip:ceo@umphone.test>;tag=x, "\\';
    await phone.signIn({
      serverUrl: proxy.url,
      aor: users.alice!.aor,
      password: users.alice!.password,
      displayName: evil,
    });
    await phone.expectRegistered().catch(async (e: unknown) => {
      throw new Error(
        `${String(e)}: ${await phone.page.getByTestId('registration-status-detail').textContent()}`,
      );
    });
    const register = await proxy.waitForRegister(1);
    const from = register.getHeader('from') ?? '';
    // RFC 3261 §25.1 quoted-pairs: the name is one quoted-string and the address is still alice's.
    expect(from.startsWith('"Eve\\" <sip:ceo@umphone.test>;tag=x, \\"\\\\" <sip:alice@umphone.test>')).toBe(
      true,
    );
    expect(register.getHeaders('from')).toHaveLength(1);
    expect(register.headers.filter((h) => /^(x-|subject)/i.test(h.name))).toEqual([]);
  } finally {
    await phone.close();
    await proxy.close();
  }
});
