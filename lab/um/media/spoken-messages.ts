/**
 * The lab's spoken test messages: what a caller says into voicemail, spoken
 * by festival's HTS voice (Debian `festival` + `festvox-us-slt-hts`), a
 * natural voice the 16 kHz pocketsphinx model understands (espeak-ng's does
 * not: LAB-NOTES). Used by the preview e2e journey and preview-wer.ts.
 */
import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';

export const SPOKEN_MESSAGES: readonly string[] = [
  'hi bob this is alice please call me back about the budget review before friday',
  'hello this is carol from the front desk your package has arrived',
  "good morning it is dave the meeting has moved to three o'clock in room four",
  'hi it is alice again i sent you the numbers please check them today',
  'this is the help desk your new password is ready please call us back',
];

/** Speaks `text` into a 16 kHz 16-bit mono WAV file at `file`. */
export async function speakToWav(text: string, file: string): Promise<void> {
  const textFile = `${file}.txt`;
  await writeFile(textFile, `${text}\n`);
  try {
    await promisify(execFile)(
      'text2wave',
      ['-eval', '(voice_cmu_us_slt_arctic_hts)', '-otype', 'riff', '-F', '16000', '-o', file, textFile],
      { timeout: 60_000 },
    );
  } catch (error) {
    throw new Error(`text2wave failed (festival + festvox-us-slt-hts installed?): ${String(error)}`, {
      cause: error,
    });
  } finally {
    await rm(textFile, { force: true });
  }
}
