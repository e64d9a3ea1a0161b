import { expect } from '@playwright/test';
import type { PhonePage } from './phone-page';

/**
 * Whose audio goes where right after a Swap (issue 15: at most one call has a live microphone),
 * measured without being fooled by what was already on its way.
 *
 * Measured here (one-active-call, 8 runs): right after a Swap the newly held far end still plays
 * out up to 0.05 of audio energy that left the microphone before the hold (the sender's pipeline
 * and its jitter buffer), and then nothing more, while its sender's microphone energy on the
 * holding side stops at once. A window that opens the moment the screens say "On hold" therefore
 * catches that tail: one run in eight measured the held end at a third of the active one's energy.
 * So the window opens only once the resumed far end already hears the caller, i.e. audio that
 * left the microphone after the Swap has crossed the whole path; a microphone left live on the
 * held call still gives both ends the same energy in it.
 */

/** Audio energy each open call takes from the page's microphone (RTCAudioSourceStats), in creation order. */
export function senderEnergies(phone: PhonePage): Promise<number[]> {
  return phone.page.evaluate(async () => {
    const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    const out: number[] = [];
    for (const pc of pcs) {
      if (pc.connectionState === 'closed' || pc.signalingState === 'closed') continue;
      let energy = 0;
      (await pc.getStats()).forEach((s: { type: string; kind?: string; totalAudioEnergy?: number }) => {
        if (s.type === 'media-source' && s.kind === 'audio') energy += s.totalAudioEnergy ?? 0;
      });
      out.push(energy);
    }
    return out;
  });
}

/**
 * After a Swap on `caller`'s page: `hears` (the resumed far end) hears the caller, `silent` (the
 * newly held one) does not, and on the caller's page only the active call's sender takes energy
 * from the microphone (`activeIndex` among the caller's open calls, in creation order).
 */
export async function expectOnlyOneHearsAfterSwap(
  caller: PhonePage,
  hears: PhonePage,
  silent: PhonePage,
  activeIndex: number,
): Promise<void> {
  const first = (await hears.inboundEnergy()).energy;
  await expect
    .poll(async () => (await hears.inboundEnergy()).energy - first, {
      timeout: 15_000,
      message: 'the resumed call should carry the microphone again',
    })
    .toBeGreaterThan(0.02);
  // Chromium's media-source stats now and then leave a sender's totalAudioEnergy unchanged over a
  // whole window while its far end demonstrably hears it (an exact 0: one CI run in session 7,
  // about one repeat in ten then, none in 60 repeats since; cause not found). Such a window
  // measures nothing, so the next one is taken, up to three. A live microphone on the held call
  // is caught in any window: the active sender counts.
  let window = await measureWindow(caller, hears, silent);
  for (let attempt = 1; attempt < 3 && !(window.taken[activeIndex]! > 0); attempt++)
    window = await measureWindow(caller, hears, silent);
  const { heard, leaked, taken } = window;
  expect(leaked, `the held call received ${leaked} while the active one received ${heard}`).toBeLessThan(
    heard / 10,
  );
  expect(taken.length, 'two open calls on the caller’s page').toBe(2);
  const active = taken[activeIndex]!;
  const held = taken[1 - activeIndex]!;
  expect(active, 'the active call’s sender takes the microphone (in one of three windows)').toBeGreaterThan(
    0,
  );
  expect(
    held,
    `the held call's sender took ${held} of the microphone, the active one ${active}`,
  ).toBeLessThan(active / 10);
}

/**
 * One window: from now until the resumed end has heard 0.06 more audio energy. What the resumed
 * end heard, what the held end received, and what each of the caller's senders took from the
 * microphone meanwhile.
 */
async function measureWindow(
  caller: PhonePage,
  hears: PhonePage,
  silent: PhonePage,
): Promise<{ heard: number; leaked: number; taken: number[] }> {
  const [h0, s0, e0] = await Promise.all([
    hears.inboundEnergy(),
    silent.inboundEnergy(),
    senderEnergies(caller),
  ]);
  await expect
    .poll(async () => (await hears.inboundEnergy()).energy - h0.energy, {
      timeout: 15_000,
      message: 'the resumed call should go on carrying the microphone',
    })
    .toBeGreaterThan(0.06);
  const [h1, s1, e1] = await Promise.all([
    hears.inboundEnergy(),
    silent.inboundEnergy(),
    senderEnergies(caller),
  ]);
  return {
    heard: h1.energy - h0.energy,
    leaked: s1.energy - s0.energy,
    taken: e1.map((e, i) => e - (e0[i] ?? 0)),
  };
}
