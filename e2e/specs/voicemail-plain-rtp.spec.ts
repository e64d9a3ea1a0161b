import { test, expect } from '../support/fixtures';
import { mulawRms } from '../../lab/um/media/audio';
import { E2E_WSS_URL } from '../support/e2e-config';
import type { RunningUm } from '../../lab/um/server';
import { sharedLabUmForFile, nextUmCall } from '../support/eumr-lab';
import type { CallLogEntry } from '../../lab/um/calllog';

/**
 * A voicemail server that speaks plain RTP/AVP, as real ones do (issue 14): the emulator with
 * `media: 'rtp'` refuses the browser's WebRTC offer (488, Warning 302), the lab's Kamailio sends the
 * INVITE again through rtpengine, which terminates the browser's ICE and DTLS-SRTP and hands the
 * server plain RTP. Prompts are real audio over that RTP; the keypad's RFC 4733 events cross the
 * relay to the menu. The journeys build on each other, so they run in order.
 */
test.describe.configure({ mode: 'serial' });

let um: RunningUm;
const umLog: string[] = [];

sharedLabUmForFile('e2e-rtp', (started) => (um = started), {
  media: 'rtp',
  log: (line) => umLog.push(line),
});

const nextCall = (after: number, kind: CallLogEntry['kind'], ready: (e: CallLogEntry) => boolean) =>
  nextUmCall(um, after, kind, 'bob', ready);

/** The plain RTP legs the server opened, as it logged them: its address and the peer's. */
function plainLegs(): Array<{ local: string; peer: string }> {
  return umLog.flatMap((line) => {
    const m = /plain RTP (\S+) <-> (\S+) /.exec(line);
    return m ? [{ local: m[1]!, peer: m[2]! }] : [];
  });
}

test('alice leaves bob a message through the relay: her speech reaches the plain RTP server', async ({
  phoneFor,
}) => {
  const alice = await phoneFor('alice');
  const from = um.callLog.entries.length;
  await alice.leaveMessage('bob', { subject: 'Over plain RTP' });
  await expect(alice.active()).toHaveAttribute('data-state', 'connected');
  // The first INVITE carried alice's WebRTC offer: the plain server refused it as a transport
  // mismatch, and the proxy's second try, through the relay, was answered.
  const refused = await nextCall(from, 'deposit', (e) => e.outcome === 'rejected');
  expect(refused.detail).toMatch(/^488: .*WebRTC/);
  await nextCall(from, 'deposit', (e) => e.prompts.includes('beep'));
  await alice.page.waitForTimeout(4000);
  await alice.active().getByRole('button', { name: 'Hang up' }).click();
  const saved = await nextCall(from, 'deposit', (e) => e.outcome === 'message-saved');
  expect(saved.media?.audioPacketsReceived ?? 0).toBeGreaterThan(100);
  // The plain leg's peer is rtpengine on the proxy's address, not alice's browser (no ICE here).
  const [leg] = plainLegs();
  expect(leg?.local).toMatch(/^127\.0\.0\.2:\d+$/);
  expect(leg?.peer).toMatch(/^127\.0\.0\.1:\d+$/);
  const rms = mulawRms(await um.mailbox('bob').audio(saved.messageId!));
  console.log(`plain RTP figures: browser -> UM recording RMS ${rms.toFixed(3)} (${saved.detail})`);
  expect(rms).toBeGreaterThan(0.01);
});

test('bob calls his voicemail with skip-pin: prompts heard in the browser, keypad DTMF drives the menu', async ({
  phoneFor,
}) => {
  const bob = await phoneFor('bob', { serverUrl: E2E_WSS_URL });
  const from = um.callLog.entries.length;
  await bob.page.getByRole('button', { name: 'Call voicemail' }).click();
  await expect(bob.active()).toHaveAttribute('data-state', 'connected');

  const call = await nextCall(from, 'subscriber-access', (e) => e.prompts.includes('menu'));
  expect(call.skipPinHonoured).toBe(true);
  expect(call.prompts[0]).toBe('you-have-n-new');
  // The menu prompt plays while we measure; silence would add nothing.
  const menuEnergy = await bob.inboundEnergyOver(1500);

  // RFC 4733 from the browser's keypad, through rtpengine: 1 = play the next message.
  await bob.pressKeypad('1');
  await nextCall(from, 'subscriber-access', (e) => e.prompts.includes('message-audio'));
  const messageEnergy = await bob.inboundEnergyOver(2500);
  console.log(
    `plain RTP figures: UM -> browser totalAudioEnergy ${menuEnergy.toFixed(4)} over 1.5 s of menu, ${messageEnergy.toFixed(4)} over 2.5 s of the message`,
  );
  expect(menuEnergy).toBeGreaterThan(0.001);
  expect(messageEnergy).toBeGreaterThan(0.001);

  await bob.pressKeypad('#');
  const done = await nextCall(from, 'subscriber-access', (e) => e.outcome === 'completed');
  expect(done.digits).toEqual(['1', '#']);
  // The digits came as RTP events on the plain leg (not SIP INFO).
  expect(done.media?.dtmfPacketsReceived ?? 0).toBeGreaterThan(0);
  await expect(bob.active()).toHaveCount(0);
});
