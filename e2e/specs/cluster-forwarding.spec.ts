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
import { expectForwardedReferInCarolsName } from '../support/forwarded-refer';
import { test } from '../support/fixtures';

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
    await expectForwardedReferInCarolsName(alice, carol, lab.user('bob').aor, lab.domain);
  } finally {
    await Promise.all([alice.close(), carol.close()]);
  }
});
