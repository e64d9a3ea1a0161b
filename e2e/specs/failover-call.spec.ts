/**
 * A call in progress when its node dies (issue 16). alice is on node A, bob on node B, both with
 * the two nodes as their server list. A is killed mid-call: alice moves to B and re-INVITEs with
 * an ICE restart over the new connection; the audio goes on (getStats energy both ways), and a
 * hang-up from either side ends the call on both phones (the far end's BYE must find alice on B).
 *
 * Both phones on A when it dies: each one's re-INVITE names the other's connection on A. The first
 * to arrive moves its sender's end to B; the second names that end's previous connection, which
 * the proxy knows moved (kamailio.cfg route[CLUSTER_MOVED_END]) and sends it there, so both calls
 * recover instead of one being refused (481) or left to the 20 s bound.
 */
import { test, expect, type PhoneOptions } from '../support/fixtures';
import { expectAudioArriving, expectBothResumed, localIceUfrags } from '../support/call-audio';
import { startClusterLab, type ClusterLab } from '../support/cluster-lab';
import { serverShown } from '../support/failover-journeys';
import type { PhonePage } from '../support/phone-page';
import { connectCall } from '../support/connect-call';

test.describe.configure({ mode: 'serial' });

let lab: ClusterLab;
test.beforeAll(async () => {
  lab = await startClusterLab('failover-call', 100);
});
test.afterAll(async () => {
  await lab?.stop();
});

/** alice on A, bob on B (each with both nodes as its server list), in a call alice placed. */
async function callAcrossNodes(phoneFor: (user: string, options?: PhoneOptions) => Promise<PhonePage>) {
  const [a, b] = lab.wsUrls;
  const alice = await phoneFor('alice', { serverUrl: `${a} ${b}` });
  const bob = await phoneFor('bob', { serverUrl: `${b} ${a}` });
  await expect(serverShown(alice)).toHaveText(`Server: ${a}`);
  await expect(serverShown(bob)).toHaveText(`Server: ${b}`);
  await connectCall(alice, bob, 'bob');
  return { alice, bob, a, b };
}

for (const hangsUp of ['bob', 'alice'] as const) {
  test(`A dies mid-call: alice moves to B, the call re-INVITEs with an ICE restart, audio goes on, and ${hangsUp}'s hang-up ends both`, async ({
    phoneFor,
  }) => {
    test.setTimeout(90_000);
    const { alice, bob, b } = await callAcrossNodes(phoneFor);
    await expectAudioArriving(alice, 'alice hears bob before A dies');
    const [ufrag] = await localIceUfrags(alice);

    lab.kill('a');
    try {
      await expect(serverShown(alice)).toHaveText(`Server: ${b}`, { timeout: 10_000 });
      await alice.expectRegistered();
      await expect
        .poll(async () => (await localIceUfrags(alice))[0], {
          timeout: 10_000,
          message: 'alice re-INVITEd with an ICE restart over B',
        })
        .not.toBe(ufrag);
      await expectAudioArriving(alice, 'alice hears bob after the failover');
      await expectAudioArriving(bob, 'bob hears alice after the failover');
      for (const phone of [alice, bob])
        await expect(phone.active()).toHaveAttribute('data-state', 'connected');

      const [by, other]: [PhonePage, PhonePage] = hangsUp === 'bob' ? [bob, alice] : [alice, bob];
      await by.active().getByRole('button', { name: 'Hang up' }).click();
      await expect(by.active()).toHaveCount(0);
      await expect(other.active()).toHaveCount(0, { timeout: 10_000 });
      await expect(other.ended()).toBeVisible();
    } finally {
      await lab.restartEmpty('a');
    }
    expect([...alice.pageErrors, ...bob.pageErrors]).toEqual([]);
  });
}

test('A freezes mid-call and alice hangs up before her phone has noticed: her BYE, lost on A, goes again over B and ends bob’s call', async ({
  phoneFor,
}) => {
  test.setTimeout(90_000);
  const { alice, bob, a, b } = await callAcrossNodes(phoneFor);

  // SIGSTOP: no FIN, no answer. Her phone still says Registered on A when she hangs up.
  lab.freeze('a');
  try {
    await expect(serverShown(alice)).toHaveText(`Server: ${a}`);
    await alice.active().getByRole('button', { name: 'Hang up' }).click();
    await expect(alice.active()).toHaveCount(0);
    await expect(bob.active()).toHaveAttribute('data-state', 'connected');
    // Her keep-alive gives A up within 4.5 s, she registers on B, and the BYE goes again there.
    await expect(serverShown(alice)).toHaveText(`Server: ${b}`, { timeout: 10_000 });
    await alice.expectRegistered();
    await expect(bob.active()).toHaveCount(0, { timeout: 10_000 });
    await expect(bob.ended()).toBeVisible();
  } finally {
    await lab.restartEmpty('a');
  }
  expect([...alice.pageErrors, ...bob.pageErrors]).toEqual([]);
});

test('A dies with both phones on it: both move to B, each re-INVITE finds the other, audio goes on, and a hang-up ends both', async ({
  phoneFor,
}) => {
  test.setTimeout(90_000);
  const [a, b] = lab.wsUrls;
  const alice = await phoneFor('alice', { serverUrl: `${a} ${b}` });
  const bob = await phoneFor('bob', { serverUrl: `${a} ${b}` });
  for (const phone of [alice, bob]) await expect(serverShown(phone)).toHaveText(`Server: ${a}`);
  await connectCall(alice, bob, 'bob');
  await expectAudioArriving(alice, 'alice hears bob before A dies');
  const [aliceUfrag] = await localIceUfrags(alice);
  const [bobUfrag] = await localIceUfrags(bob);

  lab.kill('a');
  try {
    for (const phone of [alice, bob]) {
      await expect(serverShown(phone)).toHaveText(`Server: ${b}`, { timeout: 10_000 });
      await phone.expectRegistered();
    }
    await expectBothResumed([alice, bob], [aliceUfrag, bobUfrag], 'over B');

    await bob.active().getByRole('button', { name: 'Hang up' }).click();
    await expect(bob.active()).toHaveCount(0);
    await expect(alice.active()).toHaveCount(0, { timeout: 10_000 });
    await expect(alice.ended()).toBeVisible();
  } finally {
    await lab.restartEmpty('a');
  }
  expect([...alice.pageErrors, ...bob.pageErrors]).toEqual([]);
});
