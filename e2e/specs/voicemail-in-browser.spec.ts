import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from '../support/fixtures';
import { expectAccessible } from '../support/accessibility';
import type { RunningUm } from '../../lab/um/server';
import { sharedLabUmForFile } from '../support/eumr-lab';
import { VoicemailApi } from '../../src/um-api/voicemail-api';

/**
 * Issue 18, first part: voicemail the way people use it, against the real lab (Kamailio, the UM
 * emulator with werift audio, Chromium with a fake microphone speaking a known sentence).
 * alice leaves bob a message; bob listens in the browser (audio energy measured from the <audio>
 * element through Web Audio), seeks, changes speed, marks it read (his second tab's count drops),
 * calls alice back, deletes it and undoes, then deletes it for good.
 */
test.describe.configure({ mode: 'serial' });

/** A trashed message is purged after this; longer than the phone's 8 s Undo window. */
const TRASH_SECONDS = 10;
let um: RunningUm;

const mailboxes = sharedLabUmForFile('e2e-browser', (started) => (um = started), {
  trashSeconds: TRASH_SECONDS,
});

/** bob's own client of the web API (Digest), as a second device would be. */
const bobApi = () =>
  new VoicemailApi(um.httpUrl, { username: 'bob', password: 'bob-pass' }, (...a) => fetch(...a));

/**
 * Loudest 50 ms RMS (0..1) an AnalyserNode hears from an <audio> element (through
 * createMediaElementSource) while it plays, until it ends. `start` plays it from script; without
 * it the measurement waits for the user (the test's key press) to start it. Resolves at 'ended'.
 */
function armMeter(page: Page, selector: string, start: boolean) {
  return page.evaluate(
    ([sel, play]) =>
      new Promise<number>((resolve, reject) => {
        const audio = document.querySelector<HTMLAudioElement>(sel);
        if (!audio) {
          reject(new Error(`no ${sel}`));
          return;
        }
        const ctx = new AudioContext();
        const analyser = ctx.createAnalyser();
        analyser.fftSize = 512;
        ctx.createMediaElementSource(audio).connect(analyser);
        analyser.connect(ctx.destination);
        const buf = new Float32Array(analyser.fftSize);
        let loudest = 0;
        const timer = setInterval(() => {
          if (audio.paused) return;
          analyser.getFloatTimeDomainData(buf);
          let sum = 0;
          for (const v of buf) sum += v * v;
          loudest = Math.max(loudest, Math.sqrt(sum / buf.length));
        }, 50);
        audio.addEventListener(
          'ended',
          () => {
            clearInterval(timer);
            void ctx.close();
            resolve(loudest);
          },
          { once: true },
        );
        void ctx.resume();
        if (play) void audio.play();
      }),
    [selector, start] as const,
  );
}

test('bob listens to alice’s message in the browser, seeks, marks it read, calls back, deletes with undo and for good', async ({
  phoneFor,
}) => {
  test.setTimeout(150_000);
  const bob = await phoneFor('bob');
  const bob2 = await phoneFor('bob'); // bob's second tab
  await expect(bob.page.getByTestId('voicemail-count')).toHaveText('No new messages');
  const alice = await phoneFor('alice');

  // alice leaves bob a message (as in voicemail-journeys): greeting, beep, then her microphone.
  const from = um.callLog.entries.length;
  const after = (pred: (e: (typeof um.callLog.entries)[number]) => boolean) =>
    um.callLog.waitFor(
      (e) => um.callLog.entries.indexOf(e) >= from && e.kind === 'deposit' && e.mailbox === 'bob' && pred(e),
      15_000,
    );
  await alice.leaveMessage('bob', { subject: 'Listen in the browser' });
  await after((e) => e.prompts.includes('beep'));
  await alice.page.waitForTimeout(4000); // alice speaks for four seconds
  await alice.active().getByRole('button', { name: 'Hang up' }).click();
  const saved = await after((e) => e.outcome === 'message-saved');
  const id = saved.messageId ?? '';
  await expect(bob2.page.getByTestId('voicemail-count')).toHaveText('1 new message');

  const p = bob.page;
  const item = p.getByTestId('voicemail-message');
  await expect(item).toHaveCount(1);

  await test.step('plays it in the browser: the <audio> element carries speech, silence stays silent', async () => {
    // Keyboard only: Listen opens the player and puts focus on Play.
    await item.getByTestId('voicemail-listen').focus();
    await p.keyboard.press('Enter');
    const toggle = item.getByTestId('player-toggle');
    await expect(toggle).toBeFocused();
    await expect(toggle).toHaveAttribute('data-state', 'ready');
    await expect(item.getByTestId('player-status')).toHaveText('Ready to play');
    const position = item.getByTestId('player-position');
    await expect(position).toHaveAttribute('aria-valuetext', /^00:00 of 00:0[3-9]$/);
    await expect(p.getByRole('group', { name: 'Player for the message from Alice Example' })).toBeVisible();
    await expectAccessible(p, 'voicemail player');
    await toggle.focus();

    const heard = armMeter(p, '[data-testid="voicemail-audio"]', false);
    await p.keyboard.press('Space');
    await expect(toggle).toHaveAttribute('data-state', 'playing');
    await expect(item.getByTestId('player-status')).toHaveText('Playing');
    await expect(toggle).toHaveAccessibleName('Pause');
    const speech = await heard;
    await expect(item.getByTestId('player-status')).toHaveText('Finished');

    // The same measurement on an element playing one second of digital silence (16-bit PCM WAV).
    await p.evaluate(() => {
      const samples = 8000;
      const wav = new DataView(new ArrayBuffer(44 + samples * 2));
      const text = (o: number, s: string) => [...s].forEach((c, i) => wav.setUint8(o + i, c.charCodeAt(0)));
      text(0, 'RIFF');
      wav.setUint32(4, 36 + samples * 2, true);
      text(8, 'WAVEfmt ');
      wav.setUint32(16, 16, true);
      wav.setUint16(20, 1, true);
      wav.setUint16(22, 1, true);
      wav.setUint32(24, 8000, true);
      wav.setUint32(28, 16000, true);
      wav.setUint16(32, 2, true);
      wav.setUint16(34, 16, true);
      text(36, 'data');
      wav.setUint32(40, samples * 2, true);
      const el = document.createElement('audio');
      el.id = 'silence-probe';
      el.src = URL.createObjectURL(new Blob([wav.buffer], { type: 'audio/wav' }));
      document.body.append(el);
    });
    const silence = await armMeter(p, '#silence-probe', true);
    test.info().annotations.push({ type: 'energy', description: `speech ${speech}, silence ${silence}` });
    expect(speech).toBeGreaterThan(0.01);
    expect(silence).toBeLessThan(0.001);
  });

  await test.step('seeks by keyboard, changes speed; the API answers a byte Range with 206', async () => {
    const position = item.getByTestId('player-position');
    const audio = item.getByTestId('voicemail-audio');
    const currentTime = () => audio.evaluate((a: HTMLAudioElement) => a.currentTime);
    await position.focus();
    await p.keyboard.press('Home');
    await expect.poll(currentTime).toBe(0);
    await expect(position).toHaveAttribute('aria-valuetext', /^00:00 of /);
    await p.keyboard.press('ArrowRight');
    await expect.poll(currentTime).toBeGreaterThan(2.5);
    await p.keyboard.press('ArrowLeft');
    await expect.poll(currentTime).toBe(0);

    await item.getByRole('radio', { name: '1.5×' }).check();
    await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.playbackRate)).toBe(1.5);
    await expect(item.getByTestId('player-status')).toHaveText('Speed 1.5×');
    await p.keyboard.press('ArrowRight'); // radio group: arrows move the choice
    await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.playbackRate)).toBe(2);

    const api = bobApi();
    const part = await api.fetchAudio(id, { start: 44, end: 1043 });
    expect(part.status).toBe(206);
    expect(part.contentRange).toMatch(/^bytes 44-1043\/\d+$/);
    expect(part.blob.size).toBe(1000);

    // Closing the player by keyboard puts focus back on Listen, not on the page.
    await item.getByRole('button', { name: 'Close player' }).focus();
    await p.keyboard.press('Enter');
    await expect(item.getByTestId('voicemail-player')).toHaveCount(0);
    await expect(item.getByTestId('voicemail-listen')).toBeFocused();
    await expect(item.getByTestId('voicemail-listen')).toHaveAttribute('aria-expanded', 'false');
  });

  await test.step('marks it read: the count drops on his second tab; unread brings it back', async () => {
    await item.getByRole('button', { name: 'Mark as read' }).click();
    await expect(bob2.page.getByTestId('voicemail-count')).toHaveText('No new messages');
    await expect(p.getByTestId('voicemail-count')).toHaveText('No new messages');
    expect(um.mailbox('bob').messages()[0]?.heard).toBe(true);
    await item.getByRole('button', { name: 'Mark as unread' }).click();
    await expect(bob2.page.getByTestId('voicemail-count')).toHaveText('1 new message');
  });

  await test.step('calls alice back through the normal dial path', async () => {
    await item.getByRole('button', { name: 'Call back' }).click();
    await expect(alice.incoming()).toHaveCount(1);
    await expect(bob.active()).toHaveCount(1);
    await bob.active().getByRole('button', { name: 'Hang up' }).click();
    await expect(alice.incoming()).toHaveCount(0);
  });

  await test.step('deletes it and undoes: it is still there', async () => {
    await item.getByRole('button', { name: 'Delete' }).click();
    await expect(item).toHaveCount(0);
    const undo = p.getByTestId('voicemail-undo');
    await expect(undo).toContainText('Message from Alice Example deleted');
    await expect(undo.getByRole('button', { name: 'Undo' })).toBeFocused();
    await expect(undo).toHaveAttribute('role', 'status');
    // Trashed on the server at once: the second tab's count drops too.
    await expect(bob2.page.getByTestId('voicemail-count')).toHaveText('No new messages');
    await undo.getByRole('button', { name: 'Undo' }).click();
    await expect(item).toHaveCount(1);
    await expect(bob2.page.getByTestId('voicemail-count')).toHaveText('1 new message');
    expect((await bobApi().listMessages()).map((m) => m.id)).toEqual([id]);
  });

  await test.step('deletes it for good: gone from the API, then from the disk', async () => {
    await item.getByRole('button', { name: 'Delete' }).click();
    await expect(item).toHaveCount(0);
    await expect(p.getByTestId('voicemail-undo')).toHaveCount(0, { timeout: 15_000 });
    const api = bobApi();
    expect(await api.listMessages()).toEqual([]);
    await expect(api.fetchAudio(id)).rejects.toMatchObject({ status: 404 });
    const box = path.join(mailboxes.dataDir, 'mailboxes', 'bob');
    await expect
      .poll(() => readdirSync(box).filter((f) => f.endsWith('.wav')), { timeout: (TRASH_SECONDS + 5) * 1000 })
      .toEqual([]);
    await expect(api.restoreMessage(id)).rejects.toMatchObject({ status: 404 });
  });

  expect(bob.pageErrors).toEqual([]);
});
