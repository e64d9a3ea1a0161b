import { test, expect } from '../support/fixtures';
import { E2E_WS_URL } from '../support/e2e-config';

test("bob's history records a missed, an answered and a presence-refused call, keeps them over a reload, and calls back", async ({
  phoneFor,
  users,
}) => {
  const alice = await phoneFor('alice');
  const bob = await phoneFor('bob');
  const history = bob.page.getByRole('region', { name: 'History' });
  const entries = history.getByTestId('history-entry');

  // 1. Alice calls with a Subject and gives up before bob answers: a missed call.
  await alice.dial('bob', { subject: 'Quick question', priority: 'Urgent' });
  await expect(bob.incoming()).toBeVisible();
  await alice.active().getByRole('button', { name: 'Hang up' }).click();
  await expect(bob.incoming()).toHaveCount(0);
  await expect(entries).toHaveCount(1);
  const missed = entries.first();
  await expect(missed).toContainText('Missed');
  await expect(missed).toContainText('Alice Example');
  await expect(missed.getByTestId('history-subject')).toHaveText('Quick question');
  await expect(missed.getByTestId('history-urgent')).toBeVisible();

  // 2. Alice calls again; bob answers, they talk a moment, bob hangs up: an answered call with a length.
  await alice.dial('bob', { subject: 'Second try' });
  await bob.incoming().getByRole('button', { name: 'Answer' }).click();
  await expect(bob.active()).toHaveAttribute('data-state', 'connected');
  await expect(bob.active().getByTestId('call-timer')).not.toHaveText('00:00');
  await bob.active().getByRole('button', { name: 'Hang up' }).click();
  await expect(entries).toHaveCount(2);
  const answered = entries.first();
  await expect(answered).toContainText('Incoming');
  await expect(answered.getByTestId('history-subject')).toHaveText('Second try');
  await expect(answered.getByTestId('history-outcome')).toContainText(/\d+\s?sec/);

  // 3. Bob appears offline; alice's call is refused with 480 and never rings: missed, with why.
  await bob.setPresence('Appear Offline');
  await alice.dial('bob');
  await expect(alice.ended()).toContainText('480');
  await expect(entries).toHaveCount(3);
  await expect(entries.first()).toContainText('Missed');
  await expect(entries.first().getByTestId('history-outcome')).toHaveText('Missed while Appear Offline');
  await bob.setPresence('Available');

  // The history is bob's, stored in his browser: it survives a reload (and a new sign-in).
  await bob.page.reload();
  const user = users.bob!;
  await bob.signIn({
    serverUrl: E2E_WS_URL,
    aor: user.aor,
    password: user.password,
    displayName: user.displayName,
  });
  await bob.expectRegistered();
  await expect(entries).toHaveCount(3);
  await expect(entries.nth(1).getByTestId('history-subject')).toHaveText('Second try');
  await expect(entries.nth(2)).toContainText('Missed');

  // Alice's own history on her browser holds her three outgoing calls, not bob's view of them.
  await expect(alice.page.getByRole('region', { name: 'History' }).getByTestId('history-entry')).toHaveCount(
    3,
  );
  await expect(alice.page.getByRole('region', { name: 'History' })).not.toContainText('Missed');

  // Call back from the first missed call: alice's phone rings.
  await entries.nth(2).getByRole('button', { name: 'Call back' }).click();
  await expect(alice.incoming()).toBeVisible();
  await alice.incoming().getByRole('button', { name: 'Decline' }).click();
  await expect(bob.ended()).toContainText('Declined');
});
