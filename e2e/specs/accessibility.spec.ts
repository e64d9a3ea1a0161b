import { test, expect } from '../support/fixtures';
import { PhonePage } from '../support/phone-page';
import { expectAccessible } from '../support/accessibility';

test('axe finds no serious or critical violations on any screen, light or dark', async ({
  browser,
  phoneFor,
}) => {
  // Sign-in, with the advanced settings open.
  const fresh = await PhonePage.open(browser);
  await expect(fresh.page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await fresh.page.getByText('Advanced').click();
  await expectAccessible(fresh.page, 'sign-in');
  await fresh.close();

  // The phone, idle, with its voicemail panel (whatever the mailbox says).
  const alice = await phoneFor('alice');
  const bob = await phoneFor('bob');
  await expect(bob.page.getByRole('region', { name: 'Voicemail' })).toBeVisible();
  await expectAccessible(bob.page, 'phone idle, with the voicemail panel');

  // An urgent incoming call with a Subject.
  await alice.dial('bob', { subject: 'Budget review', priority: 'Urgent' });
  await expect(bob.incoming()).toBeVisible();
  await expectAccessible(bob.page, 'incoming call');

  // The active call with its DTMF keypad open.
  await bob.incoming().getByRole('button', { name: 'Answer' }).click();
  await expect(bob.active()).toHaveAttribute('data-state', 'connected');
  await bob.active().getByRole('button', { name: 'Keypad' }).click();
  await expect(bob.active().getByRole('group', { name: 'DTMF keypad' })).toBeVisible();
  await expectAccessible(bob.page, 'active call with keypad');

  // The history with entries (and the "Call ended" line).
  await bob.active().getByRole('button', { name: 'Hang up' }).click();
  await expect(bob.page.getByTestId('history-entry')).toHaveCount(1);
  await expectAccessible(bob.page, 'history with entries');
});

test('answer, decline and hang up by keyboard shortcut; the live region announces the call', async ({
  phoneFor,
}) => {
  const alice = await phoneFor('alice');
  const bob = await phoneFor('bob');

  // Focus is in the dialer's text field: the shortcut still answers, and nothing is typed.
  await bob.page.getByLabel('Number or SIP address').focus();
  await alice.dial('bob');
  await expect(bob.incoming()).toBeVisible();
  await expect(bob.page.getByTestId('call-announcer')).toHaveText('Alice Example is calling');
  const answer = bob.incoming().getByRole('button', { name: 'Answer' });
  await expect(answer).toHaveAttribute('aria-keyshortcuts', 'Alt+Shift+A');
  await expect(bob.incoming().getByRole('button', { name: 'Decline' })).toHaveAttribute(
    'aria-keyshortcuts',
    'Alt+Shift+D',
  );
  await bob.page.keyboard.press('Alt+Shift+KeyA');
  await expect(bob.active()).toHaveAttribute('data-state', 'connected');
  await expect(bob.page.getByTestId('call-announcer')).toHaveText('Connected to Alice Example');
  await expect(bob.page.getByLabel('Number or SIP address')).toHaveValue('');
  await expect(bob.active().getByRole('button', { name: 'Hang up' })).toHaveAttribute(
    'aria-keyshortcuts',
    'Alt+Shift+H',
  );
  await bob.page.keyboard.press('Alt+Shift+KeyH');
  await expect(bob.active()).toHaveCount(0);
  await expect(alice.active()).toHaveCount(0);

  // A second call, declined by shortcut: alice hears 603.
  await alice.dial('bob');
  await expect(bob.incoming()).toBeVisible();
  await bob.page.keyboard.press('Alt+Shift+KeyD');
  await expect(alice.ended()).toContainText('Declined');
  await expect(bob.incoming()).toHaveCount(0);

  // The whole phone works from the keyboard alone: Tab reaches Call, Enter places the call.
  await bob.page.getByLabel('Number or SIP address').fill('alice');
  await bob.page.keyboard.press('Tab'); // Subject
  await bob.page.keyboard.press('Tab'); // Priority
  await bob.page.keyboard.press('Tab'); // Call
  await expect(bob.page.getByRole('button', { name: 'Call', exact: true })).toBeFocused();
  await bob.page.keyboard.press('Enter');
  await expect(alice.incoming()).toBeVisible();
  await alice.page.keyboard.press('Alt+Shift+KeyD');
  await expect(bob.ended()).toContainText('Declined');
});
