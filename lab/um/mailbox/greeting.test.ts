import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GREETING_FILE, MAX_GREETING_SECONDS, loadGreeting, saveGreeting } from './greeting';
import { MailboxStore } from './store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'um-greeting-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('personal greeting (issue 18)', () => {
  it('is kept per mailbox, survives the store’s start-up sweep, and the newest one wins', async () => {
    let store = await MailboxStore.open(dir, ['alice', 'bob'], () => undefined);
    expect(await loadGreeting(store, 'bob')).toBeUndefined();
    await saveGreeting(store, 'bob', Buffer.alloc(16000, 0x55));
    await saveGreeting(store, 'bob', Buffer.alloc(24000, 0x66));
    store.close();
    // a restart sweeps files the message list does not name: the greeting is not one of them
    store = await MailboxStore.open(dir, ['alice', 'bob'], () => undefined);
    expect(await loadGreeting(store, 'bob')).toEqual(Buffer.alloc(24000, 0x66));
    expect(await loadGreeting(store, 'alice')).toBeUndefined();
    expect(path.basename(GREETING_FILE)).toBe(GREETING_FILE);
    store.close();
  });

  it('is cut to the maximum length, and only a known mailbox has one', async () => {
    const store = await MailboxStore.open(dir, ['bob'], () => undefined);
    await saveGreeting(store, 'bob', Buffer.alloc((MAX_GREETING_SECONDS + 5) * 8000, 0x55));
    expect((await loadGreeting(store, 'bob'))?.length).toBe(MAX_GREETING_SECONDS * 8000);
    await expect(saveGreeting(store, '../bob', Buffer.alloc(8000))).rejects.toThrow(/no mailbox/);
    expect(await loadGreeting(store, '../etc')).toBeUndefined();
    store.close();
  });
});
