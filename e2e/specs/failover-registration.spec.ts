/**
 * Failover of the registration across a two-node cluster (issue 16): the phone is given both
 * nodes as one Server URL list. Node A crashes (SIGKILL), freezes (SIGSTOP: no FIN, no RST, only
 * the CRLF watchdog can tell) or comes back empty; each time alice must end up registered where
 * a call can reach her, with one contact at the registrar.
 */
import { test, expect } from '../support/fixtures';
import { startClusterLab, type ClusterLab } from '../support/cluster-lab';
import { expectRingsVia, serverShown } from '../support/failover-journeys';

// These tests kill, freeze and restart their own nodes: one at a time.
test.describe.configure({ mode: 'serial' });

let lab: ClusterLab;
test.beforeAll(async () => {
  lab = await startClusterLab('failover-reg');
});
test.afterAll(async () => {
  await lab?.stop();
});

/**
 * The detection bound for a frozen node: the watchdog's ping after 2 s of silence and its 2.5 s
 * wait for the pong, the first backoff (< 1 s), a WebSocket and a REGISTER on loopback, with room
 * for a loaded 2-core machine. The OPTIONS probe alone takes 10–15 s.
 */
const FROZEN_NODE_BOUND_MS = 9000;

test('A killed: alice registers on B with one contact, a call via B rings her; A back empty learns her contact and a call via A reaches her on B', async ({
  phoneFor,
}) => {
  test.setTimeout(90_000);
  const [a, b] = lab.wsUrls;
  const alice = await phoneFor('alice', { serverUrl: `${a} ${b}` });
  await expect(serverShown(alice)).toHaveText(`Server: ${a}`);
  expect(await lab.waitForContact('a', 'alice')).toHaveLength(1);

  lab.kill('a');
  await expect(serverShown(alice)).toHaveText(`Server: ${b}`, { timeout: 10_000 });
  await alice.expectRegistered();
  // The replica B already held is updated in place (same Call-ID): one contact, not two.
  await expect.poll(() => lab.contacts('b', 'alice')).toHaveLength(1);
  await expectRingsVia(lab, 'b', 'bob', 'alice', alice);

  await lab.restartEmpty('a');
  expect(await lab.waitForContact('a', 'alice')).toHaveLength(1);
  await expectRingsVia(lab, 'a', 'bob', 'alice', alice);
  await expect(serverShown(alice)).toHaveText(`Server: ${b}`);
  expect(alice.pageErrors).toEqual([]);
});

test('A frozen (SIGSTOP): within the watchdog bound alice is registered on B and a call via B rings her', async ({
  phoneFor,
}) => {
  test.setTimeout(90_000);
  const [a, b] = lab.wsUrls;
  const alice = await phoneFor('alice', { serverUrl: `${a} ${b}` });
  await expect(serverShown(alice)).toHaveText(`Server: ${a}`);
  lab.freeze('a');
  try {
    await expect(serverShown(alice)).toHaveText(`Server: ${b}`, { timeout: FROZEN_NODE_BOUND_MS });
    await expect(alice.registration()).toHaveText('Registered', { timeout: FROZEN_NODE_BOUND_MS });
    await expectRingsVia(lab, 'b', 'bob', 'alice', alice);
  } finally {
    lab.thaw('a');
  }
  expect(alice.pageErrors).toEqual([]);
});
