/**
 * Two voicemail servers sharing one mailbox directory (a cluster's LAB_UM_SERVERS): what one
 * deposits the other lists, concurrent changes never lose one another, and a lock left by a
 * crashed server does not block the mailbox.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStale } from './lock';
import { MailboxStore, type MailboxChange, type NewMessage } from './store';

let dir: string;
const stores: MailboxStore[] = [];
const quiet = () => {};

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'um-shared-store-'));
});
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(): Promise<MailboxStore> {
  const store = await MailboxStore.open(dir, ['alice', 'bob'], quiet);
  stores.push(store);
  return store;
}

function message(subject: string): NewMessage {
  return {
    caller: 'sip:alice@umphone.test',
    callerName: 'Alice',
    receivedAt: new Date(),
    subject,
    priority: 'normal',
    audio: Buffer.alloc(4000, 0x55),
  };
}

describe('MailboxStore shared by two servers', () => {
  it('lists at once what the other server deposited, and reports it as a sync', async () => {
    const first = await open();
    const second = await open();
    const changes: MailboxChange[] = [];
    const synced = new Promise<void>((resolve) =>
      second.onChange((user, change) => {
        changes.push(change);
        if (user === 'bob' && change === 'sync') resolve();
      }),
    );
    const saved = await first.add('bob', message('left on the second server while the first was down'));
    expect(second.list('bob').map((m) => m.id)).toEqual([saved.id]);
    expect(second.summary('bob').newMessages).toBe(1);
    expect(await second.readAudio('bob', saved.id)).toEqual(Buffer.alloc(4000, 0x55));
    await synced;
    expect(changes).toEqual(['sync']);
  });

  it('a read takes what the other server deposited even when no file event came (the re-read on every read)', async () => {
    const first = await open();
    const second = await open();
    // Without its watcher, only the read itself can notice the other server's change: this pins
    // the re-read that list/get/summary do before answering (the watcher may be late or missing).
    second.close();
    const saved = await first.add('bob', message('arrived on the other server'));
    expect(second.list('bob').map((m) => m.id)).toEqual([saved.id]);
    expect(second.get('bob', saved.id)?.subject).toBe('arrived on the other server');
    expect(second.summary('bob').newMessages).toBe(1);
    await first.markHeard('bob', saved.id);
    expect(second.summary('bob')).toMatchObject({ newMessages: 0, oldMessages: 1 });
  });

  it('keeps every message when both deposit and change the same mailbox at the same time', async () => {
    const first = await open();
    const second = await open();
    const deposits = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? first : second).add('bob', message(`m${i}`))),
    );
    // Both change the same messages too: heard on one, trashed on the other.
    await Promise.all([
      first.markHeard('bob', deposits[1]?.id ?? ''),
      second.trash('bob', deposits[2]?.id ?? ''),
      first.markHeard('bob', deposits[3]?.id ?? ''),
      second.add('bob', message('last')),
    ]);
    const reopened = await open();
    const listed = reopened.list('bob');
    expect(listed).toHaveLength(12); // 12 + 1 - 1 trashed
    expect(new Set(listed.map((m) => m.subject))).toEqual(
      new Set([...deposits.filter((_, i) => i !== 2).map((m) => m.subject), 'last']),
    );
    expect(listed.filter((m) => m.heard).map((m) => m.id)).toEqual([deposits[1]?.id, deposits[3]?.id]);
    expect(first.list('bob')).toEqual(listed);
    expect(second.list('bob')).toEqual(listed);
  });

  it('breaks a lock its crashed holder left behind, and only such a lock', async () => {
    const gone = spawn(process.execPath, ['-e', '']);
    const pid = await new Promise<number>((resolve) => gone.once('exit', () => resolve(gone.pid ?? 0)));
    const lockFile = path.join(dir, 'bob', '.lock');
    await open(); // creates the mailbox directories
    writeFileSync(lockFile, `${pid} 0123456789abcdef ${Date.now()}\n`);
    const store = await open();
    await store.add('bob', message('after a crash'));
    expect(store.list('bob')).toHaveLength(1);
    expect(existsSync(lockFile)).toBe(false);
    // A live holder's lock is not stale; an old one or garbage is.
    expect(isStale(`${process.pid} 0123456789abcdef ${Date.now()}`, 30_000)).toBe(false);
    expect(isStale(`${process.pid} 0123456789abcdef ${Date.now() - 60_000}`, 30_000)).toBe(true);
    expect(isStale('garbage', 30_000)).toBe(true);
  });
});
