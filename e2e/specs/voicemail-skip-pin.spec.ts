import { test, expect } from '../support/fixtures';
import { E2E_UNTRUSTED_WS_URL, E2E_WSS_URL } from '../support/e2e-config';

test.describe('Call voicemail (MS-OCEXUM 3.1, 4.1)', () => {
  test('over WSS the INVITE goes to the own voicemail URI with Ms-Exchange-Command: skip-pin', async ({
    phoneFor,
    umPeer,
  }) => {
    const alice = await phoneFor('alice', { serverUrl: E2E_WSS_URL });
    await expect(alice.page.getByTestId('pin-hint')).toHaveText('PIN will be skipped (trusted connection)');

    await alice.page.getByRole('button', { name: 'Call voicemail' }).click();

    // What the voicemail server receives, on the wire, through the real proxy.
    const invite = await umPeer.waitForRequest((r) => r.method === 'INVITE');
    expect(invite.uri).toBe('sip:alice@umphone.test;opaque=app:voicemail');
    expect(invite.getHeader('Ms-Exchange-Command')).toBe('skip-pin');
    expect(invite.getHeader('From')).toContain('sip:alice@umphone.test');
    expect(invite.getHeader('To')).toContain('sip:alice@umphone.test;opaque=app:voicemail');

    // The stand-in answers 480, as a busy UM would: the call ends cleanly with a reason.
    await expect(alice.ended()).toContainText('Unavailable (480)');
  });

  test('over an untrusted ws: connection the header is never sent and the UI says a PIN will be asked', async ({
    phoneFor,
    umPeer,
  }) => {
    const alice = await phoneFor('alice', { serverUrl: E2E_UNTRUSTED_WS_URL });
    await expect(alice.page.getByTestId('pin-hint')).toHaveText('You will be asked for your PIN');

    await alice.page.getByRole('button', { name: 'Call voicemail' }).click();
    const invite = await umPeer.waitForRequest((r) => r.method === 'INVITE');
    expect(invite.uri).toBe('sip:alice@umphone.test;opaque=app:voicemail');
    // The proxy keeps this header on loopback WS (it arrived from 127.0.0.1), so its absence
    // shows the phone itself did not send it.
    expect(invite.getHeader('Ms-Exchange-Command')).toBeUndefined();
    await expect(alice.ended()).toContainText('Unavailable (480)');
  });
});
