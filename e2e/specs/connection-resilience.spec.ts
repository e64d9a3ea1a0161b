import { test, expect } from '../support/fixtures';
import type { RunningLab } from '../../lab/lab';
import { expectRingsAndCancel, startResilienceLab } from '../support/resilience-lab';
import { SipWsClient } from '../support/sip-ws-client';
import { connectCall } from '../support/connect-call';

// These tests kill, freeze and cut off their own Kamailio: one at a time.
test.describe.configure({ mode: 'serial' });

let lab: RunningLab;
test.beforeAll(async () => {
  lab = await startResilienceLab('resilience');
});
test.afterAll(async () => {
  await lab?.stop();
});

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

test('proxy restart ×10: alice shows Reconnecting, registers again by herself and can receive a call', async ({
  phoneFor,
  users,
}) => {
  test.setTimeout(180_000);
  const alice = await phoneFor('alice', { serverUrl: lab.wsUrl });
  const bob = users.bob!;
  const status = alice.registration();
  const recoveries: number[] = [];
  const ROUNDS = 10;
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      // Round 1: a call is ringing when the proxy dies; it must end with a reason, not hang.
      let ringing: SipWsClient | undefined;
      if (round === 1) {
        ringing = await SipWsClient.connect({
          url: lab.wsUrl,
          user: bob.name,
          password: bob.password,
          domain: lab.config.domain,
        });
        await ringing.invite({ uri: users.alice!.aor }).waitForResponse(180, 10_000);
        await expect(alice.incoming()).toHaveCount(1);
      }

      lab.kill('SIGKILL');
      await lab.exited;
      await expect(status).toHaveText('Reconnecting…', { timeout: 5000 });
      // Never Registered while the proxy is down; the next attempt time is on screen.
      await expect(alice.page.getByTestId('registration-status-detail')).toContainText('next attempt');
      if (round === 1) {
        await expect(alice.incoming()).toHaveCount(0);
        await expect(alice.ended()).toContainText('Connection to the server lost');
        await ringing?.close();
      }
      await new Promise((resolve) => setTimeout(resolve, 3000)); // the proxy stays down 3 s
      await expect(status).toHaveText('Reconnecting…');

      const restartedAt = Date.now();
      await lab.restart();
      await expect(status).toHaveText('Registered', { timeout: 35_000 });
      recoveries.push(Date.now() - restartedAt);
      await expectRingsAndCancel(lab, bob, users.alice!, alice);
    }
  } finally {
    const sorted = [...recoveries].sort((a, b) => a - b);
    console.log(
      `proxy restart: ${recoveries.length}/${ROUNDS} recoveries; after restart, registered again in ` +
        `median ${percentile(sorted, 50)} ms, p95 ${percentile(sorted, 95)} ms, max ${sorted.at(-1)} ms`,
    );
  }
  expect(alice.pageErrors).toEqual([]);
});

test('a connected call when the only proxy dies waits for it, and ends on both phones with a clear reason when the two cannot find each other again, never stuck in Connected', async ({
  phoneFor,
}) => {
  test.setTimeout(90_000);
  const alice = await phoneFor('alice', { serverUrl: lab.wsUrl });
  const bob = await phoneFor('bob', { serverUrl: lab.wsUrl });
  await connectCall(alice, bob, 'bob');
  lab.kill('SIGKILL');
  await lab.exited;
  try {
    for (const phone of [alice, bob]) {
      await expect(phone.registration()).toHaveText('Reconnecting…', { timeout: 5000 });
      // The call waits for a new connection (calls/call-recovery.ts) instead of ending at once.
      await expect(phone.active()).toHaveAttribute('data-state', 'connected');
    }
  } finally {
    await lab.restart();
  }
  await alice.expectRegistered();
  await bob.expectRegistered();
  // Both ends moved to new connections of a proxy that keeps each dialog end on its first one: each
  // re-INVITE names the other's dead flow. Within the bound (20 s) both calls end with a reason.
  for (const phone of [alice, bob]) {
    await expect(phone.active()).toHaveCount(0, { timeout: 30_000 });
    await expect(phone.ended()).toContainText(/did not come back within 20 s|could not resume the call/);
  }
  expect([...alice.pageErrors, ...bob.pageErrors]).toEqual([]);
});

test('network loss for 20 s: alice notices within the keep-alive window and recovers by herself', async ({
  phoneFor,
  users,
}) => {
  test.setTimeout(90_000);
  const alice = await phoneFor('alice', { serverUrl: lab.wsUrl });
  const status = alice.registration();
  // Chromium's offline emulation holds the open WebSocket's frames (nothing closes) and fails new
  // connections; in this headless Chromium no online/offline event fires, so the keep-alive is
  // what notices (an OPTIONS every 10 s, 5 s to answer).
  await alice.context.setOffline(true);
  const cutAt = Date.now();
  await expect(status).toHaveText('Reconnecting…', { timeout: 17_000 });
  console.log(`network loss: noticed after ${Date.now() - cutAt} ms`);
  // Whatever the backoff tries meanwhile, she is never shown Registered while offline.
  while (Date.now() < cutAt + 20_000) {
    await expect(status).not.toHaveText('Registered');
    await alice.page.waitForTimeout(Math.min(2000, Math.max(1, cutAt + 20_000 - Date.now())));
  }
  await alice.context.setOffline(false);
  const back = Date.now();
  await expect(status).toHaveText('Registered', { timeout: 35_000 });
  console.log(`network loss: registered again ${Date.now() - back} ms after the network returned`);
  await expectRingsAndCancel(lab, users.bob!, users.alice!, alice);
  expect(alice.pageErrors).toEqual([]);
});

test('half-open connection (proxy frozen with SIGSTOP): Reconnecting within the keep-alive window, back after SIGCONT', async ({
  phoneFor,
  users,
}) => {
  test.setTimeout(90_000);
  const alice = await phoneFor('alice', { serverUrl: lab.wsUrl });
  const status = alice.registration();
  lab.kill('SIGSTOP');
  const frozenAt = Date.now();
  try {
    // Keep-alive: an OPTIONS every 10 s, 5 s to answer.
    await expect(status).toHaveText('Reconnecting…', { timeout: 17_000 });
    console.log(`half-open: noticed after ${Date.now() - frozenAt} ms`);
  } finally {
    lab.kill('SIGCONT');
  }
  const thawed = Date.now();
  await expect(status).toHaveText('Registered', { timeout: 30_000 });
  console.log(`half-open: registered again ${Date.now() - thawed} ms after SIGCONT`);
  await expectRingsAndCancel(lab, users.bob!, users.alice!, alice);
  expect(alice.pageErrors).toEqual([]);
});
