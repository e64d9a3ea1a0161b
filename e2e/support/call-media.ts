import { expect } from '@playwright/test';
import type { PhonePage } from './phone-page';

/**
 * What each call's media does, measured in the page (every RTCPeerConnection the app made, see
 * PhonePage.open): the direction the far end offered, the microphones that are live, and how much
 * audio arrives. For the one-active-call and hold journeys.
 */

/** The audio direction in the remote description of the page's open peer connections. */
export function remoteDirections(phone: PhonePage): Promise<string[]> {
  return phone.page.evaluate(() => {
    const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    return pcs
      .filter((pc) => pc.connectionState !== 'closed' && pc.remoteDescription)
      .map(
        (pc) => /a=(sendrecv|sendonly|recvonly|inactive)/.exec(pc.remoteDescription!.sdp)?.[1] ?? 'sendrecv',
      );
  });
}

/** How many of the page's open calls send a live (enabled) microphone track. */
export function liveMicrophones(phone: PhonePage): Promise<number> {
  return phone.page.evaluate(() => {
    const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    return pcs
      .filter((pc) => pc.connectionState !== 'closed' && pc.signalingState !== 'closed')
      .filter((pc) => pc.getSenders().some((s) => s.track?.kind === 'audio' && s.track.enabled)).length;
  });
}

/**
 * Who hears the caller: over one window, `hears` must receive clearly more audio energy than
 * before, and `silent` (nearly) none. The window ends when `hears` has had enough, so it cannot
 * pass by being too short to hear anything. `silent` must stay under a tenth of that: what its
 * jitter buffer held from before the hold may still play out in the window (measured up to a
 * 38th), while a microphone left live gives both the same. A held call may get no packets at all:
 * a disabled track sends silence, which Opus barely transmits.
 */
export async function expectOnlyOneHears(hears: PhonePage, silent: PhonePage): Promise<void> {
  const [h0, s0] = await Promise.all([hears.inboundEnergy(), silent.inboundEnergy()]);
  await expect
    .poll(async () => (await hears.inboundEnergy()).energy - h0.energy, {
      timeout: 15_000,
      message: 'the active call should carry the microphone',
    })
    .toBeGreaterThan(0.02);
  const [h1, s1] = await Promise.all([hears.inboundEnergy(), silent.inboundEnergy()]);
  const heard = h1.energy - h0.energy;
  const leaked = s1.energy - s0.energy;
  expect(leaked, `held call received ${leaked} while the active one received ${heard}`).toBeLessThan(
    heard / 10,
  );
}
