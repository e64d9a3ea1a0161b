import { test, expect } from '../support/fixtures';
import { hideTabAndWatchNotifications, shown } from '../support/notifications';

test('a call on a hidden tab raises a notification with caller, Subject and urgency; clicking it focuses Answer', async ({
  phoneFor,
}) => {
  const alice = await phoneFor('alice');
  const bob = await phoneFor('bob');
  await hideTabAndWatchNotifications(bob);

  await alice.dial('bob', { subject: 'Server room is flooding', priority: 'Urgent' });
  await expect(bob.incoming()).toBeVisible();
  await expect.poll(() => shown(bob)).toHaveLength(1);
  const [n] = await shown(bob);
  expect(n?.title).toBe('Urgent: Alice Example is calling');
  expect(n?.body).toContain('Subject: Server room is flooding');
  expect(n?.closed).toBe(false);

  // The tab tells the state too: title and favicon badge.
  await expect(bob.page).toHaveTitle('Ringing: Alice Example — UM Phone');
  await expect(bob.page.locator('link[rel~="icon"]')).toHaveAttribute('href', /favicon-ringing\.svg$/);

  // A click on the notification brings the phone forward with Answer focused; Enter answers.
  await bob.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await bob.page.evaluate(() => {
    const n = (window as unknown as { __shown: Array<{ n: Notification }> }).__shown[0]!.n;
    n.onclick?.(new Event('click'));
  });
  const answer = bob.incoming().getByRole('button', { name: 'Answer' });
  await expect(answer).toBeFocused();
  await expect.poll(async () => (await shown(bob))[0]?.closed).toBe(true);
  await bob.page.keyboard.press('Enter');
  await expect(bob.active()).toHaveAttribute('data-state', 'connected');
  await expect(bob.page).toHaveTitle(/^In call \d\d:\d\d — UM Phone$/);
  await expect(bob.page.locator('link[rel~="icon"]')).toHaveAttribute('href', /favicon-in-call\.svg$/);

  await bob.active().getByRole('button', { name: 'Hang up' }).click();
  await expect(bob.page).toHaveTitle('UM Phone');
});

test('a Play-On-Phone call on a hidden tab is labelled voice message playback, and its notification closes when it stops ringing', async ({
  phoneFor,
  umPeer,
}) => {
  const bob = await phoneFor('bob');
  await hideTabAndWatchNotifications(bob);

  const call = umPeer.sendInvite({
    to: 'sip:bob@umphone.test',
    from: '<sip:bob@umphone.test>',
    headers: ['Subject: Quarterly numbers'],
  });
  await call.waitForResponse(180);
  await expect.poll(() => shown(bob)).toHaveLength(1);
  const [n] = await shown(bob);
  expect(n?.title).toBe('Voice message playback');
  expect(n?.body).toContain('Subject: Quarterly numbers');

  await call.cancel();
  await expect(bob.incoming()).toHaveCount(0);
  await expect.poll(async () => (await shown(bob))[0]?.closed).toBe(true);
});
