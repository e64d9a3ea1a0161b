/**
 * What a call across a lost connection is checked by: the ICE credentials the page's peer
 * connection uses (an ICE restart changes them, RFC 8839 §5.4), and whether audio energy keeps
 * arriving (getStats totalAudioEnergy), measured the same way the bench measures the gap.
 */
import type { PhonePage } from './phone-page';
import { expect } from './fixtures';

/** The local ice-ufrag of every open peer connection of the page. */
export function localIceUfrags(phone: PhonePage): Promise<string[]> {
  return phone.page.evaluate(() => {
    const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    return pcs
      .filter((pc) => pc.connectionState !== 'closed')
      .map((pc) => /a=ice-ufrag:(\S+)/.exec(pc.localDescription?.sdp ?? '')?.[1] ?? '');
  });
}

/** Waits until the energy `phone` hears grows by `by` (audio arriving now, not only before). */
export async function expectAudioArriving(phone: PhonePage, message: string, by = 0.01): Promise<void> {
  const from = (await phone.inboundEnergy()).energy;
  await expect
    .poll(async () => (await phone.inboundEnergy()).energy - from, { timeout: 15_000, message })
    .toBeGreaterThan(by);
}

/**
 * Samples the energy `phone` hears every `stepMs` and returns the longest stretch (ms) in which
 * it did not grow, over `forMs`: the audio gap a person would notice.
 */
export async function longestSilence(phone: PhonePage, forMs: number, stepMs = 100): Promise<number> {
  return phone.page.evaluate(
    async ({ forMs, stepMs }) => {
      const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
      const energy = async () => {
        let e = 0;
        for (const pc of pcs) {
          if (pc.connectionState === 'closed') continue;
          (await pc.getStats()).forEach((s: { type: string; kind?: string; totalAudioEnergy?: number }) => {
            if (s.type === 'inbound-rtp' && s.kind === 'audio') e += s.totalAudioEnergy ?? 0;
          });
        }
        return e;
      };
      const start = performance.now();
      let last = await energy();
      let lastGrew = start;
      let longest = 0;
      while (performance.now() - start < forMs) {
        await new Promise((r) => setTimeout(r, stepMs));
        const now = performance.now();
        const e = await energy();
        if (e > last) {
          longest = Math.max(longest, now - lastGrew - stepMs);
          lastGrew = now;
          last = e;
        }
      }
      return Math.max(longest, performance.now() - lastGrew - stepMs, 0);
    },
    { forMs, stepMs },
  );
}

/**
 * After both ends of a call moved to new connections: each ran an ICE restart (its own
 * re-INVITE, or answering the other's), audio arrives both ways again, and both calls are
 * connected. `before` is each phone's ice-ufrag from before the move.
 */
export async function expectBothResumed(
  phones: [PhonePage, PhonePage],
  before: [string | undefined, string | undefined],
  where: string,
): Promise<void> {
  const restarted = async (phone: PhonePage, ufrag: string | undefined) => {
    const [now] = await localIceUfrags(phone);
    return now !== undefined && now !== '' && now !== ufrag;
  };
  const [a, b] = phones;
  await expect
    .poll(async () => [await restarted(a, before[0]), await restarted(b, before[1])], {
      timeout: 15_000,
      message: `both phones restarted ICE ${where}`,
    })
    .toEqual([true, true]);
  await expectAudioArriving(a, `the first phone hears the second ${where}`);
  await expectAudioArriving(b, `the second phone hears the first ${where}`);
  for (const phone of phones) await expect(phone.active()).toHaveAttribute('data-state', 'connected');
}
