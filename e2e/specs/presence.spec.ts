import { test, expect } from '../support/fixtures';

test('presence is published as PIDF: a watcher sees Busy, then Offline for Appear Offline, while Play-On-Phone still rings', async ({
  phoneFor,
  umPeer,
}) => {
  const bob = await phoneFor('bob');
  const alice = await phoneFor('alice', { contacts: ['sip:bob@umphone.test'] });

  const contact = alice.contact('sip:bob@umphone.test');
  await expect(contact).toBeVisible();
  await expect(contact.getByTestId('contact-state')).toHaveText('Available');

  await bob.setPresence('Busy');
  await expect(contact.getByTestId('contact-state')).toHaveText('Busy');
  await expect(contact).toHaveAttribute('data-state', 'busy');

  await bob.setPresence('Do Not Disturb');
  await expect(contact.getByTestId('contact-state')).toHaveText('Do Not Disturb');

  // Appear Offline: published as closed, so watchers see Offline…
  await bob.setPresence('Appear Offline');
  await expect(contact.getByTestId('contact-state')).toHaveText('Offline');
  await expect(contact).toHaveAttribute('data-state', 'offline');
  // …while bob stays registered, and the voicemail server's Play-On-Phone still reaches him.
  await expect(bob.registration()).toHaveText('Registered');
  const call = umPeer.sendInvite({
    to: 'sip:bob@umphone.test',
    from: '<sip:bob@umphone.test>',
    headers: ['Subject: Your messages'],
  });
  await call.waitForResponse(180);
  await expect(bob.incoming()).toBeVisible();
  await expect(bob.incoming()).toHaveAttribute('data-play-on-phone', 'true');
  await call.cancel();
  await expect(bob.incoming()).toHaveCount(0);

  // Back to Available; then signing out removes the publication at once.
  await bob.setPresence('Available');
  await expect(contact.getByTestId('contact-state')).toHaveText('Available');
  await bob.page.getByRole('button', { name: 'Sign out' }).click();
  await expect(contact.getByTestId('contact-state')).toHaveText('Offline');

  // Clicking a contact calls them.
  await contact.getByRole('button').click();
  await expect(alice.ended()).toBeVisible();

  expect(alice.pageErrors).toEqual([]);
  expect(bob.pageErrors).toEqual([]);
});

// The goodbye on pagehide reaches the proxy only as far as the proxy reads it before the closed
// page's connection fails: the un-PUBLISH goes first for that reason (ConnectionScope.signOut). With
// the unsubscribe first, 2 of 6 reloads under CPU load lost it (alice kept seeing Available: the
// proxy challenged the un-PUBLISH it read after its NOTIFY hit the closed socket); since, 25 of 25.
test('closing or reloading the page signs out at once: watchers see Offline and calls no longer fork to the dead page', async ({
  phoneFor,
}) => {
  const bob = await phoneFor('bob');
  const alice = await phoneFor('alice', { contacts: ['sip:bob@umphone.test'] });
  const contact = alice.contact('sip:bob@umphone.test');
  await expect(contact.getByTestId('contact-state')).toHaveText('Available');

  // The reload ends the old page; nothing signs bob in again.
  await bob.page.reload();
  await expect(bob.page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  // Without the goodbye on pagehide, the old publication would say Available for 10 minutes.
  await expect(contact.getByTestId('contact-state')).toHaveText('Offline');
  // And the proxy no longer has his contact: alice's call is refused at once instead of ringing nowhere.
  await alice.dial('bob');
  await expect(alice.ended()).toContainText('480');
});
