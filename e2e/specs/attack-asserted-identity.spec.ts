import { test, expect } from '../support/fixtures';
import { E2E_LAB, E2E_WS_URL, E2E_WSS_URL } from '../support/e2e-config';
import { SipWsClient } from '../support/sip-ws-client';
import { buildMessage, headerUri, newBranch, randomToken, splitHeaderList } from '../support/sip-message';
import { probeVia } from '../support/sip-probe';

/**
 * Issue 12, hole 2, the proxy's half: the voicemail server decides whose mailbox and who calls
 * from P-Asserted-Identity only, so the proxy is the only one who writes it (RFC 3325 5, 9.1):
 * whatever identity header a client sends is removed, and an authenticated user's request
 * reaches the UM with exactly one `P-Asserted-Identity: <sip:USER@umphone.test>`. What the UM
 * receives is read at a UM stand-in (um-peer) at the trusted UM address.
 */

const DOMAIN = E2E_LAB.domain;
const ALICE_PAI = `<sip:alice@${DOMAIN}>`;

/** Forged identity headers, in the spellings a parser might read differently. */
const FORGERIES: Array<[string, string[]]> = [
  ['P-Asserted-Identity of bob', [`P-Asserted-Identity: <sip:bob@${DOMAIN}>`]],
  ['lower-case name', [`p-asserted-identity: <sip:bob@${DOMAIN}>`]],
  ['upper-case name', [`P-ASSERTED-IDENTITY: <sip:bob@${DOMAIN}>`]],
  [
    'two headers (sip and tel)',
    [`P-Asserted-Identity: <sip:bob@${DOMAIN}>`, 'P-Asserted-Identity: <tel:+15550100>'],
  ],
  ['a comma list', [`P-Asserted-Identity: <sip:bob@${DOMAIN}>, <tel:+15550100>`]],
  ['folded', [`P-Asserted-Identity:\r\n <sip:bob@${DOMAIN}>`]],
  ['quoted display name holding a URI', [`P-Asserted-Identity: "<sip:alice@${DOMAIN}>" <sip:bob@${DOMAIN}>`]],
  ['P-Preferred-Identity', [`P-Preferred-Identity: <sip:bob@${DOMAIN}>`]],
  ['both', [`P-Preferred-Identity: <sip:bob@${DOMAIN}>`, `P-Asserted-Identity: <sip:bob@${DOMAIN}>`]],
];

test.describe('the proxy asserts the caller’s identity itself, whatever the client wrote', () => {
  for (const [url, how] of [
    [E2E_WS_URL, 'WS, registered flow'],
    [E2E_WSS_URL, 'WSS, digest on the INVITE itself'],
  ] as const) {
    test(`${how}: the UM sees exactly one P-Asserted-Identity, alice’s`, async ({ users, umPeer }) => {
      const alice = users.alice!;
      const client = await SipWsClient.connect({
        url,
        user: alice.name,
        password: alice.password,
        domain: DOMAIN,
      });
      try {
        // The WS case signs in first, so the INVITE passes on the flow (no challenge); the WSS
        // case does not register, so every INVITE answers a 407 with digest.
        if (url === E2E_WS_URL) expect((await client.register()).final.status).toBe(200);
        for (const [name, headers] of FORGERIES) {
          const marker = `x=${randomToken(6)}`;
          const call = client.invite({
            uri: `sip:bob@${DOMAIN};opaque=app:voicemail;${marker}`,
            to: `<sip:bob@${DOMAIN}>`,
            headers,
          });
          const atUm = await umPeer.waitForRequest((r) => r.method === 'INVITE' && r.uri.endsWith(marker));
          expect(atUm.getHeaders('p-asserted-identity'), name).toEqual([ALICE_PAI]);
          expect(atUm.getHeaders('p-preferred-identity'), name).toEqual([]);
          await call.waitForFinal();
        }
      } finally {
        await client.close();
      }
    });
  }

  test('between two phones: bob gets alice’s asserted identity, and alice gets no identity bob claims in his answer', async ({
    users,
  }) => {
    const connect = async (name: string) => {
      const u = users[name]!;
      const c = await SipWsClient.connect({
        url: E2E_WS_URL,
        user: u.name,
        password: u.password,
        domain: DOMAIN,
      });
      expect((await c.register()).final.status).toBe(200);
      return c;
    };
    const alice = await connect('alice');
    const bob = await connect('bob');
    try {
      const call = alice.invite({ uri: bob.aor, headers: [`P-Asserted-Identity: <sip:ceo@${DOMAIN}>`] });
      const atBob = await bob.waitForRequest((r) => r.method === 'INVITE' && r.callId === call.callId);
      expect(atBob.getHeaders('p-asserted-identity')).toEqual([ALICE_PAI]);
      bob.respond(atBob, 486, 'Busy Here', {
        headers: [`P-Asserted-Identity: <sip:ceo@${DOMAIN}>`, `P-Preferred-Identity: <sip:ceo@${DOMAIN}>`],
      });
      const final = await call.waitForFinal();
      expect(final.status).toBe(486);
      expect(final.getHeaders('p-asserted-identity')).toEqual([]);
      expect(final.getHeaders('p-preferred-identity')).toEqual([]);
    } finally {
      await Promise.all([alice.close(), bob.close()]);
    }
  });

  test('an in-dialog request asserts nothing: alice’s BYE reaches the UM without her forged identity', async ({
    users,
    umPeer,
  }) => {
    const alice = users.alice!;
    umPeer.setInviteAnswer({ status: 200, reason: 'OK' });
    const client = await SipWsClient.connect({
      url: E2E_WS_URL,
      user: alice.name,
      password: alice.password,
      domain: DOMAIN,
    });
    try {
      expect((await client.register()).final.status).toBe(200);
      const marker = `x=${randomToken(6)}`;
      const call = client.invite({
        uri: `sip:alice@${DOMAIN};opaque=app:voicemail;${marker}`,
        to: `<sip:alice@${DOMAIN}>`,
      });
      const ok = await call.waitForFinal();
      expect(ok.status).toBe(200);
      // alice's BYE of that call, with an identity header added, sent on its own connection.
      const invite = await umPeer.waitForRequest((r) => r.method === 'INVITE' && r.uri.endsWith(marker));
      const text = buildMessage(`BYE ${headerUri(ok.getHeader('contact') ?? '')} SIP/2.0`, [
        probeVia('ws', newBranch()),
        'Max-Forwards: 70',
        ...splitHeaderList(ok.getHeaders('record-route'))
          .reverse()
          .map((r) => `Route: ${r}`),
        `From: ${invite.getHeader('from') ?? ''}`,
        `To: ${ok.getHeader('to') ?? ''}`,
        `Call-ID: ${call.callId}`,
        'CSeq: 999 BYE',
        `P-Asserted-Identity: <sip:bob@${DOMAIN}>`,
        `P-Preferred-Identity: <sip:bob@${DOMAIN}>`,
      ]);
      client.sendRaw(text);
      const answer = await client.responses.wait(
        (m) => m.callId === call.callId && m.cseq.method === 'BYE' && m.status >= 200,
        5000,
        'the answer to the BYE',
      );
      expect(answer.status).toBe(200);
      const bye = await umPeer.waitForRequest((r) => r.method === 'BYE' && r.callId === call.callId);
      expect(bye.getHeaders('p-asserted-identity')).toEqual([]);
      expect(bye.getHeaders('p-preferred-identity')).toEqual([]);
    } finally {
      await client.close();
    }
  });
});
