/**
 * The voicemail server and a frozen proxy node (issue 16). The voicemail server keeps one
 * connection to the cluster (node A first) for its own requests: message-waiting PUBLISHes and
 * Play-On-Phone INVITEs. A node frozen with SIGSTOP keeps that connection open and answers
 * nothing, so before, the server went on sending to A until A died. Now its CRLF watchdog
 * (RFC 5626 §4.4.1, which real Kamailio answers over TLS) leaves A and connects to B, and a
 * message left while A is frozen lights bob's message-waiting indicator through B.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CallLogEntry } from '../../lab/um/calllog';
import type { RunningUm } from '../../lab/um/server';
import { startClusterLab, startClusterUm, type ClusterLab } from '../support/cluster-lab';
import { expect, test } from '../support/fixtures';

const OFFSET = 400; // ports 24466... (cluster-lab.ts); other cluster specs take other offsets
const UM = { address: '127.0.0.4', port: 24571, http: 24591 };
const DIAL_PLAN = 'umphone-dialplan';

let lab: ClusterLab;
let um: RunningUm | undefined;
let dataDir: string;
const umLog: string[] = [];

test.beforeAll(async () => {
  lab = await startClusterLab('failover-voicemail', OFFSET, {
    voicemailDiversion: true,
    dialPlans: [{ name: DIAL_PLAN, umServers: [{ address: UM.address, port: UM.port, version: 15 }] }],
  });
  dataDir = mkdtempSync(path.join(tmpdir(), 'um-failover-'));
  um = await startClusterUm(lab, UM, { dataDir, dialPlan: DIAL_PLAN, log: (line) => umLog.push(line) });
});
test.afterAll(async () => {
  await um?.stop();
  await lab?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('A frozen: the voicemail server leaves it for B, and a message left meanwhile lights bob’s indicator through B', async ({
  phoneFor,
}) => {
  test.setTimeout(90_000);
  const [, b] = lab.wsUrls;
  const bob = await phoneFor('bob', { serverUrl: b!, voicemailApiUrl: `http://127.0.0.1:${UM.http}` });
  await expect(bob.page.getByTestId('voicemail-count')).toHaveText('No new messages');
  const alice = await phoneFor('alice', { serverUrl: b! });
  // The server talks to A (its MWI for bob went through it at start).
  await expect.poll(() => umLog.some((l) => l.includes('connection to the proxy is back'))).toBe(false);

  lab.freeze('a');
  try {
    await expect
      .poll(() => umLog.find((l) => l.includes(`the proxy at ${lab.node('a').config.host} is silent`)), {
        timeout: 10_000,
        message: 'the voicemail server noticed A frozen',
      })
      .toBeTruthy();
    await expect
      .poll(() => umLog.some((l) => l.includes('connection to the proxy is back')), {
        timeout: 10_000,
        message: 'the voicemail server connected to B',
      })
      .toBe(true);

    const from = um!.callLog.entries.length;
    const deposit = (ready: (e: CallLogEntry) => boolean) =>
      um!.callLog.waitFor(
        (e) =>
          um!.callLog.entries.indexOf(e) >= from && e.kind === 'deposit' && e.mailbox === 'bob' && ready(e),
        20_000,
      );
    await alice.leaveMessage('bob', { subject: 'While A was frozen' });
    await expect(alice.active()).toHaveAttribute('data-state', 'connected');
    await deposit((e) => e.prompts.includes('beep'));
    await alice.page.waitForTimeout(2500); // what alice's microphone says is the message
    await alice.active().getByRole('button', { name: 'Hang up' }).click();
    await deposit((e) => e.outcome === 'message-saved');
    // RFC 3842: the server's PUBLISH went through B (A answers nothing), B notifies bob's phone.
    await expect(bob.page.getByTestId('voicemail-count')).toHaveText('1 new message', { timeout: 15_000 });
  } finally {
    lab.thaw('a');
    await lab.restartEmpty('a');
  }
  expect([...alice.pageErrors, ...bob.pageErrors]).toEqual([]);
});
