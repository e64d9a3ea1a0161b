/**
 * A lock file per mailbox, so that several voicemail servers (processes, or stores in one
 * process) sharing one mailbox directory never interleave a read-modify-write of the same list:
 * the second would write back a list without the first one's message.
 *
 * The lock is a file created with O_CREAT|O_EXCL (`wx`): exactly one creator wins, locally and on
 * NFSv3+ alike. It holds `<pid> <token> <time>`; it is released by removing it, only by its owner
 * (the token). A lock whose process is gone (a crashed server) or that is older than `staleMs`
 * is broken, so a crash never blocks the mailbox for good.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rm, stat } from 'node:fs/promises';

export interface FileLockOptions {
  /** Give up after this long (ms). Default 10 s. */
  timeoutMs?: number;
  /** A lock older than this (ms) is taken to be left over. Default 30 s (far above any write). */
  staleMs?: number;
}

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Whether the lock file's content names a holder that is gone or too old. */
export function isStale(content: string, staleMs: number, now = Date.now()): boolean {
  const m = /^(\d+) ([0-9a-f]+) (\d+)$/.exec(content.trim());
  if (!m) return true; // unreadable: a holder writes all of it at once, so it is leftover junk
  const [, pid, , at] = m;
  return processGone(Number(pid)) || now - Number(at) > staleMs;
}

async function acquire(lockFile: string, options: FileLockOptions): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const staleMs = options.staleMs ?? 30_000;
  const token = randomBytes(8).toString('hex');
  const deadline = Date.now() + timeoutMs;
  let wait = 5;
  for (;;) {
    try {
      const handle = await open(lockFile, 'wx', 0o600);
      try {
        await handle.writeFile(`${process.pid} ${token} ${Date.now()}\n`);
      } finally {
        await handle.close();
      }
      return token;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const content = await readFile(lockFile, 'utf8').catch(() => undefined);
    // undefined: released meanwhile. Empty: its creator is writing it, or died doing so (then
    // the file stays old).
    const leftover =
      content === ''
        ? await stat(lockFile).then(
            (s) => Date.now() - s.mtimeMs > 1000,
            () => false,
          )
        : content !== undefined && isStale(content, staleMs);
    if (leftover) {
      await rm(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`mailbox lock ${lockFile} still held after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait = Math.min(wait * 2, 50);
  }
}

async function release(lockFile: string, token: string): Promise<void> {
  const content = await readFile(lockFile, 'utf8').catch(() => '');
  if (content.split(' ')[1] === token) await rm(lockFile, { force: true });
}

/** Runs `work` while holding the lock file; releases it whatever `work` does. */
export async function withFileLock<T>(
  lockFile: string,
  work: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const token = await acquire(lockFile, options);
  try {
    return await work();
  } finally {
    await release(lockFile, token);
  }
}
