/**
 * A forwarded call and a transfer across the two-node cluster (issue 16, commit d49179f). bob
 * forwards his calls to carol; alice (on node A) calls bob, A forwards the INVITE to carol (on
 * node B, reached through her Path) and carol answers. The dialog's ends are replicated between
 * the nodes; route[FORWARD] on A must write the forwarding target as the callee user of the
 * replicated ends too, or carol's REFER, recorded on B from those ends
 * (route[CLUSTER_REFER_RECORD]), is relayed with the proxy's `Referred-By: <sip:bob@…>`: a
 * referral (and a Replaces the phone believes) in the name of bob, who is not in the call.
 * attack-transfer.spec.ts pins the same rule on one node.
 */
import { startClusterLab, type ClusterLab } from '../support/cluster-lab';
import { wsUser } from '../support/eumr-lab';
import { VALID_SDP } from '../support/fake-proxy';
import { expect, test } from '../support/fixtures';
import { buildMessage, headerUri, newBranch, randomToken, splitHeaderList } from '../support/sip-message';

const OFFSET = 500; // ports 24566... (cluster-lab.ts); other cluster specs take other offsets

let lab: ClusterLab;
test.beforeAll(async () => {
  lab = await startClusterLab('cluster-forwarding', OFFSET, { callForwarding: { bob: 'carol' } });
});
test.afterAll(async () => {
  await lab?.stop();
});

test('a call forwarded through A to carol on B: her REFER, recorded on B, refers in her own name', async () => {
  const alice = await wsUser(lab.node('a'), 'alice');
  const carol = await wsUser(lab.node('b'), 'carol');
  // Node A forwards to carol only once it has learnt her contact from B (dmq_usrloc replicates
  // asynchronously); without this wait the INVITE raced the replication in a full run.
  await lab.waitForContact('a', 'carol');
  try {
    const call = alice.invite({ uri: lab.user('bob').aor, body: VALID_SDP });
    const atCarol = await carol.waitForRequest((r) => r.method === 'INVITE' && r.callId === call.callId);
    const carolTag = carol.respond(atCarol, 200, 'OK', { body: VALID_SDP });
    await call.waitForFinal();
    await carol.waitForRequest((r) => r.method === 'ACK' && r.callId === call.callId);

    // carol's own REFER, over her own connection (node B), in her own direction of the dialog.
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
        `Refer-To: <sip:dave@${lab.domain}>`,
        `X-Marker: ${marker}`,
      ]),
    );
    const atAlice = await alice.waitForRequest(
      (r) => r.method === 'REFER' && r.getHeader('x-marker') === marker,
    );
    expect(atAlice.getHeaders('referred-by')).toEqual([`<sip:carol@${lab.domain}>`]);
    alice.respond(atAlice, 603, 'Declined');
    const bye = call.bye();
    carol.respond(
      await carol.waitForRequest((r) => r.method === 'BYE' && r.callId === call.callId),
      200,
      'OK',
    );
    expect((await bye).status).toBe(200);
  } finally {
    await Promise.all([alice.close(), carol.close()]);
  }
});
