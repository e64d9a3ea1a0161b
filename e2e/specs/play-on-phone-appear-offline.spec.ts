import { test, expect } from '../support/fixtures';

test('Appear Offline refuses calls with 480, but a Play-On-Phone call from the UM rings with its label, Subject and urgency', async ({
  phoneFor,
  umPeer,
}) => {
  const alice = await phoneFor('alice');
  const bob = await phoneFor('bob');
  await bob.setPresence('Appear Offline');

  // An ordinary call is refused with 480 and bob's phone never rings.
  await alice.dial('bob', { subject: 'Are you there?' });
  await expect(alice.ended()).toContainText('Unavailable (480)');
  await expect(bob.incoming()).toHaveCount(0);
  // The refused call is in bob's history as missed, so nothing is lost.
  await expect(bob.page.getByTestId('history-entry').first()).toContainText('Missed while Appear Offline');

  // The voicemail server dials out: From = To = bob, Contact ;automata (MS-OCEXUM 3.2).
  const call = umPeer.sendInvite({
    to: 'sip:bob@umphone.test',
    from: '<sip:bob@umphone.test>',
    headers: ['Ms-Sensitivity: private-no-diversion', 'Subject: Quarterly numbers', 'Priority: urgent'],
  });
  await call.waitForResponse(180);

  const ringing = bob.incoming();
  await expect(ringing).toBeVisible();
  await expect(ringing).toHaveAttribute('data-play-on-phone', 'true');
  await expect(ringing.getByTestId('call-purpose')).toHaveText('Voice message playback');
  await expect(ringing.getByTestId('call-subject')).toHaveText('Quarterly numbers');
  await expect(ringing.getByTestId('urgent-badge')).toHaveText('Urgent');
  await expect(ringing.getByTestId('no-diversion')).toHaveText('Forwarding is off for this call');

  // The UM gives up: the ringing stops and nothing is left on screen.
  await call.cancel();
  await expect(ringing).toHaveCount(0);
});
