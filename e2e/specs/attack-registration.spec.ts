import { test, expect } from '../support/fixtures';
import { E2E_LAB } from '../support/e2e-config';
import type { SipWsClient } from '../support/sip-ws-client';
import { e2eWsClient } from '../support/e2e-ws-client';
import type { SipMessage } from '../support/sip-message';
import { E2E_PROXY_PORTS, probe } from '../support/sip-probe';
import { VALID_SDP } from '../support/fake-proxy';

/**
 * Registrations an attacker might abuse (kamailio.cfg).
 *
 * 1. A registered user must not be able to point their own calls at someone else's connection
 * (route[REGISTRAR]). The attack: carol registers a Contact whose `received` parameter (which
 * Kamailio's registrar prefers to the source it records) or `alias` names bob's WebSocket
 * connection. Before the fix both were accepted, and a call to carol rang bob's browser,
 * which learnt nothing of it being carol's (bob's forwarding, voicemail and missed-call
 * notification bypassed; a Play-On-Phone call to carol would land there too). Each "bob got
 * nothing" below comes after the caller's final answer and beside a control call that does
 * reach bob over the same connection.
 *
 * 2. A REGISTER's Authorization, captured on a plain transport, must not register its user again
 * when replayed from another connection (the auth module's nonce_count): that connection would
 * then be the user's flow, believed without a challenge for as long as it stays open.
 */

const DOMAIN = E2E_LAB.domain;

test.describe('a Contact cannot name another connection', () => {
  let alice: SipWsClient;
  let bob: SipWsClient;
  let carol: SipWsClient;

  test.beforeEach(async ({ users }) => {
    alice = await e2eWsClient(users.alice!);
    bob = await e2eWsClient(users.bob!);
    carol = await e2eWsClient(users.carol!, false);
  });
  test.afterEach(async () => {
    // Whatever carol managed to register goes (no later test's call to carol may fork to it).
    await carol.request('REGISTER', {
      uri: `sip:${DOMAIN}`,
      to: `<${carol.aor}>`,
      headers: ['Contact: *', 'Expires: 0'],
    });
    await Promise.all([alice.close(), bob.close(), carol.close()]);
  });

  /** Alice calls `uri`; resolves with her final answer and whether bob's connection saw the INVITE. */
  async function aliceCalls(uri: string): Promise<{ final: SipMessage; bobSawIt: boolean }> {
    const call = alice.invite({ uri, body: VALID_SDP, contentType: 'application/sdp' });
    const isIt = (r: SipMessage) => r.method === 'INVITE' && r.callId === call.callId;
    const stop = bob.requests.subscribe((r) => {
      if (isIt(r)) bob.respond(r, 486, 'Busy Here');
    });
    try {
      const final = await call.waitForFinal(15_000);
      // The proxy answers alice only once every branch has ended: an INVITE relayed to bob's
      // connection has been received (and answered 486 by bob) by then.
      return { final, bobSawIt: bob.requests.items.some(isIt) };
    } finally {
      stop();
    }
  }

  test('control: a call to bob reaches his connection', async () => {
    const { final, bobSawIt } = await aliceCalls(`sip:bob@${DOMAIN}`);
    expect(bobSawIt).toBe(true);
    expect(final.status).toBe(486);
  });

  test("received or alias naming bob's connection: refused with 400, and carol's calls never reach bob", async () => {
    const bobsConnection = `127.0.0.1:${bob.localPort}`;
    for (const contact of [
      `<sip:carol@x.invalid;transport=ws>;received="sip:${bobsConnection};transport=ws"`,
      `<sip:carol@x.invalid;transport=ws>;RECEIVED = "sip:${bobsConnection};transport=ws"`,
      `<sip:carol@127.0.0.1:${bob.localPort};transport=ws;alias=127.0.0.1~${bob.localPort}~5>`,
      // A parameter without a value counts (the registrar reads `;received` as an empty one and
      // then ignores the source it recorded, sending to the Contact's own address: bob's).
      `<sip:carol@127.0.0.1:${bob.localPort};transport=ws>;received`,
    ]) {
      const { final } = await carol.request('REGISTER', {
        uri: `sip:${DOMAIN}`,
        to: `<${carol.aor}>`,
        headers: [`Contact: ${contact};expires=600`, 'Expires: 600'],
      });
      expect(`${final.status} ${final.reason}`, contact).toBe(
        '400 Bad Request (Contact received or alias parameter)',
      );
    }
    // One too long for the proxy's pseudo-variable buffer reads as nothing there: refused unread.
    const padded = `<sip:carol@x.invalid;transport=ws>;p=${'a'.repeat(8300)};received="sip:${bobsConnection};transport=ws"`;
    const { final: long } = await carol.request('REGISTER', {
      uri: `sip:${DOMAIN}`,
      to: `<${carol.aor}>`,
      headers: [`Contact: ${padded};expires=600`, 'Expires: 600'],
    });
    expect(`${long.status} ${long.reason}`).toBe('400 Bad Request (Contact too long)');
    const { final, bobSawIt } = await aliceCalls(`sip:carol@${DOMAIN}`);
    expect(bobSawIt).toBe(false);
    expect(final.status).toBeGreaterThanOrEqual(300); // carol has no registration at all
  });
});

test('a REGISTER replayed byte for byte from another connection is challenged, not registered', async ({
  users,
}) => {
  const bob = users.bob!;
  const client = await e2eWsClient(bob, false);
  try {
    const { final, request } = await client.register();
    expect(final.status).toBe(200);
    expect(request.getHeader('authorization')).toMatch(/nc=00000001/);
    // The eavesdropper's copy, sent over a WebSocket connection of its own.
    const replayed = await probe(E2E_PROXY_PORTS, 'ws', request.raw, request.callId);
    expect(`${replayed.status}`).toBe('401');
    // Bob himself signs in again as before (a fresh challenge, a fresh nonce).
    expect((await client.register()).final.status).toBe(200);
  } finally {
    await client.request('REGISTER', {
      uri: `sip:${DOMAIN}`,
      to: `<${client.aor}>`,
      headers: ['Contact: *', 'Expires: 0'],
    });
    await client.close();
  }
});
