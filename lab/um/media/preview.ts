/**
 * Voice mail preview: the recording's words, recognised offline by Debian's
 * pocketsphinx (`pocketsphinx_continuous` with `pocketsphinx-en-us`, a
 * 16 kHz model; no network, nothing downloaded) in a child process after the
 * deposit ends, never on the SIP path. The process is bounded in time and in
 * output, and what it prints is untrusted text: only words are kept.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pcm16ToWav } from './audio';
import { WIDEBAND_RATE } from './recorder';

const MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';
/** Longest preview kept (characters); a 60 s message is ~150 words. */
export const MAX_PREVIEW_CHARS = 1000;
const MAX_OUTPUT_BYTES = 64 * 1024;

export interface TranscribeOptions {
  /** Killed (SIGKILL) after this long; the preview then fails. Default 60 s. */
  timeoutMs?: number;
  /** The recogniser's executable. Default pocketsphinx_continuous. */
  command?: string;
  /** Kills the recogniser (server shutdown). */
  signal?: AbortSignal;
}

/**
 * Recognised text as the preview keeps it: lower-case letters, digits and apostrophes inside
 * words, single spaces, at most MAX_PREVIEW_CHARS; '' when nothing is left.
 */
export function cleanTranscript(raw: string): string {
  const words = raw
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/\(\d+\)$/, '')) // alternate pronunciations: "the(2)"
    .filter((w) => /^[a-z0-9]+('[a-z]+)?$/.test(w));
  let text = '';
  for (const w of words) {
    if (text.length + w.length + 1 > MAX_PREVIEW_CHARS) break;
    text = text ? `${text} ${w}` : w;
  }
  return text;
}

/**
 * Transcribes 16 kHz mono speech; resolves with the cleaned text ('' when nothing was recognised)
 * or rejects when the recogniser is missing, fails, or runs out of time.
 */
export async function transcribe(samples: Int16Array, options: TranscribeOptions = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'um-preview-'));
  try {
    const file = path.join(dir, 'message.wav');
    await writeFile(file, pcm16ToWav(samples, WIDEBAND_RATE));
    const output = await run(
      options.command ?? 'pocketsphinx_continuous',
      [
        '-infile',
        file,
        '-hmm',
        path.join(MODEL_DIR, 'en-us'),
        '-lm',
        path.join(MODEL_DIR, 'en-us.lm.bin'),
        '-dict',
        path.join(MODEL_DIR, 'cmudict-en-us.dict'),
        '-samprate',
        String(WIDEBAND_RATE),
        '-logfn',
        '/dev/null',
      ],
      options.timeoutMs ?? 60_000,
      options.signal,
    );
    return cleanTranscript(output);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], timeoutMs: number, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      ...(signal ? { signal, killSignal: 'SIGKILL' as const } : {}),
    });
    const chunks: Buffer[] = [];
    let bytes = 0;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`recogniser timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= MAX_OUTPUT_BYTES) chunks.push(chunk);
      else child.kill('SIGKILL');
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, killedBy) => {
      clearTimeout(timer);
      if (code === 0) resolve(Buffer.concat(chunks).toString('utf8'));
      else reject(new Error(`recogniser exited with ${code ?? killedBy}`));
    });
  });
}
