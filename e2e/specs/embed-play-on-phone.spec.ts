import { test, expect } from '../support/fixtures';
import { HostPage } from '../host-pages/host-page';
import type { UmPhoneElement } from '../../src/embed/um-phone-api';

test('element API: setPresence("offline") refuses calls, and a Play-On-Phone call still rings with its event', async ({
  browser,
  phoneFor,
  umPeer,
}) => {
  const alice = await phoneFor('alice');
  const portal = await HostPage.open(browser, 'portal-sidebar.html', { user: 'bob' });
  const bob = portal.phone('phone');
  await portal.expectRegistered(bob);
  await bob.evaluate((el) => (el as UmPhoneElement).setPresence('offline'));
  expect(await bob.evaluate((el) => (el as UmPhoneElement).presence)).toBe('offline');

  // Appear Offline: an ordinary call is refused and the host page hears no `incoming`.
  await alice.dial('bob', { subject: 'Are you there?' });
  await expect(alice.ended()).toContainText('Unavailable (480)');

  // The voicemail server plays a message on bob's phone (MS-OCEXUM 3.2): it rings through.
  const call = umPeer.sendInvite({
    to: 'sip:bob@umphone.test',
    from: '<sip:bob@umphone.test>',
    headers: ['Subject: Quarterly numbers', 'Priority: urgent'],
  });
  await call.waitForResponse(180);
  const playOnPhone = await portal.waitForEvent('phone', 'play-on-phone');
  expect(playOnPhone.detail).toMatchObject({
    playOnPhone: true,
    automaton: true,
    fromUri: 'sip:bob@umphone.test',
    subject: 'Quarterly numbers',
    urgent: true,
  });
  const incoming = (await portal.events()).filter((e) => e.type === 'incoming');
  expect(incoming).toHaveLength(1);
  expect(incoming[0]!.detail.callId).toBe(playOnPhone.detail.callId);

  await call.cancel();
  expect((await portal.waitForEvent('phone', 'call-ended')).detail).toMatchObject({
    purpose: 'play-on-phone',
    answered: false,
  });
  await portal.close();
});
