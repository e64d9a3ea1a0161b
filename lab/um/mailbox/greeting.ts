/**
 * A mailbox owner's personal greeting (issue 18): `<dir>/<user>/personal-greeting.mulaw`, mu-law
 * 8000 Hz mono like every message, written atomically (atomic-file.ts). Read from disk on every
 * use, so every voicemail server sharing the directory plays the newest one. Not a `.wav`: the
 * store's start-up sweep removes `.wav` files its list does not name.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-file';
import type { MailboxStore } from './store';

export const GREETING_FILE = 'personal-greeting.mulaw';
/** Longest greeting kept (seconds of 8 kHz mu-law). */
export const MAX_GREETING_SECONDS = 30;

function greetingFile(store: MailboxStore, user: string): string {
  // Only a mailbox the store knows (its names are checked when it opens): no path from the wire.
  if (!store.has(user)) throw new Error(`no mailbox ${user}`);
  return path.join(store.dir, user, GREETING_FILE);
}

export async function saveGreeting(store: MailboxStore, user: string, audio: Buffer): Promise<void> {
  await writeFileAtomic(greetingFile(store, user), audio.subarray(0, MAX_GREETING_SECONDS * 8000));
}

/** The user's greeting, or undefined when they recorded none. */
export async function loadGreeting(store: MailboxStore, user: string): Promise<Buffer | undefined> {
  try {
    const audio = await readFile(greetingFile(store, user));
    return audio.length > 0 ? audio : undefined;
  } catch {
    return undefined;
  }
}
