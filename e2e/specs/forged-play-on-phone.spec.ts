import { test, expect } from '../support/fixtures';
import { PhonePage } from '../support/phone-page';
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
    // Appear Offline never lets the caller hear ringing first: no 180 before the 480.
    expect(call.responses).not.toContain(180);
    await expect(bob.incoming()).toHaveCount(0);
  });

  // The rest of the matrix: the trusted UM itself sends each shape, so only the phone's own rule
  // (MS-OCEXUM 3.2 plus its trusted hosts) stands between it and a ring through Appear Offline.
  const BOB = 'sip:bob@umphone.test';
  const UM_CONTACT = `<sip:um@${E2E_LAB.umAddr}:${E2E_LAB.umPort};transport=tls>`;
  const refusedShapes: { name: string; from: string; to?: string; contact: string }[] = [
    { name: 'From ≠ To', from: '<sip:alice@umphone.test>', contact: `${UM_CONTACT};automata` },
    { name: 'automata="FALSE"', from: `<${BOB}>`, contact: `${UM_CONTACT};automata="FALSE"` },
    {
      name: 'automata on To, not on Contact',
      from: `<${BOB}>`,
      to: `<${BOB}>;automata`,
      contact: UM_CONTACT,
    },
    {
      name: 'automata inside the Contact URI only',
      from: `<${BOB}>`,
      contact: `<sip:um@${E2E_LAB.umAddr}:${E2E_LAB.umPort};transport=tls;automata>`,
    },
  ];
  for (const shape of refusedShapes) {
    test(`client half: ${shape.name} is refused with 480 and never rings`, async ({ phoneFor, umPeer }) => {
      const bob = await phoneFor('bob');
      await bob.setPresence('Appear Offline');
      const call = umPeer.sendInvite({
        to: shape.to ?? `<${BOB}>`,
        requestUri: BOB,
        from: shape.from,
        contact: shape.contact,
        headers: ['Subject: Not a real playback'],
      });
      expect((await call.waitForFinal()).status).toBe(480);
      await expect(bob.incoming()).toHaveCount(0);
    });
  }

  /** bob signs in with a list of trusted voicemail hosts (sign-in screen, Advanced). */
  async function bobTrusting(browser: import('@playwright/test').Browser, hosts: string, password: string) {
    const bob = await PhonePage.open(browser);
    await bob.page.getByText('Advanced').click();
    await bob.page.getByLabel('Trusted voicemail hosts').fill(hosts);
    await bob.signIn({ serverUrl: E2E_WS_URL, aor: BOB, password });
    await bob.expectRegistered();
    await bob.setPresence('Appear Offline');
    return bob;
  }

  test('client half: with trusted voicemail hosts set, a Play-On-Phone from another host is refused; from a listed host it rings', async ({
    browser,
    users,
    umPeer,
  }) => {
    const untrusting = await bobTrusting(browser, 'um.contoso.test', users.bob!.password);
    try {
      const forged = umPeer.sendInvite({ to: BOB, from: `<${BOB}>`, headers: ['Subject: From elsewhere'] });
      expect((await forged.waitForFinal()).status).toBe(480);
      await expect(untrusting.incoming()).toHaveCount(0);
    } finally {
      await untrusting.close();
    }

    // Positive control: the same INVITE, with the UM's host in the list, rings through Appear Offline.
    const trusting = await bobTrusting(browser, `um.contoso.test, ${E2E_LAB.umAddr}`, users.bob!.password);
    try {
      const real = umPeer.sendInvite({ to: BOB, from: `<${BOB}>`, headers: ['Subject: Your message'] });
      await real.waitForResponse(180);
      await expect(trusting.incoming()).toHaveAttribute('data-play-on-phone', 'true');
      await real.cancel();
      await expect(trusting.incoming()).toHaveCount(0);
    } finally {
      await trusting.close();
    }
  });
});
