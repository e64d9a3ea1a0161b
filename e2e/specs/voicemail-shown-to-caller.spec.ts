import { test, expect } from '../support/fixtures';
import type { RunningLab } from '../../lab/lab';
import type { RunningUm } from '../../lab/um/server';
import { UM1_ADDR, eumrPorts, startEumrLab, startUmAt } from '../support/eumr-lab';
import { PhonePage } from '../support/phone-page';

/**
 * Issue 15 item 1: a call the proxy diverts to voicemail (MS-EUMR 3.1, the lab's Kamailio with
 * routing to voicemail on, as LAB_VOICEMAIL_DIVERSION turns it on) is shown to the caller as what it
 * is. What the caller's browser gets on the wire decides: the proxy's 101 progress report
 * (MS-EUMR 3.1.5.4) with the Diversion it gave the UM server, and the UM server's 200 whose Contact
 * carries `automata` (MS-OCEXUM 2.2.5). A call bob answers himself stays an ordinary call.
 */
test.describe.configure({ mode: 'serial' });

const OFFSET = 800;
let lab: RunningLab;
let um: RunningUm;

test.beforeAll(async () => {
  lab = await startEumrLab('vm-shown', OFFSET, { noAnswerSeconds: 20 });
  um = await startUmAt(lab, UM1_ADDR, eumrPorts(OFFSET).um1Port);
});

test.afterAll(async () => {
  await um?.stop();
  await lab?.stop();
});

/** alice signed in to the diverting lab, with every SIP text her browser receives recorded. */
async function aliceWithFrames(browser: import('@playwright/test').Browser, password: string) {
  const alice = await PhonePage.open(browser);
  const frames: string[] = [];
  alice.page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
  await alice.signIn({
    serverUrl: lab.wsUrl,
    voicemailApiUrl: um.httpUrl,
    aor: 'sip:alice@umphone.test',
    password,
    displayName: 'Alice Example',
  });
  await alice.expectRegistered();
  return { alice, frames };
}

test("bob is Appear Offline: alice's card says bob's voicemail is recording, her history says she left him a message", async ({
  browser,
  phoneFor,
  users,
}) => {
  const bob = await phoneFor('bob', { serverUrl: lab.wsUrl, voicemailApiUrl: um.httpUrl });
  await bob.setPresence('Appear Offline');
  const { alice, frames } = await aliceWithFrames(browser, users.alice!.password);
  try {
    const from = um.callLog.entries.length;
    await alice.dial('bob');
    const card = alice.active();
    await expect(card).toHaveAttribute('data-state', 'connected');
    await expect(card.getByTestId('peer-name')).toHaveText(/^(bob|Bob Example)'s voicemail$/);
    await expect(card.getByTestId('call-warning')).toHaveText(
      'You are leaving a voice message: it is being recorded.',
    );
    // What decided it, as it reached alice's browser: MS-EUMR 3.1.5.4's progress report with the
    // Diversion (3.1.5 step 2), then the UM server's answer marked as an automaton.
    const progress = frames.find((f) => f.startsWith('SIP/2.0 101 '));
    expect(progress, 'a 101 progress report reached the caller').toBeDefined();
    expect(progress).toMatch(/\r\nDiversion: <sip:bob@umphone\.test>;reason=unavailable;counter=1\r\n/);
    const answer = frames.find((f) => f.startsWith('SIP/2.0 200 ') && / INVITE\r\n/.test(f));
    expect(answer).toMatch(/\r\nContact: <[^>]+>;automata\r\n/);

    await um.callLog.waitFor(
      (e) => um.callLog.entries.indexOf(e) >= from && e.kind === 'deposit' && e.prompts.includes('beep'),
      20_000,
    );
    await card.getByRole('button', { name: 'Hang up' }).click();
    const entry = alice.page.getByTestId('history-entry').first();
    await expect(entry).toContainText(/Left a voice message for (bob|Bob Example)/);
  } finally {
    await alice.close();
  }
});

test('bob answers himself: an ordinary call, no voicemail words, and the history says Outgoing', async ({
  browser,
  phoneFor,
  users,
}) => {
  const bob = await phoneFor('bob', { serverUrl: lab.wsUrl, voicemailApiUrl: um.httpUrl });
  const { alice } = await aliceWithFrames(browser, users.alice!.password);
  try {
    await alice.dial('bob');
    await expect(bob.incoming()).toBeVisible();
    await bob.incoming().getByRole('button', { name: 'Answer' }).click();
    const card = alice.active();
    await expect(card).toHaveAttribute('data-state', 'connected');
    await expect(card.getByTestId('peer-name')).not.toContainText('voicemail');
    await expect(card.getByTestId('call-warning')).toHaveCount(0);
    await card.getByRole('button', { name: 'Hang up' }).click();
    const entry = alice.page.getByTestId('history-entry').first();
    await expect(entry).toContainText('Outgoing');
    await expect(entry).not.toContainText('voice message');
  } finally {
    await alice.close();
  }
});
