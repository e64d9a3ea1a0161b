import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from '../support/fixtures';
import { mulawRms } from '../../lab/um/media/audio';
import { GREETING_FILE } from '../../lab/um/mailbox/greeting';
import type { RunningUm } from '../../lab/um/server';
import type { CallLogEntry } from '../../lab/um/calllog';
import { sharedLabUmForFile, nextUmCall } from '../support/eumr-lab';

/**
 * Personal greeting (issue 18): bob records one through his mailbox's menu (option 4, by phone,
 * his fake microphone speaking), and alice, leaving him a message, hears it instead of the
 * default greeting: the voicemail server's log names the prompt it played, and alice's page
 * receives its audio.
 */
let um: RunningUm;

const mailboxes = sharedLabUmForFile('greeting', (started) => (um = started));

const nextCall = (after: number, kind: CallLogEntry['kind'], ready: (e: CallLogEntry) => boolean) =>
  nextUmCall(um, after, kind, 'bob', ready);

test('bob records a greeting by phone (menu option 4); alice, leaving him a message, hears it', async ({
  phoneFor,
}) => {
  const bob = await phoneFor('bob');
  let from = um.callLog.entries.length;
  await bob.page.getByRole('button', { name: 'Call voicemail' }).click();
  await nextCall(from, 'subscriber-access', (e) => e.prompts.includes('menu'));
  await bob.pressKeypad('4');
  await nextCall(from, 'subscriber-access', (e) => e.prompts.includes('greeting-record-prompt'));
  await nextCall(from, 'subscriber-access', (e) =>
    e.prompts.slice(e.prompts.indexOf('greeting-record-prompt')).includes('beep'),
  );
  await bob.page.waitForTimeout(3000); // his microphone speaks
  await bob.pressKeypad('#');
  const saved = await nextCall(from, 'subscriber-access', (e) => e.prompts.includes('greeting-saved'));
  expect(saved.prompts).not.toContain('greeting-too-short');
  await bob.active().getByRole('button', { name: 'Hang up' }).click();
  const greeting = readFileSync(path.join(mailboxes.dataDir, 'mailboxes', 'bob', GREETING_FILE));
  expect(greeting.length / 8000).toBeGreaterThan(2);
  expect(mulawRms(greeting)).toBeGreaterThan(0.01);

  const alice = await phoneFor('alice');
  from = um.callLog.entries.length;
  await alice.leaveMessage('bob');
  await expect(alice.active()).toHaveAttribute('data-state', 'connected');
  const deposit = await nextCall(from, 'deposit', (e) => e.prompts.includes('personal-greeting'));
  expect(deposit.prompts).not.toContain('greeting');
  // alice hears bob's recording (not silence) while it plays: the energy her page receives from its
  // start until the server moves on to the beep, decoded as the PCMU the server sends
  const before = await alice.inboundEnergy();
  await nextCall(from, 'deposit', (e) => e.prompts.includes('beep'));
  expect((await alice.inboundEnergy()).energy - before.energy).toBeGreaterThan(0.001);
  expect(await alice.inboundCodecs()).toEqual(['audio/PCMU']);
  await alice.active().getByRole('button', { name: 'Hang up' }).click();
});
