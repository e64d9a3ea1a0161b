import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanTranscript, MAX_PREVIEW_CHARS, transcribe } from './preview';
import { PreviewQueue } from './preview-queue';
import { PENDING_MS, previewPath, readPreview, writePreview } from './preview-store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'preview-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A stand-in recogniser: a shell script printing `output` (the real one runs in preview-wer and e2e). */
async function fakeRecogniser(script: string): Promise<string> {
  const file = path.join(dir, 'recogniser.sh');
  await writeFile(file, `#!/bin/sh\n${script}\n`);
  await chmod(file, 0o755);
  return file;
}

describe('preview text is untrusted', () => {
  it('keeps words only: no markup, no control characters, no pronunciation variants', () => {
    expect(cleanTranscript('Hi <b>bob</b>\u0000 the(2) call\u202eme back\n')).toBe('hi the back');
    expect(cleanTranscript("it's 5 o'clock")).toBe("it's 5 o'clock");
    expect(cleanTranscript('word '.repeat(1000)).length).toBeLessThanOrEqual(MAX_PREVIEW_CHARS);
  });

  it('is cleaned again when read back from disk, and a bad file is no preview', async () => {
    const audio = path.join(dir, 'abc.wav');
    await writeFile(
      previewPath(audio),
      JSON.stringify({ version: 1, status: 'ready', text: 'call <script>me' }),
    );
    expect(await readPreview(audio, new Date().toISOString())).toEqual({ status: 'ready', text: 'call' });
    await writeFile(previewPath(audio), '{not json');
    expect(await readPreview(audio, new Date().toISOString())).toEqual({ status: 'failed' });
  });

  it('is pending until written, for a while after the deposit only', async () => {
    const audio = path.join(dir, 'abc.wav');
    const now = Date.now();
    expect(await readPreview(audio, new Date(now - 1000).toISOString(), now)).toEqual({ status: 'pending' });
    expect(await readPreview(audio, new Date(now - PENDING_MS).toISOString(), now)).toEqual({
      status: 'failed',
    });
    await writePreview(audio, { status: 'ready', text: 'please call me back' });
    expect(JSON.parse(await readFile(previewPath(audio), 'utf8'))).toEqual({
      version: 1,
      status: 'ready',
      text: 'please call me back',
    });
  });
});

describe('the recogniser process', () => {
  it('is killed when it runs out of time', async () => {
    const command = await fakeRecogniser('sleep 30');
    await expect(transcribe(new Int16Array(160), { command, timeoutMs: 200 })).rejects.toThrow(/timed out/);
  });

  it('fails on a non-zero exit', async () => {
    const command = await fakeRecogniser('echo hello; exit 3');
    await expect(transcribe(new Int16Array(160), { command })).rejects.toThrow(/exited with 3/);
  });

  it('writes a failed preview for a narrowband message and for nothing recognised, the text otherwise', async () => {
    const audio = (id: string) => path.join(dir, `${id}.wav`);
    const written: string[] = [];
    let finished: () => void = () => {};
    const done = new Promise<void>((resolve) => (finished = resolve));
    const queue = new PreviewQueue({
      audioPath: (_user, id) => audio(id),
      log: () => {},
      command: await fakeRecogniser(
        'if [ -s "$2" ] && [ $(stat -c %s "$2") -gt 400 ]; then echo "Call me <i>back</i> soon"; fi',
      ),
      onWritten: (_user, id, status) => {
        written.push(`${id}:${status}`);
        if (written.length === 3) finished();
      },
    });
    queue.enqueue('bob', 'a1', undefined);
    queue.enqueue('bob', 'a2', new Int16Array(100)); // a tiny file: the stand-in prints nothing
    queue.enqueue('bob', 'a3', new Int16Array(16000));
    await done;
    expect(written).toEqual(['a1:failed', 'a2:failed', 'a3:ready']);
    expect(await readPreview(audio('a3'), new Date().toISOString())).toEqual({
      status: 'ready',
      text: 'call me soon',
    });
    await queue.stop();
  });
});
