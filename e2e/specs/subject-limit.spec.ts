import { test, expect } from '../support/fixtures';
import { PhonePage } from '../support/phone-page';
import { E2E_UM_HTTP_URL, E2E_WS_URL } from '../support/e2e-config';

const LIMIT = 1024;

test('a Subject over the limit is never cut: a visible counter and error, no call until it fits, then bob gets all of it', async ({
  phoneFor,
}) => {
  const bob = await phoneFor('bob');
  const alice = await phoneFor('alice');
  const p = alice.page;
  const subject = p.getByLabel('Subject');
  const long = `${'Quarterly budget review '.repeat(84)}END`; // 2,019 characters
  await p.getByLabel('Number or SIP address').fill('bob');
  await subject.fill(long);
  await expect(p.getByTestId('subject-counter')).toHaveText(`${long.length} of ${LIMIT} characters`);
  await expect(subject).toHaveAttribute('aria-invalid', 'true');
  await expect(subject).toHaveValue(long); // nothing cut, not even the field
  await p.getByRole('button', { name: 'Call', exact: true }).click();
  // Refused in the dialer: the focus goes to the Subject to fix it.
  await expect(subject).toBeFocused();

  // Exactly at the limit: sent whole, and bob's card has every character (not 256).
  const fits = `${'x'.repeat(LIMIT - 8)} the end`;
  await subject.fill(fits);
  await expect(p.getByTestId('subject-counter')).toHaveText(`${LIMIT} of ${LIMIT} characters`);
  await expect(subject).not.toHaveAttribute('aria-invalid');
  await p.getByRole('button', { name: 'Call', exact: true }).click();
  await expect(bob.incoming()).toHaveCount(1);
  await expect(bob.incoming().getByTestId('call-subject')).toHaveText(fits);
  // Only this one call ever rang: the refused attempt placed none.
  await bob.incoming().getByRole('button', { name: 'Decline' }).click();
  await expect(alice.active()).toHaveCount(0);
  await expect(bob.page.getByTestId('history-entry')).toHaveCount(1);
  expect([...alice.pageErrors, ...bob.pageErrors]).toEqual([]);
});

test('a ?call= link whose Subject has a line break keeps its target and asks: call without it, or edit it', async ({
  browser,
  phoneFor,
  users,
}) => {
  const bob = await phoneFor('bob');
  const aliceUser = users.alice!;
  for (const choice of ['Call without subject', 'Edit the subject'] as const) {
    const alice = await PhonePage.open(browser);
    try {
      await alice.page.goto('/?call=bob&subject=Line%0Atwo%0D%0AX-Injected:%20yes');
      await alice.signIn({
        serverUrl: E2E_WS_URL,
        voicemailApiUrl: E2E_UM_HTTP_URL,
        aor: aliceUser.aor,
        password: aliceUser.password,
      });
      await alice.expectRegistered();
      const question = alice.page.getByRole('group', { name: 'This link’s subject cannot be sent' });
      await expect(question).toContainText('Calling bob: The subject cannot contain line breaks');
      await expect(alice.page.getByLabel('Number or SIP address')).toHaveValue('bob');
      await expect(question.getByRole('button', { name: 'Call without subject' })).toBeFocused();
      await question.getByRole('button', { name: choice }).click();
      if (choice === 'Edit the subject') {
        const subject = alice.page.getByLabel('Subject');
        await expect(subject).toBeFocused();
        await expect(subject).toHaveValue('Line two X-Injected: yes');
        await alice.page.getByRole('button', { name: 'Call', exact: true }).click();
      }
      await expect(bob.incoming()).toHaveCount(1);
      const facts = bob.incoming().getByTestId('call-subject');
      if (choice === 'Call without subject') await expect(facts).toHaveCount(0);
      else await expect(facts).toHaveText('Line two X-Injected: yes');
      await bob.incoming().getByRole('button', { name: 'Decline' }).click();
      await expect(alice.active()).toHaveCount(0);
      expect(alice.pageErrors).toEqual([]);
    } finally {
      await alice.close();
    }
  }
});
