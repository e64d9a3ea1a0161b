import { test, expect } from '../support/fixtures';
import { remoteDirections } from '../support/call-media';

/**
 * Issue 15 item 3, against the real lab: when alice holds bob, her re-INVITE offers sendonly
 * (RFC 3264 §8.4) and bob's card, tab title and screen reader say "On hold (Alice Example)";
 * when she resumes, all of it clears.
 */
test('alice holds bob: bob is told on his card, in his tab title and aloud; resume clears it', async ({
  phoneFor,
}) => {
  const bob = await phoneFor('bob');
  const alice = await phoneFor('alice');
  await alice.dial('bob');
  await expect(bob.incoming()).toBeVisible();
  await bob.incoming().getByRole('button', { name: 'Answer' }).click();
  await expect(bob.active().getByTestId('call-status')).toHaveText('Connected');
  await expect(bob.page).toHaveTitle(/^In call /);

  await alice.active().getByRole('button', { name: 'Hold' }).click();
  await expect(bob.active().getByTestId('call-status')).toHaveText('On hold (Alice Example)');
  await expect(bob.page).toHaveTitle('On hold (Alice Example) — UM Phone');
  await expect(bob.page.getByTestId('call-announcer')).toHaveText('Alice Example put you on hold');
  expect(await remoteDirections(bob)).toEqual(['sendonly']);
  // bob himself did not hold anything: his own controls are as they were.
  await expect(bob.active().getByRole('button', { name: 'Hold' })).toHaveAttribute('aria-pressed', 'false');

  await alice.page
    .getByTestId('held-call')
    .getByRole('button', { name: /^Resume the call with/ })
    .click();
  await expect(bob.active().getByTestId('call-status')).toHaveText('Connected');
  await expect(bob.page).toHaveTitle(/^In call /);
  await expect(bob.page.getByTestId('call-announcer')).toHaveText('Alice Example took you off hold');
  expect(await remoteDirections(bob)).toEqual(['sendrecv']);
});
