import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect } from '../support/fixtures';
import { mulawRms } from '../../lab/um/media/audio';
import type { PhonePage } from '../support/phone-page';
import { Baresip, makeSpeechWav, wavRms } from '../support/baresip';
import { E2E_LAB } from '../support/e2e-config';
import type { RunningUm } from '../../lab/um/server';
import { startSharedLabUm } from '../support/eumr-lab';
import { freeUdpPort } from '../../lab/media-relay';

/**
 * Issue 14: the phone with a SIP client nobody here wrote. baresip (Debian's, 1.0) stands in
 * for a desk phone: SIP over UDP or TCP, plain RTP/AVP with PCMU, no ICE, no DTLS. The lab
 * proxy bridges its media to WebRTC through rtpengine (kamailio.cfg route[MEDIA_*]); without
 * the relay these calls fail (the browser refuses an answer without ICE credentials).
 *
 * Audio is measured at both ends: what the browser hears as getStats totalAudioEnergy (the
 * fake microphone of Chromium speaks a sentence, playwright.config.ts), what baresip hears as
 * the RMS of its decoded recording (sndfile), and baresip's microphone is a spoken sentence
 * (aufile), so silence at either end fails.
 */

const MIC_DIR = path.resolve('lab/run');
const CAROL_SAYS = 'Hello, this is Carol on the desk phone. The delivery arrives on Tuesday morning.';

// Minimum figures for "audio flows": speech at normal level gives far more (see the report).
const MIN_BROWSER_ENERGY = 0.01;
const MIN_BARESIP_RMS = 0.01;

async function startCarol(
  users: Record<string, { name: string; password: string; displayName: string }>,
  transport: 'udp' | 'tcp',
) {
  const carol = users.carol!;
  return Baresip.start({
    user: carol.name,
    password: carol.password,
    displayName: carol.displayName,
    domain: E2E_LAB.domain,
    proxyHost: '127.0.0.1',
    proxyPort: E2E_LAB.tcpPort,
    transport,
    micWav: makeSpeechWav(MIC_DIR, 'baresip-carol-mic', CAROL_SAYS),
  });
}

/** Received audio energy in the browser grows while the call is up: carol's voice arrives. */
async function expectBrowserHears(phone: PhonePage): Promise<number> {
  let energy = 0;
  await expect
    .poll(
      async () => {
        energy = (await phone.inboundEnergy()).energy;
        return energy;
      },
      { timeout: 15_000, message: 'the browser should hear baresip (getStats totalAudioEnergy)' },
    )
    .toBeGreaterThan(MIN_BROWSER_ENERGY);
  return energy;
}

/** baresip's recording of what it decoded has speech in it (sox RMS amplitude). */
async function expectBaresipHears(b: Baresip): Promise<number> {
  let rms = 0;
  await expect
    .poll(
      () => {
        const files = b.recordings();
        rms = files.length === 0 ? 0 : wavRms(files[files.length - 1]!);
        return rms;
      },
      { timeout: 15_000, message: 'baresip should hear the browser (RMS of its recording)' },
    )
    .toBeGreaterThan(MIN_BARESIP_RMS);
  return rms;
}

let carol: Baresip | undefined;
test.afterEach(async () => {
  await carol?.stop();
  carol = undefined;
});

for (const transport of ['udp', 'tcp'] as const) {
  test(`carol (baresip over ${transport.toUpperCase()}, plain RTP) calls bob: he sees her name, answers, audio both ways, his hang-up ends both`, async ({
    phoneFor,
    users,
  }) => {
    const bob = await phoneFor('bob');
    carol = await startCarol(users, transport);

    const mark = carol.mark();
    await carol.dial(`sip:bob@${E2E_LAB.domain}`);
    const ringing = bob.incoming();
    await expect(ringing).toBeVisible();
    await expect(ringing.getByTestId('caller-address')).toHaveText(`sip:carol@${E2E_LAB.domain}`);
    await expect(ringing.getByTestId('caller-name')).toHaveText(users.carol!.displayName);
    await ringing.getByRole('button', { name: 'Answer' }).click();
    await expect(bob.active()).toHaveAttribute('data-state', 'connected');
    await carol.waitFor('CALL_ESTABLISHED', mark);

    const energy = await expectBrowserHears(bob);
    const rms = await expectBaresipHears(carol);
    const figures = `${transport}: baresip→browser totalAudioEnergy ${energy.toFixed(3)}; browser→baresip RMS ${rms.toFixed(3)}`;
    test.info().annotations.push({ type: 'audio', description: figures });
    console.log(`audio ${figures}`);

    const closed = carol.mark();
    await bob.active().getByRole('button', { name: 'Hang up' }).click();
    await expect(bob.active()).toHaveCount(0);
    await carol.waitFor('CALL_CLOSED', closed);
  });
}

test('alice calls carol (baresip): audio both ways, hold and resume, DTMF 1 5 9 # reaches baresip, carol hangs up and both end', async ({
  phoneFor,
  users,
}) => {
  const alice = await phoneFor('alice');
  carol = await startCarol(users, 'udp');

  const mark = carol.mark();
  await alice.dial('carol');
  await carol.waitFor('CALL_INCOMING', mark);
  await carol.accept();
  await expect(alice.active()).toHaveAttribute('data-state', 'connected');
  await carol.waitFor('CALL_ESTABLISHED', mark);

  const energy = await expectBrowserHears(alice);
  const rms = await expectBaresipHears(carol);
  const figures = `alice→carol: baresip→browser totalAudioEnergy ${energy.toFixed(3)}; browser→baresip RMS ${rms.toFixed(3)}`;
  test.info().annotations.push({ type: 'audio', description: figures });
  console.log(`audio ${figures}`);

  // Hold and resume (re-INVITEs through the relay, RFC 3264 8.4): the call survives, and audio
  // flows again after resume.
  // Hold moves the call to the held list (one active call, issue 15); Resume brings it back.
  await alice.active().getByRole('button', { name: 'Hold' }).click();
  const held = alice.page.getByTestId('held-call');
  await expect(held.getByTestId('held-call-status')).toHaveText('On hold');
  await held.getByRole('button', { name: /^Resume the call with/ }).click();
  await expect(held).toHaveCount(0);
  await expect(alice.active().getByTestId('call-status')).toHaveText('Connected');
  const before = (await alice.inboundEnergy()).energy;
  await expect
    .poll(async () => (await alice.inboundEnergy()).energy - before, {
      timeout: 15_000,
      message: 'audio from baresip again after resume',
    })
    .toBeGreaterThan(MIN_BROWSER_ENERGY / 2);

  // Keypad DTMF as RFC 4733 telephone-events, relayed by rtpengine to plain RTP.
  const dtmf = carol.mark();
  await alice.pressKeypad('159#');
  await expect.poll(() => carol!.dtmfReceived(dtmf), { timeout: 10_000 }).toBe('159#');

  const closed = carol.mark();
  await carol.hangup();
  await carol.waitFor('CALL_CLOSED', closed);
  await expect(alice.active()).toHaveCount(0);
});

test.describe('with the voicemail server', () => {
  let um: RunningUm;
  let dataDir: string;
  let umLog = '';
  test.beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'um-e2e-baresip-'));
    // the shared lab's UM, its log kept for a failure message
    um = await startSharedLabUm(dataDir, { log: (line) => (umLog = `${umLog}${line}\n`.slice(-6000)) });
  });
  test.afterAll(async () => {
    await um?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('carol (baresip, plain RTP) leaves bob a voice message through the relay: his count rises, the recording has her voice', async ({
    phoneFor,
    users,
  }) => {
    const bob = await phoneFor('bob');
    await expect(bob.page.getByTestId('voicemail-count')).toHaveText('No new messages');
    carol = await startCarol(users, 'udp');

    const from = um.callLog.entries.length;
    const mark = carol.mark();
    // MS-OCEXUM 3.1: bob's voice-mail URI; the UM takes the deposit for bob from carol.
    await carol.dial(`sip:bob@${E2E_LAB.domain};opaque=app:voicemail`);
    await carol.waitFor('CALL_ESTABLISHED', mark);
    await um.callLog
      .waitFor(
        (e) => um.callLog.entries.indexOf(e) >= from && e.kind === 'deposit' && e.prompts.includes('beep'),
        15_000,
      )
      .catch((error: Error) => {
        throw new Error(`${error.message}: ${JSON.stringify(um.callLog.entries.slice(from))}\nUM:\n${umLog}`);
      });
    // After the beep: let baresip send three more seconds of her sentence (its own count of
    // what it encoded), then hang up.
    const atBeep = carol.sentSeconds();
    await expect.poll(() => carol!.sentSeconds() - atBeep, { timeout: 15_000 }).toBeGreaterThan(3);
    await carol.hangup();

    const saved = await um.callLog.waitFor(
      (e) => um.callLog.entries.indexOf(e) >= from && e.kind === 'deposit' && e.outcome === 'message-saved',
      15_000,
    );
    const [message] = um.mailbox('bob').messages();
    expect(message).toMatchObject({ id: saved.messageId, caller: `sip:carol@${E2E_LAB.domain}` });
    const rms = mulawRms(await um.mailbox('bob').audio(message!.id));
    console.log(`voicemail: baresip→UM (via rtpengine) recording RMS ${rms.toFixed(3)}`);
    expect(rms).toBeGreaterThan(MIN_BARESIP_RMS);
    await expect(bob.page.getByTestId('voicemail-count')).toHaveText('1 new message');
  });
});

/** Runs sipp with a scenario of e2e/sipp/ towards the lab; resolves with its exit code and log. */
function runSipp(
  scenario: string,
  args: string[],
): { done: Promise<{ code: number | null; output: string }> } {
  const dir = mkdtempSync(path.join(tmpdir(), 'sipp-'));
  const child = spawn(
    'sipp',
    [
      '-sf', path.resolve('e2e/sipp', scenario),
      '-i', '127.0.0.1', '-mi', '127.0.0.1',
      '-m', '1', '-nostdin', '-timeout', '50s',
      '-trace_err', '-error_file', path.join(dir, 'errors.log'),
      ...args,
      `127.0.0.1:${E2E_LAB.tcpPort}`,
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  ); // prettier-ignore
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output = (output + c.toString('utf8')).slice(-20000)));
  child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const done = new Promise<{ code: number | null; output: string }>((resolve) =>
    child.once('exit', (code) => {
      let errors = '';
      try {
        errors = readFileSync(path.join(dir, 'errors.log'), 'utf8');
      } catch {
        // no errors written
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, output: `${errors}\n${output.slice(-3000)}` });
    }),
  );
  return { done };
}

test('sipp sends a plain-RTP INVITE with Subject and Priority: urgent; bob sees both, answers (the relay answers in RTP/AVP), hangs up', async ({
  phoneFor,
  users,
}) => {
  const bob = await phoneFor('bob');
  const carol = users.carol!;
  const port = await freeUdpPort('127.0.0.1');
  const sipp = runSipp('plain-rtp-subject-priority.xml', [
    '-s', 'bob',
    '-key', 'domain', E2E_LAB.domain,
    '-key', 'caller', carol.name,
    '-au', carol.name, '-ap', carol.password,
    '-t', 'u1', '-p', String(port),
  ]); // prettier-ignore

  const ringing = bob.incoming();
  await expect(ringing).toBeVisible();
  await expect(ringing.getByTestId('caller-address')).toHaveText(`sip:carol@${E2E_LAB.domain}`);
  await expect(ringing.getByTestId('call-subject')).toHaveText('Delivery from the loading dock');
  await expect(ringing.getByTestId('urgent-badge')).toHaveText('Urgent');
  await expect(ringing).toHaveAttribute('data-urgent', 'true');
  await ringing.getByRole('button', { name: 'Answer' }).click();
  await expect(bob.active()).toHaveAttribute('data-state', 'connected');
  await bob.active().getByRole('button', { name: 'Hang up' }).click();
  await expect(bob.active()).toHaveCount(0);
  // sipp got the 200 with a plain RTP/AVP answer (its check_it regexp), ACKed it, and got bob's BYE.
  const result = await sipp.done;
  expect(result.code, result.output).toBe(0);
});
