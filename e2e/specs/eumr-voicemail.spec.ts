import { test, expect } from '../support/fixtures';
import type { RunningLab } from '../../lab/lab';
import type { RunningUm } from '../../lab/um/server';
import type { CallLogEntry } from '../../lab/um/calllog';
import { UM1_ADDR, UM2_ADDR, eumrPorts, startEumrLab, startUmAt } from '../support/eumr-lab';
import type { PhonePage } from '../support/phone-page';

/**
 * MS-EUMR 3.1 journeys in the browser: alice calls bob, nobody answers, and the call lands in
 * bob's mailbox on our UM emulator (real audio, real MWI) through a lab proxy with routing to
 * voicemail on (a lab of its own: the shared lab keeps it off). No-answer time 4 s, UM timer 2 s.
 * The journeys build on each other (bob's count), so they run in order.
 */
test.describe.configure({ mode: 'serial' });

const PORTS = eumrPorts(200);
let lab: RunningLab;
let um1: RunningUm | undefined;
let um2: RunningUm | undefined;

function startUm(address: string, port: number): Promise<RunningUm> {
  return startUmAt(lab, address, port);
}

test.beforeAll(async () => {
  lab = await startEumrLab('eumr-journeys', 200, { noAnswerSeconds: 4 });
  um1 = await startUm(UM1_ADDR, PORTS.um1Port);
});

test.afterAll(async () => {
  await um1?.stop();
  await um2?.stop();
  await lab?.stop();
});

function phone(
  phoneFor: (user: string, o?: { serverUrl?: string; voicemailApiUrl?: string }) => Promise<PhonePage>,
  user: string,
  um: RunningUm,
): Promise<PhonePage> {
  return phoneFor(user, { serverUrl: lab.wsUrl, voicemailApiUrl: um.httpUrl });
}

/** The UM's next deposit into bob's mailbox (after log index `after`) once `ready` holds. */
function nextDeposit(um: RunningUm, after: number, ready: (e: CallLogEntry) => boolean) {
  return um.callLog.waitFor(
    (e) => um.callLog.entries.indexOf(e) >= after && e.kind === 'deposit' && e.mailbox === 'bob' && ready(e),
    20_000,
  );
}

/** alice talks to the greeting for 3 s, hangs up, and the message is saved. */
async function leaveMessageAfterBeep(um: RunningUm, alice: PhonePage, from: number): Promise<CallLogEntry> {
  await expect(alice.active()).toHaveAttribute('data-state', 'connected');
  await nextDeposit(um, from, (e) => e.prompts.includes('beep'));
  await alice.page.waitForTimeout(3000);
  await alice.active().getByRole('button', { name: 'Hang up' }).click();
  return nextDeposit(um, from, (e) => e.outcome === 'message-saved');
}

test('bob is Appear Offline: alice’s call lands in bob’s mailbox with her Subject, and bob’s count rises', async ({
  phoneFor,
}) => {
  const um = um1!;
  const bob = await phone(phoneFor, 'bob', um);
  await expect(bob.page.getByTestId('voicemail-count')).toHaveText('No new messages');
  await bob.setPresence('Appear Offline');
  const alice = await phone(phoneFor, 'alice', um);

  const from = um.callLog.entries.length;
  await alice.dial('bob', { subject: 'Quarterly numbers', priority: 'Urgent' });
  const saved = await leaveMessageAfterBeep(um, alice, from);
  expect(saved).toMatchObject({ caller: 'sip:alice@umphone.test', diverted: true });
  await expect(bob.incoming()).toHaveCount(0);

  const message = um
    .mailbox('bob')
    .messages()
    .find((m) => m.id === saved.messageId);
  expect(message).toMatchObject({ subject: 'Quarterly numbers', priority: 'urgent', heard: false });
  expect(um.mailbox('alice').messages()).toHaveLength(0);
  // RFC 3842: the UM publishes, the proxy notifies bob's phone.
  await expect(bob.page.getByTestId('voicemail-count')).toHaveText('1 new message (1 urgent)');
});

test('bob does not answer within the no-answer time (4 s): his phone stops ringing and the call lands in his mailbox', async ({
  phoneFor,
}) => {
  const um = um1!;
  const bob = await phone(phoneFor, 'bob', um);
  await expect(bob.page.getByTestId('voicemail-count')).toHaveText('1 new message (1 urgent)');
  const alice = await phone(phoneFor, 'alice', um);

  const from = um.callLog.entries.length;
  const started = Date.now();
  await alice.dial('bob', { subject: 'Lunch on Friday?' });
  await expect(bob.incoming()).toBeVisible();
  await expect(bob.incoming().getByTestId('call-subject')).toHaveText('Lunch on Friday?');
  // Nobody answers: after the no-answer time the proxy cancels bob's phone and diverts.
  await expect(bob.incoming()).toHaveCount(0, { timeout: 10_000 });
  expect(Date.now() - started).toBeGreaterThanOrEqual(3500);
  const saved = await leaveMessageAfterBeep(um, alice, from);
  expect(saved.diverted).toBe(true);
  expect(
    um
      .mailbox('bob')
      .messages()
      .find((m) => m.id === saved.messageId),
  ).toMatchObject({
    subject: 'Lunch on Friday?',
    priority: 'normal',
  });
  await expect(bob.page.getByTestId('voicemail-count')).toHaveText('2 new messages (1 urgent)');
});

test('the first UM server is down: the second (127.0.0.3) takes the call within the UM timer', async ({
  phoneFor,
}) => {
  await um1?.stop();
  um1 = undefined;
  um2 = await startUm(UM2_ADDR, PORTS.um2Port);
  const um = um2;
  // bob has no registration at all: straight to voicemail (MS-EUMR 3.1).
  const alice = await phone(phoneFor, 'alice', um);
  const from = um.callLog.entries.length;
  const started = Date.now();
  await alice.dial('bob', { subject: 'Failover' });
  await nextDeposit(um, from, () => true);
  // UM1 refuses the connection: UM2 gets the INVITE well within one UM timer (2 s).
  expect(Date.now() - started).toBeLessThan(2000 + 1500);
  const saved = await leaveMessageAfterBeep(um, alice, from);
  expect(
    um
      .mailbox('bob')
      .messages()
      .find((m) => m.id === saved.messageId),
  ).toMatchObject({
    subject: 'Failover',
  });
});

test('all UM servers are down: the caller gets 480', async ({ phoneFor }) => {
  await um2?.stop();
  um2 = undefined;
  const alice = await phoneFor('alice', { serverUrl: lab.wsUrl });
  await alice.dial('bob', { subject: 'Anyone?' });
  await expect(alice.ended()).toContainText('Unavailable (480)');
});
