/**
 * One journey, two labs (attack-transfer.spec on one node, cluster-forwarding.spec across two):
 * bob forwards his calls to carol; alice calls bob and carol answers the forwarded INVITE; carol
 * then sends her own REFER in the dialog, and alice must receive it with the proxy's
 * `Referred-By` naming carol (RFC 3892), never bob, who forwarded the call and is not in it.
 */
import { expect } from './fixtures';
import { VALID_SDP } from './fake-proxy';
import { buildMessage, headerUri, newBranch, randomToken, splitHeaderList } from './sip-message';
import type { SipWsClient } from './sip-ws-client';

export async function expectForwardedReferInCarolsName(
  alice: SipWsClient,
  carol: SipWsClient,
  bobAor: string,
  domain: string,
): Promise<void> {
  const call = alice.invite({ uri: bobAor, body: VALID_SDP });
  const atCarol = await carol.waitForRequest((r) => r.method === 'INVITE' && r.callId === call.callId);
  const carolTag = carol.respond(atCarol, 200, 'OK', { body: VALID_SDP });
  await call.waitForFinal();
  await carol.waitForRequest((r) => r.method === 'ACK' && r.callId === call.callId);

  // carol's own REFER, over her own connection, in her own direction of the dialog.
  const marker = randomToken(8);
  carol.sendRaw(
    buildMessage(`REFER ${headerUri(atCarol.getHeader('contact') ?? '')} SIP/2.0`, [
      `Via: SIP/2.0/WS ${randomToken(6)}.invalid;branch=${newBranch()}`,
      'Max-Forwards: 70',
      ...splitHeaderList(atCarol.getHeaders('record-route')).map((r) => `Route: ${r}`),
      `From: ${atCarol.getHeader('to') ?? ''};tag=${carolTag}`,
      `To: ${atCarol.getHeader('from') ?? ''}`,
      `Call-ID: ${call.callId}`,
      'CSeq: 7 REFER',
      `Contact: ${carol.contact}`,
      `Refer-To: <sip:dave@${domain}>`,
      `X-Marker: ${marker}`,
    ]),
  );
  const atAlice = await alice.waitForRequest(
    (r) => r.method === 'REFER' && r.getHeader('x-marker') === marker,
  );
  expect(atAlice.getHeaders('referred-by')).toEqual([`<sip:carol@${domain}>`]);
  alice.respond(atAlice, 603, 'Declined');
  // alice hangs up; carol (a raw client, which answers nothing by itself) answers the BYE
  // (without this the test waited on a BYE nobody answered, and timed out once in a full CI run)
  const bye = call.bye();
  carol.respond(await carol.waitForRequest((r) => r.method === 'BYE' && r.callId === call.callId), 200, 'OK');
  expect((await bye).status).toBe(200);
}
