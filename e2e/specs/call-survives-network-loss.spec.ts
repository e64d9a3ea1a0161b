/**
 * A call survives 5 s without network (issue 16): alice's browser goes offline mid-call; the CRLF
 * watchdog notices the silent connection, the phone reconnects once the network is back and the
 * call re-INVITEs with an ICE restart (RFC 8445 §9) over the new connection. Audio must arrive on
 * both sides afterwards and the call go on; a hang-up then ends it on both phones.
 *
 * One node: alice's re-INVITE over her new connection moves her end of the dialog there (lab
 * kamailio.cfg route[DLG_TARGET_REFRESH]); when both phones lost the network, the one whose
 * re-INVITE names the other's previous connection is sent to its new one (route[MOVED_END]).
 *
 * A hang-up while the network is away ends the call on alice's phone at once (and her audio to
 * bob stops), and bob's call ends once she is back: her BYE waits for the next connection
 * (calls/call-recovery.ts) instead of being lost with the one that was.
 */
import { test, expect } from '../support/fixtures';
import { expectAudioArriving, expectBothResumed, localIceUfrags } from '../support/call-audio';
import { connectCall } from '../support/connect-call';
import type { PhonePage } from '../support/phone-page';

/** Audio energy in half a second that counts as hearing nothing (a live call: about 100× more). */
const SILENT = 0.0005;

/** alice calls bob, he answers, and she hears him: the call every test here starts from. */
async function callInProgress(
  phoneFor: (user: string) => Promise<PhonePage>,
): Promise<[PhonePage, PhonePage]> {
  const alice = await phoneFor('alice');
  const bob = await phoneFor('bob');
  await connectCall(alice, bob, 'bob');
  await expectAudioArriving(alice, 'alice hears bob before the loss');
  return [alice, bob];
}

test('network lost for 5 s during a call: alice reconnects, re-INVITEs with an ICE restart, audio goes on, a hang-up ends both', async ({
  phoneFor,
}) => {
  test.setTimeout(90_000);
  const [alice, bob] = await callInProgress(phoneFor);
  const ufragsBefore = await localIceUfrags(alice);
  expect(ufragsBefore).toHaveLength(1);

  // Chromium's offline emulation holds the open WebSocket's frames (nothing closes): only the
  // watchdog's unanswered ping tells the phone (no `offline` event fires in headless Chromium).
  await alice.context.setOffline(true);
  const cutAt = Date.now();
  await expect(alice.registration()).toHaveText('Reconnecting…', { timeout: 10_000 });
  const noticedMs = Date.now() - cutAt;
  const offFor = 5000 - (Date.now() - cutAt);
  if (offFor > 0) await alice.page.waitForTimeout(offFor); // the network stays away 5 s in all
  // While it was away the call was never ended.
  await expect(alice.active()).toHaveAttribute('data-state', 'connected');
  await alice.context.setOffline(false);
  const backAt = Date.now();
  await expect(alice.registration()).toHaveText('Registered', { timeout: 20_000 });
  const registeredMs = Date.now() - backAt;

  // The re-INVITE with an ICE restart went through: alice's ICE credentials are new.
  await expect
    .poll(async () => (await localIceUfrags(alice))[0], {
      timeout: 10_000,
      message: 'alice re-INVITEd with an ICE restart',
    })
    .not.toBe(ufragsBefore[0]);
  await expectAudioArriving(alice, 'alice hears bob after the reconnection');
  await expectAudioArriving(bob, 'bob hears alice after the reconnection');
  await expect(alice.active()).toHaveAttribute('data-state', 'connected');
  await expect(bob.active()).toHaveAttribute('data-state', 'connected');
  console.log(
    `network loss in a call: noticed after ${noticedMs} ms, registered ${registeredMs} ms after it returned`,
  );

  await alice.active().getByRole('button', { name: 'Hang up' }).click();
  await expect(alice.active()).toHaveCount(0);
  await expect(bob.active()).toHaveCount(0, { timeout: 10_000 });
  await expect(bob.ended()).toBeVisible();
  expect([...alice.pageErrors, ...bob.pageErrors]).toEqual([]);
});

test('a hang-up while the network is away ends the call at once, and bob’s call ends once alice is back', async ({
  phoneFor,
}) => {
  test.setTimeout(90_000);
  const alice = await phoneFor('alice');
  const bob = await phoneFor('bob');
  await connectCall(alice, bob, 'bob');
  await expectAudioArriving(bob, 'bob hears alice before the loss');

  await alice.context.setOffline(true);
  try {
    await expect(alice.registration()).toHaveText('Reconnecting…', { timeout: 10_000 });
    await alice.active().getByRole('button', { name: 'Hang up' }).click();
    // Ended on alice's phone now, not when a connection is back.
    await expect(alice.active()).toHaveCount(0);
    await expect(alice.ended()).toBeVisible();
    await expect(alice.registration()).toHaveText('Reconnecting…');
    // Her media stopped with it: bob hears nothing more from her (peer to peer, the network
    // emulation does not stop it), though his call is still up: no BYE could reach him yet.
    await expect
      .poll(
        async () => {
          const heard = await bob.inboundEnergyOver(500);
          console.log(`bob heard ${heard} in 500 ms after alice hung up`);
          return heard < SILENT;
        },
        {
          timeout: 10_000,
          message: 'bob no longer hears alice',
        },
      )
      .toBe(true);
    await expect(bob.active()).toHaveAttribute('data-state', 'connected');
  } finally {
    await alice.context.setOffline(false);
  }
  await expect(alice.registration()).toHaveText('Registered', { timeout: 20_000 });
  await expect(bob.active()).toHaveCount(0, { timeout: 10_000 });
  await expect(bob.ended()).toBeVisible();
  expect([...alice.pageErrors, ...bob.pageErrors]).toEqual([]);
});

test('both phones lose the network at once: each reconnects and re-INVITEs, each re-INVITE finds the other, audio goes on, and a hang-up ends both', async ({
  phoneFor,
}) => {
  // An office network or the proxy's own link drops both ends of a call on a single proxy. Each
  // phone's re-INVITE names the other's Contact, a connection that is gone once the other moved
  // too; the proxy sends it to where that end is now (kamailio.cfg route[MOVED_END]).
  test.setTimeout(90_000);
  const [alice, bob] = await callInProgress(phoneFor);
  const [aliceUfrag] = await localIceUfrags(alice);
  const [bobUfrag] = await localIceUfrags(bob);

  await Promise.all([alice.context.setOffline(true), bob.context.setOffline(true)]);
  try {
    for (const phone of [alice, bob])
      await expect(phone.registration()).toHaveText('Reconnecting…', { timeout: 10_000 });
  } finally {
    await Promise.all([alice.context.setOffline(false), bob.context.setOffline(false)]);
  }
  for (const phone of [alice, bob])
    await expect(phone.registration()).toHaveText('Registered', { timeout: 20_000 });
  await expectBothResumed([alice, bob], [aliceUfrag, bobUfrag], 'over their new connections');

  // bob's BYE names alice's Contact from before the loss unless her re-INVITE reached him.
  await bob.active().getByRole('button', { name: 'Hang up' }).click();
  await expect(bob.active()).toHaveCount(0);
  await expect(alice.active()).toHaveCount(0, { timeout: 10_000 });
  await expect(alice.ended()).toBeVisible();
  expect([...alice.pageErrors, ...bob.pageErrors]).toEqual([]);
});
