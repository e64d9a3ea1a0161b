import { test, expect } from '../support/fixtures';
import { expectAccessible } from '../support/accessibility';

test('the dial field suggests contacts and recent callers by name (ARIA combobox, keyboard only); the call and the history show the name', async ({
  phoneFor,
  users,
}) => {
  const bobUser = users.bob!;
  const bob = await phoneFor('bob');
  const alice = await phoneFor('alice', { contacts: ['bob'] });
  const p = alice.page;

  // bob calls once: alice now knows the name he calls with.
  await bob.dial('alice');
  await alice.incoming().getByRole('button', { name: 'Decline' }).click();
  await expect(bob.active()).toHaveCount(0);

  const field = p.getByRole('combobox', { name: 'Number or SIP address' });
  await field.focus();
  await field.pressSequentially('bo');
  await expect(field).toHaveAttribute('aria-expanded', 'true');
  const list = p.getByRole('listbox');
  const first = list.getByRole('option').first();
  await expect(first).toContainText(bobUser.displayName);
  await expect(first).toContainText('bob@umphone.test · Contact');
  // Focus stays in the field; the highlighted option is its aria-activedescendant.
  await p.keyboard.press('ArrowDown');
  await expect(first).toHaveAttribute('aria-selected', 'true');
  expect(await field.getAttribute('aria-activedescendant')).toBe(await first.getAttribute('id'));
  await expect(field).toBeFocused();
  await expectAccessible(p, 'dial suggestions open');

  // Escape closes the list and keeps the text; Escape again clears the field.
  await field.focus();
  await p.keyboard.press('Escape');
  await expect(field).toHaveAttribute('aria-expanded', 'false');
  await expect(field).toHaveValue('bo');
  await p.keyboard.press('Escape');
  await expect(field).toHaveValue('');

  // A name works as well as an address: Enter takes the suggestion, the next Enter calls.
  await field.pressSequentially(bobUser.displayName.slice(0, 3).toLowerCase());
  await p.keyboard.press('ArrowDown');
  await p.keyboard.press('Enter');
  await expect(field).toHaveValue('bob');
  await expect(field).toHaveAttribute('aria-expanded', 'false');
  await p.keyboard.press('Enter');

  // The outgoing call card names bob, with his address under it.
  await expect(alice.active().getByTestId('peer-name')).toHaveText(bobUser.displayName);
  await expect(alice.active().getByTestId('peer-address')).toContainText('bob@umphone.test');
  await bob.incoming().getByRole('button', { name: 'Answer' }).click();
  await expect(alice.active()).toHaveAttribute('data-state', 'connected');
  await alice.active().getByRole('button', { name: 'Hang up' }).click();
  await expect(alice.active()).toHaveCount(0);
  // And so does the history, and the recent call is suggested again.
  await expect(p.getByTestId('history-entry').first()).toContainText(bobUser.displayName);
  await field.focus();
  await p.keyboard.press('ArrowDown');
  await expect(list.getByRole('option')).toHaveCount(1);

  // The dial pad is one Tab stop: Tab enters it on its first key, arrows move, Tab leaves it.
  await p.keyboard.press('Escape');
  await field.fill('');
  await p.getByRole('button', { name: 'Leave a voice message' }).focus();
  const pad = p.getByRole('group', { name: 'Dial pad' });
  await p.keyboard.press('Tab');
  await expect(pad.getByRole('button', { name: '1', exact: true })).toBeFocused();
  await p.keyboard.press('ArrowRight');
  await p.keyboard.press('ArrowDown');
  await expect(pad.getByRole('button', { name: '5', exact: true })).toBeFocused();
  await p.keyboard.press('Enter');
  await expect(field).toHaveValue('5');
  await p.keyboard.press('Tab');
  expect(await pad.evaluate((el) => el.contains(document.activeElement))).toBe(false);
  expect([...alice.pageErrors, ...bob.pageErrors]).toEqual([]);
});
