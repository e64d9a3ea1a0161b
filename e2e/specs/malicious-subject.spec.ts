import { test, expect } from '../support/fixtures';

const PAYLOAD = '<img src=x onerror=alert(1)>';

test('a Subject carrying HTML is shown literally and no script runs', async ({ phoneFor }) => {
  const alice = await phoneFor('alice');
  const bob = await phoneFor('bob');

  await alice.dial('bob', { subject: PAYLOAD });
  const ringing = bob.incoming();
  await expect(ringing.getByTestId('call-subject')).toHaveText(PAYLOAD);

  // No element was injected and no alert() ran.
  await expect(bob.page.locator('img[src="x"]')).toHaveCount(0);
  expect(await ringing.locator('img').count()).toBe(0);
  // Give an injected onerror handler time to fire if there were one.
  await bob.page.waitForTimeout(500);
  expect(bob.dialogs).toEqual([]);
  expect(bob.pageErrors).toEqual([]);

  await ringing.getByRole('button', { name: 'Decline' }).click();
});
