import { test, expect } from '../support/fixtures';
import { PhonePage } from '../support/phone-page';
import { E2E_WS_URL } from '../support/e2e-config';

// The phone screen is rendered hidden behind the sign-in form, so that Sign in only reveals it
// (src/app/App.tsx, issue 17). What a person may rely on: while signed out it is not there for
// them or their screen reader, and a sign-out leaves nothing of the session behind for the next
// person who signs in at this browser.
test('behind the sign-in form the phone is out of reach, and signing out leaves nothing typed in it for the next sign-in', async ({
  browser,
  users,
}) => {
  const alice = users.alice!;
  const phone = await PhonePage.open(browser);
  const p = phone.page;
  const number = p.getByRole('combobox', { name: 'Number or SIP address' });
  const subject = p.getByRole('textbox', { name: 'Subject' });
  try {
    await expect(p.getByRole('button', { name: 'Sign in' })).toBeVisible();
    // Not in the accessibility tree, and nothing of it focusable by Tab.
    await expect(p.getByRole('heading', { name: 'Phone', exact: true })).toHaveCount(0);
    await expect(number).toHaveCount(0);
    for (let i = 0; i < 40; i++) {
      await p.keyboard.press('Tab');
      const inPhone = await p.evaluate(() => document.activeElement?.closest('.phone') !== null);
      expect(inPhone).toBe(false);
    }

    const who = { serverUrl: E2E_WS_URL, aor: alice.aor, password: alice.password };
    await phone.signIn(who);
    await phone.expectRegistered();
    await number.fill('sip:bob@umphone.test');
    await subject.fill('Salary review');
    await p.getByRole('button', { name: 'Sign out' }).click();
    await expect(p.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await expect(number).toHaveCount(0);

    await phone.signIn(who);
    await phone.expectRegistered();
    await expect(number).toHaveValue('');
    await expect(subject).toHaveValue('');
    expect(phone.pageErrors).toEqual([]);
  } finally {
    await phone.close();
  }
});
