import { test, expect } from '../support/fixtures';
import { E2E_LAB, E2E_WS_URL } from '../support/e2e-config';
import { SipWsClient } from '../support/sip-ws-client';

test.describe('a forged Play-On-Phone never rings through Appear Offline', () => {
  test('server half: alice cannot send an INVITE whose From is bob (403)', async ({ phoneFor, users }) => {
    const bob = await phoneFor('bob');
    await bob.setPresence('Appear Offline');
    const alice = users.alice!;
    const forger = await SipWsClient.connect({
      url: E2E_WS_URL,
      user: alice.name,
      password: alice.password,
      domain: E2E_LAB.domain,
    });
    try {
      const invite = forger.invite({
        uri: 'sip:bob@umphone.test',
        from: '<sip:bob@umphone.test>',
        to: '<sip:bob@umphone.test>',
        contact: '<sip:forger@127.0.0.1;transport=ws>;automata',
        headers: ['Ms-Sensitivity: private-no-diversion', 'Subject: Totally your voicemail'],
      });
      const final = await invite.waitForFinal();
      expect(final.status).toBe(403);
    } finally {
      await forger.close();
    }
    await expect(bob.incoming()).toHaveCount(0);
  });

  test('client half: From = To but not bob’s own address is refused with 480, even from the trusted UM', async ({
    phoneFor,
    umPeer,
  }) => {
    const bob = await phoneFor('bob');
    await bob.setPresence('Appear Offline');
    const call = umPeer.sendInvite({
      to: '<sip:alice@umphone.test>',
      requestUri: 'sip:bob@umphone.test',
      from: '<sip:alice@umphone.test>',
      headers: ['Subject: Not really for bob'],
    });
    const final = await call.waitForFinal();
    expect(final.status).toBe(480);
    await expect(bob.incoming()).toHaveCount(0);
  });
});
