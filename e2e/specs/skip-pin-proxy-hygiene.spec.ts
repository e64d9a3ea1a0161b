import { test, expect } from '../support/fixtures';
import { E2E_LAB, E2E_WS_URL, E2E_WSS_URL } from '../support/e2e-config';
import { SipWsClient } from '../support/sip-ws-client';

/**
 * The proxy half of skip-pin hygiene (MS-OCEXUM 2.2.1): the UM trusts Ms-Exchange-Command because
 * it trusts the proxy, so the proxy lets it through only from a just-authenticated browser user on
 * WSS, or on WS from 127.0.0.1 (this machine). No browser: raw SIP clients show what the UM sees.
 */
test.describe('the lab proxy keeps skip-pin only from authenticated users on a trusted connection', () => {
  const cases = [
    { name: 'WS from 127.0.0.1', url: E2E_WS_URL, from: '127.0.0.1', kept: true },
    { name: 'WS from another address (127.0.0.3)', url: E2E_WS_URL, from: '127.0.0.3', kept: false },
    { name: 'WSS from another address (127.0.0.3)', url: E2E_WSS_URL, from: '127.0.0.3', kept: true },
  ];
  for (const c of cases) {
    test(`${c.name}: skip-pin ${c.kept ? 'reaches' : 'is stripped before'} the UM`, async ({
      users,
      umPeer,
    }) => {
      const alice = users.alice!;
      const client = await SipWsClient.connect({
        url: c.url,
        user: alice.name,
        password: alice.password,
        domain: E2E_LAB.domain,
        localAddress: c.from,
      });
      try {
        const tag = `x=${c.from.replace(/\./g, '-')}-${c.url.startsWith('wss') ? 'wss' : 'ws'}`;
        const call = client.invite({
          uri: `sip:alice@${E2E_LAB.domain};opaque=app:voicemail;${tag}`,
          to: `<sip:alice@${E2E_LAB.domain}>`,
          headers: ['Ms-Exchange-Command: skip-pin'],
        });
        const atUm = await umPeer.waitForRequest((r) => r.method === 'INVITE' && r.uri.endsWith(tag));
        expect(atUm.getHeader('ms-exchange-command')).toBe(c.kept ? 'skip-pin' : undefined);
        await call.waitForFinal();
      } finally {
        await client.close();
      }
    });
  }

  test('an unauthenticated voicemail INVITE with skip-pin is challenged (407) and never reaches the UM', async ({
    users,
    umPeer,
  }) => {
    const alice = users.alice!;
    const client = await SipWsClient.connect({
      url: E2E_WS_URL,
      user: alice.name,
      password: alice.password,
      domain: E2E_LAB.domain,
    });
    try {
      const { final } = await client.request('INVITE', {
        uri: `sip:alice@${E2E_LAB.domain};opaque=app:voicemail;x=noauth`,
        headers: ['Ms-Exchange-Command: skip-pin'],
        authenticate: false,
      });
      expect(final.status).toBe(407);
      expect(umPeer.received.some((r) => r.uri.endsWith('x=noauth'))).toBe(false);
    } finally {
      await client.close();
    }
  });
});
