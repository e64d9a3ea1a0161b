import { test, expect } from '../support/fixtures';
import { expectAccessible } from '../support/accessibility';
import { expectOnlyOneHears, liveMicrophones, remoteDirections } from '../support/call-media';
import { expectOnlyOneHearsAfterSwap } from '../support/held-media';
import type { PhonePage } from '../support/phone-page';

/**
 * Issue 15 item 2, against the real lab with real WebRTC audio: at most one of alice's calls has a
 * live microphone. Her second call holds the first (bob's browser gets a sendonly offer and says
 * "On hold (Alice Example)"), also when the first is still ringing out; the held calls are listed
 * with Resume / Swap; ending the active call resumes nothing; Hold and Resume pressed at once never
 * race (no "Invalid signaling state" notice).
 */

async function answer(callee: PhonePage): Promise<void> {
  await expect(callee.incoming()).toBeVisible();
  await callee.incoming().getByRole('button', { name: 'Answer' }).click();
  await expect(callee.active()).toHaveAttribute('data-state', 'connected');
}

const held = (phone: PhonePage) => phone.page.getByTestId('held-call');

test("alice's second call holds the first; Swap; hanging up the active call resumes nothing", async ({
  phoneFor,
}) => {
  const bob = await phoneFor('bob');
  const carol = await phoneFor('carol');
  const alice = await phoneFor('alice');

  await alice.dial('bob');
  await answer(bob);
  await expect(alice.active()).toHaveAttribute('data-state', 'connected');
  await alice.expectAudioBothWays();

  await alice.dial('carol');
  // bob's call leaves alice's active cards at once and is listed as held; bob is told.
  await expect(held(alice)).toHaveCount(1);
  await expect(held(alice).getByTestId('held-call-name')).toContainText(/bob/i);
  await expect(held(alice).getByTestId('held-call-status')).toHaveText('On hold');
  await expect(bob.active().getByTestId('call-status')).toHaveText('On hold (Alice Example)');
  await expect(bob.page).toHaveTitle('On hold (Alice Example) — UM Phone');
  expect(await remoteDirections(bob)).toEqual(['sendonly']);

  await answer(carol);
  await expect(alice.active()).toHaveCount(1);
  await expect(alice.active().getByTestId('peer-name')).toContainText(/carol/i);
  expect(await liveMicrophones(alice)).toBe(1);
  await expectOnlyOneHears(carol, bob);

  // Swap: bob back, carol held and told.
  await held(alice)
    .getByRole('button', { name: /^Swap to .*bob/i })
    .click();
  await expect(bob.active().getByTestId('call-status')).toHaveText('Connected');
  await expect(carol.active().getByTestId('call-status')).toHaveText('On hold (Alice Example)');
  await expect(held(alice)).toHaveCount(1);
  await expect(held(alice).getByTestId('held-call-name')).toContainText(/carol/i);
  await expect(held(alice).getByTestId('held-call-status')).toHaveText('On hold');
  expect(await liveMicrophones(alice)).toBe(1);
  // bob hears alice again, carol (held) does not, and alice's held sender takes nothing from the
  // microphone (her calls in creation order: bob's is the first).
  await expectOnlyOneHearsAfterSwap(alice, bob, carol, 0);
  await expectAccessible(alice.page, 'an active call and one on hold');

  // Ending the active call: carol stays held, offered with Resume (no other call is active now).
  await alice.active().getByRole('button', { name: 'Hang up' }).click();
  await expect(bob.active()).toHaveCount(0);
  await expect(alice.active()).toHaveCount(0);
  await expect(held(alice)).toHaveCount(1);
  await expect(held(alice).getByRole('button', { name: /^Resume the call with .*carol/i })).toBeEnabled();
  await expect(held(alice).getByTestId('held-call-status')).toHaveText('On hold');
  expect(await liveMicrophones(alice)).toBe(0);
  await expect(carol.active().getByTestId('call-status')).toHaveText('On hold (Alice Example)');

  await held(alice)
    .getByRole('button', { name: /^Resume the call with .*carol/i })
    .click();
  await expect(carol.active().getByTestId('call-status')).toHaveText('Connected');
  await expect(held(alice)).toHaveCount(0);
  expect(await liveMicrophones(alice)).toBe(1);
});

test('a call still ringing out when alice places another is held the moment it is answered', async ({
  phoneFor,
}) => {
  const bob = await phoneFor('bob');
  const carol = await phoneFor('carol');
  const alice = await phoneFor('alice');

  await alice.dial('bob');
  await expect(bob.incoming()).toBeVisible();
  await alice.dial('carol');
  await expect(held(alice).getByTestId('held-call-status')).toHaveText('Calling…');

  await answer(bob);
  // Answered in the background: held at once, and bob is told.
  await expect(bob.active().getByTestId('call-status')).toHaveText('On hold (Alice Example)');
  expect(await remoteDirections(bob)).toEqual(['sendonly']);
  await expect(held(alice).getByTestId('held-call-status')).toHaveText('On hold');

  await answer(carol);
  expect(await liveMicrophones(alice)).toBe(1);
  await expectOnlyOneHears(carol, bob);
});

test('Hold and Resume pressed while the hold is still on the wire: queued, no signalling-state error, connected again', async ({
  phoneFor,
}) => {
  const bob = await phoneFor('bob');
  const alice = await phoneFor('alice');
  await alice.dial('bob');
  await answer(bob);
  await expect(alice.active()).toHaveAttribute('data-state', 'connected');

  // Hold, then Resume as soon as React has drawn the held list (a macrotask later): the hold's
  // re-INVITE is still on the wire, so a resume sent now would race it ("Reinvite in progress").
  const pressed = await alice.page.evaluate(async () => {
    const button = (scope: string, name: RegExp) =>
      [...document.querySelectorAll<HTMLButtonElement>(`[data-testid="${scope}"] button`)].find((b) =>
        name.test(b.getAttribute('aria-label') ?? b.textContent ?? ''),
      );
    const pressed: string[] = [];
    for (let i = 0; i < 3; i++) {
      const hold = button('active-call', /^Hold$/);
      hold?.click();
      if (hold) pressed.push('hold');
      await new Promise((r) => setTimeout(r, 0));
      const resume = button('held-call', /^Resume the call with/);
      resume?.click();
      if (resume) pressed.push('resume');
      await new Promise((r) => setTimeout(r, 0));
    }
    return pressed;
  });
  expect(pressed.slice(0, 2), 'Resume was pressed while the hold was on the wire').toEqual([
    'hold',
    'resume',
  ]);
  await expect(alice.active()).toHaveAttribute('data-state', 'connected');
  await expect(bob.active().getByTestId('call-status')).toHaveText('Connected');
  // Bob's card may say Connected while alice's last queued re-INVITE (the resume) is still on the
  // wire: wait for the SDP he ends up with, which must offer audio both ways.
  await expect.poll(() => remoteDirections(bob)).toEqual(['sendrecv']);
  await expect(alice.page.getByTestId('notice')).toHaveCount(0);
  await alice.expectAudioBothWays();
});

test('after the microphone is changed during two calls, Swap never puts a live microphone on the call it holds', async ({
  phoneFor,
}) => {
  const bob = await phoneFor('bob');
  const carol = await phoneFor('carol');
  const alice = await phoneFor('alice');
  await alice.dial('bob');
  await answer(bob);
  await alice.dial('carol');
  await answer(carol);
  await expect(bob.active().getByTestId('call-status')).toHaveText('On hold (Alice Example)');
  expect(await liveMicrophones(alice)).toBe(1);

  // Every track put on one of alice's senders from now on, and whether it was live when put there.
  await alice.page.evaluate(() => {
    const put: { sender: RTCRtpSender; live: boolean }[] = [];
    (window as unknown as { __putTracks: typeof put }).__putTracks = put;
    const native = RTCRtpSender.prototype.replaceTrack;
    RTCRtpSender.prototype.replaceTrack = function (track: MediaStreamTrack | null) {
      put.push({ sender: this, live: track?.enabled ?? false });
      return native.call(this, track);
    };
  });
  /** Per call (creation order: bob, carol), whether each track put on its sender was live. */
  const putTracks = () =>
    alice.page.evaluate(() => {
      const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
      const put = (window as unknown as { __putTracks: { sender: RTCRtpSender; live: boolean }[] })
        .__putTracks;
      return pcs.map((pc) => put.filter((p) => pc.getSenders().includes(p.sender)).map((p) => p.live));
    });
  const sentDevices = () =>
    alice.page.evaluate(() =>
      (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections.map(
        (pc) =>
          pc
            .getSenders()
            .find((s) => s.track?.kind === 'audio')
            ?.track?.getSettings().deviceId ?? '',
      ),
    );

  // Another microphone in the settings: both calls move to it at once (replaceTrack), bob's silent.
  const opener = alice.page.getByRole('button', { name: 'Settings', exact: true });
  await opener.click();
  const dialog = alice.page.getByRole('dialog', { name: 'Settings' });
  const mic = dialog.getByLabel('Microphone', { exact: true });
  await expect.poll(async () => mic.locator('option').count(), { timeout: 10_000 }).toBeGreaterThan(1);
  const micId = (await mic.locator('option').last().getAttribute('value')) ?? '';
  await mic.selectOption(micId);
  await expect.poll(sentDevices).toEqual([micId, micId]);
  expect(await putTracks()).toEqual([[false], [true]]);
  await alice.page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Swap: carol's hold re-INVITE is the first offer since the change, so SIP.js fetches the chosen
  // microphone again and replaces carol's track with the fresh one; it must arrive silent.
  await held(alice)
    .getByRole('button', { name: /^Swap to .*bob/i })
    .click();
  await expect(bob.active().getByTestId('call-status')).toHaveText('Connected');
  await expect(carol.active().getByTestId('call-status')).toHaveText('On hold (Alice Example)');
  const [, carolPuts] = await putTracks();
  expect(carolPuts!.length, 'the hold re-INVITE replaced the held call’s track').toBeGreaterThan(1);
  expect(carolPuts!.slice(1), 'tracks put on the held call’s sender').not.toContain(true);
  expect(await liveMicrophones(alice)).toBe(1);
  await expectOnlyOneHearsAfterSwap(alice, bob, carol, 0);
});
