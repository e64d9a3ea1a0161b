/**
 * Voice prompts, spoken by espeak-ng and converted by sox to what goes on
 * the wire (`-r 8000 -c 1 -e mu-law -t raw`). Generated once into the
 * prompts dir and cached there by a hash of voice and text; announcements
 * with remote text (names, subjects) are generated on demand the same way.
 * Nothing is downloaded.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** The fixed prompts, by the name the call log uses. */
export const STATIC_PROMPTS = {
  'pin-prompt': 'Please enter your PIN, followed by the pound key.',
  'pin-wrong': 'That PIN is not correct.',
  'pin-locked': 'Too many failed attempts.',
  goodbye: 'Goodbye.',
  menu: 'To play the next message, press 1. To replay it, press 2. To delete it, press 3. To record your greeting, press 4. To end the call, press pound.',
  'no-more-messages': 'There are no more messages.',
  'no-current-message': 'No message is selected.',
  'message-deleted': 'Message deleted.',
  'invalid-choice': 'Sorry, that is not a valid choice.',
  'max-length': 'The maximum message length has been reached.',
  'play-on-phone-intro': 'This is your voice mail, playing the message you selected.',
  'message-missing': 'Sorry, this message is no longer available.',
} as const;

export type StaticPromptName = keyof typeof STATIC_PROMPTS | 'beep';

export interface PromptLibraryOptions {
  dir: string;
  /** espeak-ng voice. */
  voice?: string;
  /** Words per minute. */
  speed?: number;
  log?: (line: string) => void;
}

const MAX_TEXT = 500;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]+/g;

function run(file: string, args: string[], stdin?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: [stdin === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${file} exited with ${code}: ${stderr.trim().slice(0, 300)}`));
    });
    if (child.stdin) {
      // A child that exits early must not take the server down with EPIPE.
      child.stdin.on('error', () => {});
      // Text goes through stdin so that nothing in it can be read as an option.
      child.stdin.end(stdin);
    }
  });
}

/** Checks that espeak-ng and sox are installed (clear error at start-up instead of a silent call). */
export function checkAudioTools(): Promise<void> {
  const check = (file: string, args: string[]) =>
    new Promise<void>((resolve, reject) =>
      execFile(file, args, (error) =>
        error
          ? reject(new Error(`${file} is needed for the voice prompts (apt-get install espeak-ng sox)`))
          : resolve(),
      ),
    );
  return Promise.all([check('espeak-ng', ['--version']), check('sox', ['--version'])]).then(() => {});
}

export class PromptLibrary {
  private readonly cache = new Map<string, Promise<Buffer>>();
  private readonly voice: string;
  private readonly speed: number;

  constructor(private readonly options: PromptLibraryOptions) {
    this.voice = options.voice ?? 'en-us';
    this.speed = options.speed ?? 165;
  }

  /** Generates (or loads) every static prompt. */
  async prepare(): Promise<void> {
    await mkdir(this.options.dir, { recursive: true });
    await Promise.all([
      ...Object.keys(STATIC_PROMPTS).map((name) => this.get(name as StaticPromptName)),
      this.get('beep'),
    ]);
  }

  get(name: StaticPromptName): Promise<Buffer> {
    if (name === 'beep') return this.beep();
    return this.speak(STATIC_PROMPTS[name]);
  }

  /** Speaks any text (remote text included: control characters removed, length capped). */
  speak(text: string): Promise<Buffer> {
    const clean = text.replace(CONTROL_CHARS, ' ').slice(0, MAX_TEXT).trim() || '.';
    const key = createHash('sha256')
      .update(`${this.voice}|${this.speed}|${clean}`)
      .digest('hex')
      .slice(0, 24);
    return this.cached(key, (tmpRaw) => this.synthesize(clean, tmpRaw));
  }

  /** A 1 kHz tone of 0.4 s: "after the tone". */
  private beep(): Promise<Buffer> {
    return this.cached('beep-1000hz-400ms', (tmpRaw) =>
      run('sox', [
        '-n',
        '-r',
        '8000',
        '-c',
        '1',
        '-e',
        'mu-law',
        '-t',
        'raw',
        tmpRaw,
        'synth',
        '0.4',
        'sine',
        '1000',
        'vol',
        '0.5',
      ]),
    );
  }

  private cached(key: string, make: (tmpRaw: string) => Promise<void>): Promise<Buffer> {
    let entry = this.cache.get(key);
    if (!entry) {
      entry = this.load(key, make);
      this.cache.set(key, entry);
      entry.catch(() => this.cache.delete(key));
    }
    return entry;
  }

  private async load(key: string, make: (tmpRaw: string) => Promise<void>): Promise<Buffer> {
    const file = path.join(this.options.dir, `${key}.ulaw`);
    try {
      return await readFile(file);
    } catch {
      // not generated yet
    }
    await mkdir(this.options.dir, { recursive: true });
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await make(tmp);
      await rename(tmp, file);
    } finally {
      await rm(tmp, { force: true });
    }
    return readFile(file);
  }

  private async synthesize(text: string, tmpRaw: string): Promise<void> {
    const wav = `${tmpRaw}.wav`;
    try {
      await run('espeak-ng', ['-v', this.voice, '-s', String(this.speed), '--stdin', '-w', wav], text);
      await run('sox', [wav, '-r', '8000', '-c', '1', '-e', 'mu-law', '-t', 'raw', tmpRaw]);
    } finally {
      await rm(wav, { force: true });
    }
  }
}
