import { test, expect } from '../support/fixtures';

/** The audio the page sends: the track on its (first open) peer connection's audio sender. */
async function sentTrack(page: import('@playwright/test').Page) {
  return page.evaluate(() => {
    const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    const pc = pcs.find((c) => c.connectionState !== 'closed');
    const track = pc?.getSenders().find((s) => s.track?.kind === 'audio')?.track;
    return track
      ? { id: track.id, deviceId: track.getSettings().deviceId ?? '', state: track.readyState }
      : undefined;
  });
}

test('settings while signed in: during a call the microphone and speaker switch at once, and contacts, language and DTMF change without signing out', async ({
  phoneFor,
  users,
}) => {
  const bob = await phoneFor('bob');
  const alice = await phoneFor('alice');
  const p = alice.page;
  // Record where call audio is sent (setSinkId), for the speaker check.
  await p.evaluate(() => {
    const sinks: string[] = [];
    (window as unknown as { __sinks: string[] }).__sinks = sinks;
    const native = HTMLMediaElement.prototype.setSinkId;
    HTMLMediaElement.prototype.setSinkId = function (id: string) {
      sinks.push(id);
      return native.call(this, id);
    };
  });

  await alice.dial('bob');
  await bob.incoming().getByRole('button', { name: 'Answer' }).click();
  await expect(alice.active()).toHaveAttribute('data-state', 'connected');
  await bob.expectAudioBothWays();
  const before = await sentTrack(p);
  expect(before?.state).toBe('live');

  // Reachable by keyboard from the phone: the header's Settings button opens a modal dialog.
  const opener = p.getByRole('button', { name: 'Settings', exact: true });
  await opener.focus();
  await p.keyboard.press('Enter');
  const dialog = p.getByRole('dialog', { name: 'Settings' });
  await expect(dialog).toBeVisible();

  // Microphone: another device; the running call's sender carries it at once (replaceTrack).
  const mic = dialog.getByLabel('Microphone', { exact: true });
  await expect.poll(async () => mic.locator('option').count(), { timeout: 10_000 }).toBeGreaterThan(1);
  const micId = (await mic.locator('option').last().getAttribute('value')) ?? '';
  expect(micId).not.toBe('');
  await mic.selectOption(micId);
  await expect
    .poll(async () => (await sentTrack(p))?.deviceId, {
      message: 'the call sends from the chosen microphone',
    })
    .toBe(micId);
  const after = await sentTrack(p);
  expect(after?.id).not.toBe(before?.id);
  expect(after?.state).toBe('live');
  // bob goes on hearing alice: no re-INVITE, the same call.
  const heard = (await bob.audioStats()).bytesReceived;
  await expect
    .poll(async () => (await bob.audioStats()).bytesReceived, { timeout: 10_000 })
    .toBeGreaterThan(heard + 2000);

  // Speaker: the call's audio element moves to the chosen output (setSinkId).
  const speaker = dialog.getByLabel('Speaker', { exact: true });
  if ((await speaker.count()) > 0 && (await speaker.locator('option').count()) > 1) {
    const speakerId = (await speaker.locator('option').nth(1).getAttribute('value')) ?? '';
    await speaker.selectOption(speakerId);
    await expect
      .poll(async () => p.evaluate(() => (window as unknown as { __sinks: string[] }).__sinks))
      .toContain(speakerId);
  }

  // DTMF mode and contacts apply at once; the contact appears in the strip with its presence.
  await dialog.getByLabel('DTMF').selectOption({ label: 'SIP INFO' });
  await expect(dialog.getByTestId('settings-saved')).toHaveText('Settings saved and in use.');
  await dialog.getByLabel('Contacts', { exact: true }).fill('bob');
  await dialog.getByRole('button', { name: 'Save contacts' }).click();
  await expect(alice.contact('bob')).toBeVisible();
  await expect(alice.contact('bob')).toHaveAttribute('data-state', /^(available|busy)$/);
  const saved = JSON.parse(await p.evaluate(() => localStorage.getItem('um-phone.settings.v1') ?? '{}'));
  expect(saved).toMatchObject({ microphoneId: micId, dtmfMode: 'info', contacts: ['bob'] });

  // The language changes at once, the dialog too.
  await dialog.getByLabel('Language').selectOption({ label: 'Deutsch' });
  await expect(p.getByRole('dialog', { name: 'Einstellungen' })).toBeVisible();
  await p.getByRole('dialog').getByLabel('Sprache').selectOption({ index: 0 });
  await expect(dialog).toBeVisible();

  // Escape closes it and the focus is back on the button; the call never stopped.
  await p.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
  await expect(alice.active()).toHaveAttribute('data-state', 'connected');
  await alice.active().getByRole('button', { name: 'Hang up' }).click();
  await expect(bob.active()).toHaveCount(0);

  // The server or the identity: only with a new sign-in, the password kept for it.
  await opener.click();
  await dialog.getByRole('button', { name: 'Sign in again' }).click();
  await expect(p.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(p.getByLabel('Password', { exact: true })).toHaveValue(users.alice!.password);
  expect([...alice.pageErrors, ...bob.pageErrors]).toEqual([]);
});
