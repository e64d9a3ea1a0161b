/**
 * The preview's word error rate over the lab's spoken test messages
 * (issue 18): each sentence is spoken by festival's HTS voice at 16 kHz and
 * recognised by the same code the voicemail server runs after a deposit
 * (`transcribe`), once as wideband speech (what an Opus deposit gives) and
 * once through 8 kHz PCMU and back (what a narrowband deposit would give),
 * to show why the server wants wideband.
 *
 *   node --import tsx lab/um/media/preview-wer.ts
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { transcribe } from './preview';
import { SPOKEN_MESSAGES, speakToWav } from './spoken-messages';
import { wordErrorRate } from './wer';

/** The 16-bit samples of a mono PCM WAV file. */
function pcmSamples(file: Buffer): Int16Array {
  let offset = 12;
  while (offset + 8 <= file.length) {
    const id = file.toString('ascii', offset, offset + 4);
    const size = file.readUInt32LE(offset + 4);
    if (id === 'data') {
      const data = file.subarray(offset + 8, Math.min(file.length, offset + 8 + size));
      const samples = new Int16Array(Math.floor(data.length / 2));
      for (let i = 0; i < samples.length; i++) samples[i] = data.readInt16LE(i * 2);
      return samples;
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error('no data chunk');
}

const dir = await mkdtemp(path.join(tmpdir(), 'preview-wer-'));
const sox = promisify(execFile);
const totals = { wide: { errors: 0, words: 0 }, narrow: { errors: 0, words: 0 } };
try {
  for (const [i, sentence] of SPOKEN_MESSAGES.entries()) {
    const wide = path.join(dir, `m${i}.wav`);
    const narrow = path.join(dir, `m${i}-pcmu.wav`);
    const back = path.join(dir, `m${i}-pcmu16.wav`);
    await speakToWav(sentence, wide);
    await sox('sox', [wide, '-r', '8000', '-e', 'mu-law', narrow]);
    await sox('sox', [narrow, '-r', '16000', '-e', 'signed-integer', '-b', '16', back]);
    for (const [kind, file] of [
      ['wide', wide],
      ['narrow', back],
    ] as const) {
      const heard = await transcribe(pcmSamples(await readFile(file)), { timeoutMs: 60_000 }).catch(() => '');
      const rate = wordErrorRate(sentence, heard);
      totals[kind].errors += rate.errors;
      totals[kind].words += rate.words;
      console.log(`${kind === 'wide' ? '16 kHz' : ' 8 kHz'} ${rate.errors}/${rate.words}  said: ${sentence}`);
      console.log(`              heard: ${heard || '(nothing)'}`);
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
const pct = (t: { errors: number; words: number }) => ((100 * t.errors) / t.words).toFixed(1);
console.log(
  `WER over ${SPOKEN_MESSAGES.length} spoken messages: 16 kHz (wideband deposit) ${pct(totals.wide)} % (${totals.wide.errors}/${totals.wide.words}), 8 kHz PCMU ${pct(totals.narrow)} % (${totals.narrow.errors}/${totals.narrow.words})`,
);
