import { test, expect } from '../support/fixtures';
import type { RunningLab } from '../../lab/lab';
import type { RunningUm } from '../../lab/um/server';
import type { CallLogEntry } from '../../lab/um/calllog';
import {
  UM1_ADDR,
  eumrPorts,
  startEumrLab,
  sharedLabUmForFile,
  startUmAt,
  nextUmCall,
} from '../support/eumr-lab';
import type { Browser } from '@playwright/test';
import type { LabUser } from '../../lab/lab';
import { PhonePage } from '../support/phone-page';
import { E2E_WS_URL, E2E_UM_HTTP_URL } from '../support/e2e-config';
import { expectAccessible } from '../support/accessibility';

/**
 * Send to voicemail (issue 18): bob's ringing card sends alice's call to his own mailbox. The
 * phone answers 302 with bob's voice-mail-gruu and the proxy continues alice's INVITE to the
 * voicemail server (src/sip/calls/send-to-voicemail.ts, kamailio.cfg route[SEND_TO_VM]), so the
 * message keeps her Subject and Priority. Once in the shared lab (routing to voicemail off) and
 * once in a lab like `npm start`'s (MS-EUMR routing on: a deflection with a Diversion). A
 * Play-On-Phone call never offers it (MS-OCEXUM 3.2). Serial: the last journey plays the message
 * the first one left.
 */
test.describe.configure({ mode: 'serial' });

let um: RunningUm;

sharedLabUmForFile('stv', (started) => (um = started));

const nextCall = (
  server: RunningUm,
  after: number,
  kind: CallLogEntry['kind'],
  ready: (e: CallLogEntry) => boolean,
  timeoutMs?: number,
) => nextUmCall(server, after, kind, 'bob', ready, timeoutMs);

/** bob sends alice's ringing call to voicemail; alice speaks after the beep and hangs up. */
async function sendAndLeaveMessage(
  server: RunningUm,
  alice: PhonePage,
  bob: PhonePage,
  send: (ringing: ReturnType<PhonePage['incoming']>) => Promise<void>,
): Promise<CallLogEntry> {
  const from = server.callLog.entries.length;
  await alice.dial('bob', { subject: 'Budget review', priority: 'Urgent' });
  const ringing = bob.incoming();
  await expect(ringing.getByTestId('call-subject')).toHaveText('Budget review');
  await send(ringing);
  await expect(bob.incoming()).toHaveCount(0);
  // alice's call goes on, now to bob's mailbox: greeting, beep, recording.
  await nextCall(server, from, 'deposit', (e) => e.prompts.includes('beep'));
  await expect(alice.active()).toHaveAttribute('data-state', 'connected');
  await alice.page.waitForTimeout(3000);
  await alice.active().getByRole('button', { name: 'Hang up' }).click();
  const saved = await nextCall(server, from, 'deposit', (e) => e.outcome === 'message-saved');
  // bob's history says where the call went.
  await expect(bob.ended()).toContainText('Sent to voicemail');
  return saved;
}

test('bob sends alice’s ringing call to voicemail: the message lands in his mailbox with her Subject and Priority', async ({
  phoneFor,
}) => {
  const bob = await phoneFor('bob');
  const alice = await phoneFor('alice');
  const saved = await sendAndLeaveMessage(um, alice, bob, async (ringing) => {
    await expectAccessible(bob.page, 'ringing card with Send to voicemail');
    await ringing.getByRole('button', { name: 'Send to voicemail' }).click();
  });
  expect(saved).toMatchObject({ caller: 'sip:alice@umphone.test' });
  const message = um
    .mailbox('bob')
    .messages()
    .find((m) => m.id === saved.messageId);
  expect(message).toMatchObject({
    caller: 'sip:alice@umphone.test',
    subject: 'Budget review',
    priority: 'urgent',
  });
  expect(um.mailbox('alice').messages()).toHaveLength(0);
  await expect(bob.page.getByTestId('voicemail-count')).toHaveText('1 new message (1 urgent)');
});

test('in a lab like npm start’s (routing to voicemail on), Alt+Shift+V sends it as a deflection (MS-EUMR 3.1.5)', async ({
  phoneFor,
}) => {
  const PORTS = eumrPorts(300);
  const lab: RunningLab = await startEumrLab('send-to-voicemail', 300, { noAnswerSeconds: 20 });
  const server = await startUmAt(lab, UM1_ADDR, PORTS.um1Port);
  try {
    const open = (user: string) => phoneFor(user, { serverUrl: lab.wsUrl, voicemailApiUrl: server.httpUrl });
    const bob = await open('bob');
    const alice = await open('alice');
    const saved = await sendAndLeaveMessage(server, alice, bob, async () => {
      await bob.page.keyboard.press('Alt+Shift+KeyV');
    });
    // Diverted by the proxy (Diversion naming bob), not a call alice placed to his mailbox.
    expect(saved).toMatchObject({ caller: 'sip:alice@umphone.test', diverted: true });
    expect(
      server
        .mailbox('bob')
        .messages()
        .find((m) => m.id === saved.messageId),
    ).toMatchObject({
      subject: 'Budget review',
      priority: 'urgent',
    });
  } finally {
    await server.stop();
    await lab.stop();
  }
});

test('a Play-On-Phone call offers no Send to voicemail, and Alt+Shift+V leaves it ringing (MS-OCEXUM 3.2)', async ({
  phoneFor,
}) => {
  const bob = await phoneFor('bob');
  const item = bob.page.getByTestId('voicemail-message');
  await expect(item).toHaveCount(1);
  const from = um.callLog.entries.length;
  await item.getByRole('button', { name: 'Play on my phone' }).click();
  const ringing = bob.incoming();
  await expect(ringing).toHaveAttribute('data-play-on-phone', 'true');
  await expect(ringing.getByRole('button', { name: 'Answer' })).toBeVisible();
  await expect(ringing.getByRole('button', { name: 'Send to voicemail' })).toHaveCount(0);
  // The shortcut is ignored: had it sent the call anywhere, Answer (the next key) would find no
  // ringing call, and the message would not play.
  await bob.page.keyboard.press('Alt+Shift+KeyV');
  await bob.page.keyboard.press('Alt+Shift+KeyA');
  await expect(bob.active()).toHaveAttribute('data-state', 'connected');
  await nextCall(um, from, 'play-on-phone', (e) => e.prompts.includes('message-audio'));
  await bob.active().getByRole('button', { name: 'Hang up' }).click();
});

/**
 * bob signed in on two pages (each its own registration: the proxy forks to both) and alice, for
 * `journey`; the second page keeps every SIP message it receives (listening before it connects).
 */
async function bobOnTwoPages(
  browser: Browser,
  phoneFor: (user: string) => Promise<PhonePage>,
  users: Record<string, LabUser>,
  journey: (p: {
    bob: PhonePage;
    elsewhere: PhonePage;
    alice: PhonePage;
    cancel(): string | undefined;
  }) => Promise<void>,
): Promise<void> {
  const bob = await phoneFor('bob');
  const elsewhere = await PhonePage.open(browser);
  const received: string[] = [];
  elsewhere.page.on('websocket', (ws) => ws.on('framereceived', (f) => received.push(String(f.payload))));
  try {
    await elsewhere.signIn({
      serverUrl: E2E_WS_URL,
      voicemailApiUrl: E2E_UM_HTTP_URL,
      aor: users.bob!.aor,
      password: users.bob!.password,
    });
    await elsewhere.expectRegistered();
    const alice = await phoneFor('alice');
    await journey({ bob, elsewhere, alice, cancel: () => received.find((m) => m.startsWith('CANCEL ')) });
  } finally {
    await elsewhere.close();
  }
}

test('bob on two pages: Send to voicemail on one stops the other ringing at once, and the proxy says why (RFC 3326 Reason)', async ({
  browser,
  phoneFor,
  users,
}) => {
  await bobOnTwoPages(browser, phoneFor, users, async ({ bob, elsewhere, alice, cancel }) => {
    const from = um.callLog.entries.length;
    await alice.dial('bob', { subject: 'Rings on both' });
    await expect(bob.incoming().getByTestId('call-subject')).toHaveText('Rings on both');
    await expect(elsewhere.incoming().getByTestId('call-subject')).toHaveText('Rings on both');

    await bob.incoming().getByRole('button', { name: 'Send to voicemail' }).click();
    // The other page stops ringing now, not when the proxy gives up on it (fr_inv_timer, 60 s;
    // this wait is 10 s): the proxy cancelled its branch on the 302 (route[STV_CANCEL_OTHERS]).
    await expect(elsewhere.incoming()).toHaveCount(0);
    expect(cancel(), 'the CANCEL the second page received').toMatch(/^Reason: SIP;cause=302\r$/m);
    // The second page says what happened: not a missed call.
    await expect(elsewhere.ended()).toContainText('Sent to voicemail on another device');
    const entry = elsewhere.page.getByTestId('history-entry').first();
    await expect(entry).toContainText('Sent to voicemail on another device');
    await expect(entry).not.toContainText('Missed');
    // and alice goes on to bob's mailbox at once (the fork is over).
    await nextCall(um, from, 'deposit', (e) => e.prompts.includes('beep'));
    await expect(alice.active()).toHaveAttribute('data-state', 'connected');
    await alice.active().getByRole('button', { name: 'Hang up' }).click();
    await expect(bob.ended()).toContainText('Sent to voicemail');
  });
});

test('bob on two pages: Decline on one ends the call on both (603 ends a fork, RFC 3261 §16.7)', async ({
  browser,
  phoneFor,
  users,
}) => {
  await bobOnTwoPages(browser, phoneFor, users, async ({ bob, elsewhere, alice, cancel }) => {
    await alice.dial('bob');
    await expect(elsewhere.incoming()).toHaveCount(1);
    await bob.incoming().getByRole('button', { name: 'Decline' }).click();
    await expect(elsewhere.incoming()).toHaveCount(0);
    expect(cancel(), 'the CANCEL the second page received').toMatch(/^Reason: SIP;cause=603\r$/m);
    await expect(elsewhere.ended()).toContainText('Declined on another device');
    await expect(alice.active()).toHaveCount(0);
    await expect(alice.ended()).toContainText('Declined');
  });
});

test('bob on two pages: Do Not Disturb on one (486) leaves the other ringing, and bob answers there', async ({
  browser,
  phoneFor,
  users,
}) => {
  await bobOnTwoPages(browser, phoneFor, users, async ({ bob, elsewhere, alice, cancel }) => {
    await bob.setPresence('Do Not Disturb');
    await alice.dial('bob');
    await expect(elsewhere.incoming()).toHaveCount(1);
    // The first page has refused it (486, RFC 3261 §16.7: not a reason to end the fork)...
    await expect(bob.page.getByTestId('history-entry').first()).toContainText('Missed during Do Not Disturb');
    // ...and the second still rings: answered there, alice is connected (a 486 that ended the
    // fork would have ended her call with Busy).
    await elsewhere.incoming().getByRole('button', { name: 'Answer' }).click();
    await expect(alice.active()).toHaveAttribute('data-state', 'connected');
    await expect(elsewhere.active()).toHaveAttribute('data-state', 'connected');
    expect(cancel()).toBeUndefined();
    await alice.active().getByRole('button', { name: 'Hang up' }).click();
    await expect(elsewhere.active()).toHaveCount(0);
  });
});
