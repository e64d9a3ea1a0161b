import { test, expect } from '../support/fixtures';
import { mulawRms } from '../../lab/um/media/audio';
import { E2E_UNTRUSTED_WS_URL, E2E_WSS_URL } from '../support/e2e-config';
import type { RunningUm } from '../../lab/um/server';
import { sharedLabUmForFile, nextUmCall } from '../support/eumr-lab';
import type { CallLogEntry } from '../../lab/um/calllog';

/**
 * The voicemail journeys of the demo against the real lab: Kamailio, our UM emulator with werift
 * audio, and Chromium whose fake microphone speaks a known sentence. They build on each other
 * (the deposit of the first is heard in the next ones), so they run in order.
 */
test.describe.configure({ mode: 'serial' });

let um: RunningUm;

const mailboxes = sharedLabUmForFile('e2e', (started) => (um = started));

const nextCall = (
  after: number,
  kind: CallLogEntry['kind'],
  mailbox: string,
  ready?: (e: CallLogEntry) => boolean,
  timeoutMs?: number,
) => nextUmCall(um, after, kind, mailbox, ready, timeoutMs);

test('(a, b) alice leaves bob an urgent message with a Subject; bob’s count becomes 1 without a reload', async ({
  phoneFor,
}) => {
  const bob = await phoneFor('bob');
  await expect(bob.page.getByTestId('voicemail-count')).toHaveText('No new messages');
  const alice = await phoneFor('alice');

  const from = um.callLog.entries.length;
  await alice.leaveMessage('bob', { subject: 'Quarterly numbers', priority: 'Urgent' });
  await expect(alice.active()).toHaveAttribute('data-state', 'connected');
  // The greeting and beep play, then the UM records what alice's microphone says.
  await nextCall(from, 'deposit', 'bob', (e) => e.prompts.includes('beep'));
  await alice.page.waitForTimeout(4000);
  await alice.active().getByRole('button', { name: 'Hang up' }).click();

  const saved = await nextCall(from, 'deposit', 'bob', (e) => e.outcome === 'message-saved');
  const [message] = um.mailbox('bob').messages();
  expect(message).toMatchObject({
    id: saved.messageId,
    caller: 'sip:alice@umphone.test',
    callerName: 'Alice Example',
    subject: 'Quarterly numbers',
    priority: 'urgent',
    heard: false,
  });
  expect(message!.durationSeconds).toBeGreaterThan(2);
  // Real audio was recorded, not silence.
  expect(mulawRms(await um.mailbox('bob').audio(message!.id))).toBeGreaterThan(0.01);

  // (b) RFC 3842: the UM PUBLISHes, Kamailio NOTIFYs bob, and the panel updates by itself.
  await expect(bob.page.getByTestId('voicemail-count')).toHaveText('1 new message (1 urgent)');
  const item = bob.page.getByTestId('voicemail-message');
  await expect(item).toHaveCount(1);
  await expect(item.getByTestId('voicemail-subject')).toHaveText('Quarterly numbers');
  await expect(item).toHaveAttribute('data-urgent', 'true');
});

test('(c) over WSS bob reaches his mailbox without a PIN and hears the message', async ({ phoneFor }) => {
  const bob = await phoneFor('bob', { serverUrl: E2E_WSS_URL });
  const from = um.callLog.entries.length;
  await bob.page.getByRole('button', { name: 'Call voicemail' }).click();
  await expect(bob.active()).toHaveAttribute('data-state', 'connected');

  const call = await nextCall(from, 'subscriber-access', 'bob', (e) => e.prompts.includes('menu'));
  expect(call.skipPinRequested).toBe(true);
  expect(call.skipPinHonoured).toBe(true);
  expect(call.prompts).not.toContain('pin-prompt');
  expect(call.prompts[0]).toBe('you-have-n-new');

  // 1 = play the next message: bob hears the announcement and then alice's recording.
  await bob.pressKeypad('1');
  await nextCall(from, 'subscriber-access', 'bob', (e) => e.prompts.includes('message-audio'));
  // (it once stayed near zero for the first 2.5 s of the message on a loaded machine: wait for it)
  await bob.expectToHear('alice’s message');
  // what the server sends is PCMU, and the browser decodes it as such (not as Opus, the codec it
  // sends: werift labels packets with its first codec unless told, lab/um/media/session.ts)
  expect(await bob.inboundCodecs()).toEqual(['audio/PCMU']);

  await bob.pressKeypad('#');
  const done = await nextCall(from, 'subscriber-access', 'bob', (e) => e.outcome === 'completed');
  expect(done.digits).toEqual(['1', '#']);
  await expect(bob.active()).toHaveCount(0);
});

test('(d) over an untrusted connection the PIN is asked: three wrong PINs hang up, the right one opens the mailbox', async ({
  phoneFor,
}) => {
  const bob = await phoneFor('bob', { serverUrl: E2E_UNTRUSTED_WS_URL });
  await expect(bob.page.getByTestId('pin-hint')).toHaveText('You will be asked for your PIN');

  let from = um.callLog.entries.length;
  await bob.page.getByRole('button', { name: 'Call voicemail' }).click();
  await nextCall(from, 'subscriber-access', 'bob', (e) => e.prompts.includes('pin-prompt'));
  for (let attempt = 1; attempt <= 3; attempt++) {
    await bob.pressKeypad('1111#');
    if (attempt < 3)
      await nextCall(
        from,
        'subscriber-access',
        'bob',
        (e) => e.prompts.filter((p) => p === 'pin-wrong').length >= attempt,
      );
  }
  const locked = await nextCall(from, 'subscriber-access', 'bob', (e) => e.outcome === 'pin-failed', 20_000);
  expect(locked.skipPinRequested).toBe(false);
  expect(locked.prompts).toContain('pin-locked');
  // The server hung up on him.
  await expect(bob.active()).toHaveCount(0, { timeout: 15_000 });

  from = um.callLog.entries.length;
  await bob.page.getByRole('button', { name: 'Call voicemail' }).click();
  await nextCall(from, 'subscriber-access', 'bob', (e) => e.prompts.includes('pin-prompt'));
  await bob.pressKeypad('4321#');
  const open = await nextCall(from, 'subscriber-access', 'bob', (e) => e.prompts.includes('you-have-n-new'));
  expect(open.prompts).not.toContain('pin-wrong');
  await bob.active().getByRole('button', { name: 'Hang up' }).click();
});

test('(e) in Appear Offline, Play on my phone rings bob with the playback label, Subject and urgency; he hears it', async ({
  phoneFor,
}) => {
  const bob = await phoneFor('bob');
  await bob.setPresence('Appear Offline');
  const item = bob.page.getByTestId('voicemail-message');
  await expect(item).toHaveCount(1);

  const from = um.callLog.entries.length;
  await item.getByRole('button', { name: 'Play on my phone' }).click();

  const ringing = bob.incoming();
  await expect(ringing).toHaveAttribute('data-play-on-phone', 'true');
  await expect(ringing.getByTestId('call-purpose')).toHaveText('Voice message playback');
  await expect(ringing.getByTestId('call-subject')).toHaveText('Quarterly numbers');
  await expect(ringing.getByTestId('urgent-badge')).toHaveText('Urgent');
  await expect(bob.page.getByTestId('playback-status')).toHaveText('Your phone is ringing');

  await ringing.getByRole('button', { name: 'Answer' }).click();
  await expect(bob.active()).toHaveAttribute('data-state', 'connected');
  await nextCall(from, 'play-on-phone', 'bob', (e) => e.prompts.includes('message-audio'));
  await bob.expectToHear('the message played on his phone');

  // The UM hangs up when the message is over; the API reports the call disconnected.
  await nextCall(from, 'play-on-phone', 'bob', (e) => e.outcome === 'played', 30_000);
  await expect(bob.active()).toHaveCount(0);
  await expect(bob.page.getByTestId('playback-status')).toHaveText('Playback finished');
});

test('(f) the mailbox survives a restart of the voicemail server', async ({ phoneFor }) => {
  const before = um.mailbox('bob').messages();
  expect(before).toHaveLength(1);
  um = await mailboxes.restart();
  expect(um.mailbox('bob').messages()).toEqual(before);

  const bob = await phoneFor('bob');
  await expect(bob.page.getByTestId('voicemail-message').getByTestId('voicemail-subject')).toHaveText(
    'Quarterly numbers',
  );
});
