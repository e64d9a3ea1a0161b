/**
 * Where a message's preview lives: `<id>.preview.json` beside its `<id>.wav`
 * in the mailbox directory, written crash-safe. What is read back is
 * checked and cleaned again (a file on disk is no more trusted than the
 * recogniser's output).
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../mailbox/atomic-file';
import { cleanTranscript } from './preview';

/** A message's preview as the web API shows it. */
export type PreviewView = { status: 'pending' } | { status: 'ready'; text: string } | { status: 'failed' };

/** How long after a deposit a missing preview counts as still being made. */
export const PENDING_MS = 2 * 60_000;
const MAX_FILE_BYTES = 8 * 1024;

export function previewPath(audioPath: string): string {
  return audioPath.replace(/\.wav$/, '.preview.json');
}

export async function writePreview(
  audioPath: string,
  preview: { status: 'ready'; text: string } | { status: 'failed' },
): Promise<void> {
  const text = preview.status === 'ready' ? cleanTranscript(preview.text) : '';
  const stored = text ? { version: 1, status: 'ready', text } : { version: 1, status: 'failed' };
  await writeFileAtomic(previewPath(audioPath), Buffer.from(JSON.stringify(stored)));
}

export async function readPreview(
  audioPath: string,
  receivedAt: string,
  now = Date.now(),
): Promise<PreviewView> {
  let raw: Buffer;
  try {
    raw = await readFile(previewPath(audioPath));
  } catch {
    const age = now - Date.parse(receivedAt);
    return age >= 0 && age < PENDING_MS ? { status: 'pending' } : { status: 'failed' };
  }
  if (raw.length > MAX_FILE_BYTES) return { status: 'failed' };
  try {
    const data = JSON.parse(raw.toString('utf8')) as { version?: unknown; status?: unknown; text?: unknown };
    if (data.version === 1 && data.status === 'ready' && typeof data.text === 'string') {
      const text = cleanTranscript(data.text);
      if (text) return { status: 'ready', text };
    }
  } catch {
    // unreadable: no preview
  }
  return { status: 'failed' };
}
