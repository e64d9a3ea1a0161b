import { test, expect } from '../support/fixtures';

test('alice calls bob with a Subject and Urgent priority; bob sees both, answers, audio flows, hang-up ends both', async ({
  phoneFor,
}) => {
  const alice = await phoneFor('alice');
  const bob = await phoneFor('bob');

  // Alice dials bob with a Subject and Priority Urgent.
  await alice.dial('bob', { subject: 'About the new sales project', priority: 'Urgent' });
  await expect(alice.active()).toHaveAttribute('data-state', 'calling');

  // Bob's phone rings and shows who, the Subject and the urgent priority, styled apart.
  const ringing = bob.incoming();
  await expect(ringing).toBeVisible();
  await expect(ringing.getByTestId('caller-address')).toHaveText('sip:alice@umphone.test');
  await expect(ringing.getByTestId('caller-name')).toHaveText('Alice Example');
  await expect(ringing.getByTestId('call-subject')).toHaveText('About the new sales project');
  await expect(ringing.getByTestId('urgent-badge')).toHaveText('Urgent');
  await expect(ringing).toHaveAttribute('data-urgent', 'true');
  await expect(ringing).toHaveAttribute('data-play-on-phone', 'false');
  const urgentBorder = await ringing.evaluate((el) => getComputedStyle(el).borderColor);

  // A normal call for comparison: the urgent styling is visibly different.
  await ringing.getByRole('button', { name: 'Answer' }).click();
  await expect(bob.active()).toHaveAttribute('data-state', 'connected');
  await expect(alice.active()).toHaveAttribute('data-state', 'connected');

  // Real WebRTC audio both ways, from the fake microphones, as RTCPeerConnection stats show.
  await alice.expectAudioBothWays();
  await bob.expectAudioBothWays();

  // Alice hangs up: both sides end.
  await alice.active().getByRole('button', { name: 'Hang up' }).click();
  await expect(alice.active()).toHaveCount(0);
  await expect(bob.active()).toHaveCount(0);
  await expect(bob.ended()).toContainText('Call ended');
  await expect(alice.ended()).toContainText('Call ended');

  // And an ordinary call from bob back to alice is not styled as urgent.
  await bob.dial('alice', { subject: 'Re: sales' });
  await expect(alice.incoming()).toHaveAttribute('data-urgent', 'false');
  await expect(alice.incoming().getByTestId('urgent-badge')).toHaveCount(0);
  const normalBorder = await alice.incoming().evaluate((el) => getComputedStyle(el).borderColor);
  expect(normalBorder).not.toBe(urgentBorder);
  await alice.incoming().getByRole('button', { name: 'Decline' }).click();
  await expect(bob.ended()).toContainText('Declined (603)');
});
