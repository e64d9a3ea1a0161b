import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mulawToWav } from '../media/audio';
import { MailboxStore, parseMailboxFile, type NewMessage } from './store';
import { summarize } from './types';

const HERE = path.dirname(fileURLToPath(import.meta.url));
let dir: string;
const logs: string[] = [];
const log = (line: string) => logs.push(line);

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'um-store-'));
  logs.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function message(overrides: Partial<NewMessage> = {}): NewMessage {
  return {
    caller: 'sip:alice@umphone.test',
    callerName: 'Alice Example',
    receivedAt: new Date('2026-03-02T15:04:00Z'),
    subject: 'Quarterly numbers',
    priority: 'urgent',
    audio: Buffer.alloc(16000, 0x55),
    ...overrides,
  };
}

describe('MailboxStore', () => {
  it('stores a message with its audio and metadata, and finds it again after a restart', async () => {
    const store = await MailboxStore.open(dir, ['alice', 'bob'], log);
    const saved = await store.add('bob', message());
    expect(saved).toMatchObject({
      caller: 'sip:alice@umphone.test',
      durationSeconds: 2,
      heard: false,
      priority: 'urgent',
    });
    const reopened = await MailboxStore.open(dir, ['alice', 'bob'], log);
    expect(reopened.list('bob')).toEqual([saved]);
    expect(reopened.list('alice')).toEqual([]);
    expect(await reopened.readAudio('bob', saved.id)).toEqual(Buffer.alloc(16000, 0x55));
    // The audio is a WAV file that tools (sox) can read: mu-law, 8000 Hz, mono.
    const wav = readFileSync(reopened.audioPath('bob', saved.id) ?? '');
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt16LE(20)).toBe(7);
  });

  it('marks heard and deletes, persistently, and reports every change', async () => {
    const store = await MailboxStore.open(dir, ['bob'], log);
    const changes: string[] = [];
    store.onChange((user, change) => changes.push(`${user}:${change}`));
    const a = await store.add('bob', message({ priority: 'normal' }));
    const b = await store.add('bob', message());
    expect(store.summary('bob')).toEqual({ newMessages: 2, oldMessages: 0, urgentNew: 1, urgentOld: 0 });
    expect(await store.markHeard('bob', b.id)).toBe(true);
    expect(await store.delete('bob', a.id)).toBe(true);
    expect(await store.delete('bob', a.id)).toBe(false);
    expect(await store.markHeard('bob', 'ffffffffffffffff')).toBe(false);
    expect(changes).toEqual(['bob:deposit', 'bob:deposit', 'bob:heard', 'bob:delete']);
    const reopened = await MailboxStore.open(dir, ['bob'], log);
    expect(reopened.list('bob').map((m) => [m.id, m.heard])).toEqual([[b.id, true]]);
    expect(reopened.summary('bob')).toEqual({ newMessages: 0, oldMessages: 1, urgentNew: 0, urgentOld: 1 });
    expect(readdirSync(path.join(dir, 'bob')).sort()).toEqual([`${b.id}.wav`, 'mailbox.json'].sort());
  });

  it('trashes (hidden, uncounted, restorable across a restart) and purges after trashSeconds', async () => {
    const store = await MailboxStore.open(dir, ['bob'], log, { trashSeconds: 0.3 });
    const changes: string[] = [];
    store.onChange((user, change) => changes.push(`${user}:${change}`));
    const a = await store.add('bob', message());
    expect(await store.markHeard('bob', a.id, false)).toBe(true); // already new: no change
    expect(await store.trash('bob', a.id)).toBe(true);
    expect(store.list('bob')).toEqual([]);
    expect(store.get('bob', a.id)).toBeUndefined();
    expect(store.summary('bob').newMessages).toBe(0);
    expect(await store.markHeard('bob', a.id)).toBe(false);
    expect(await store.trash('bob', a.id)).toBe(false);
    store.close();
    const reopened = await MailboxStore.open(dir, ['bob'], log, { trashSeconds: 60 });
    expect(reopened.list('bob')).toEqual([]);
    expect(await reopened.restore('bob', a.id)).toBe(true);
    expect(reopened.list('bob').map((m) => m.id)).toEqual([a.id]);
    expect(reopened.list('bob')[0]).not.toHaveProperty('deletedAt');
    expect(await reopened.restore('bob', a.id)).toBe(false);
    reopened.close();

    const purging = await MailboxStore.open(dir, ['bob'], log, { trashSeconds: 0.2 });
    purging.onChange((user, change) => changes.push(`${user}:${change}`));
    await purging.trash('bob', a.id);
    await expect.poll(() => readdirSync(path.join(dir, 'bob')), { timeout: 3000 }).toEqual(['mailbox.json']);
    expect(await purging.restore('bob', a.id)).toBe(false);
    purging.close();
    expect(changes).toEqual(['bob:deposit', 'bob:trash', 'bob:trash', 'bob:delete']);
  });

  it('a purge never deletes a message restored meanwhile', async () => {
    const store = await MailboxStore.open(dir, ['bob'], log, { trashSeconds: 60 });
    const a = await store.add('bob', message());
    await store.trash('bob', a.id, new Date(Date.now() - 120_000));
    const restoring = store.restore('bob', a.id);
    const purge = store.purgeTrash();
    await Promise.all([restoring, purge]);
    expect(store.list('bob').map((m) => m.id)).toEqual([a.id]);
    store.close();
  });

  it('serializes concurrent changes of one mailbox', async () => {
    const store = await MailboxStore.open(dir, ['bob'], log);
    await Promise.all([...Array(10).keys()].map((i) => store.add('bob', message({ subject: `m${i}` }))));
    const reopened = await MailboxStore.open(dir, ['bob'], log);
    expect(
      reopened
        .list('bob')
        .map((m) => m.subject)
        .sort(),
    ).toEqual([...Array(10).keys()].map((i) => `m${i}`).sort());
  });

  it('refuses unknown mailboxes and unsafe names', async () => {
    const store = await MailboxStore.open(dir, ['bob'], log);
    await expect(store.add('mallory', message())).rejects.toThrow();
    await expect(MailboxStore.open(dir, ['../etc'], log)).rejects.toThrow();
  });

  describe('repairs what a crash can leave', () => {
    it('removes unfinished temp files and audio that no metadata names', async () => {
      const store = await MailboxStore.open(dir, ['bob'], log);
      const kept = await store.add('bob', message());
      // Crash after the audio was written but before the metadata: an orphan.
      writeFileSync(path.join(dir, 'bob', '0123456789abcdef.wav'), mulawToWav(Buffer.alloc(800, 1)));
      // Crash in the middle of a write: a temp file.
      writeFileSync(path.join(dir, 'bob', '.mailbox.json.1234abcd.tmp'), '{"version":1,"user":"bob","mess');
      const reopened = await MailboxStore.open(dir, ['bob'], log);
      expect(reopened.list('bob').map((m) => m.id)).toEqual([kept.id]);
      expect(readdirSync(path.join(dir, 'bob')).sort()).toEqual([`${kept.id}.wav`, 'mailbox.json'].sort());
    });

    it('drops metadata entries whose audio is missing', async () => {
      const store = await MailboxStore.open(dir, ['bob'], log);
      const a = await store.add('bob', message());
      const b = await store.add('bob', message());
      rmSync(path.join(dir, 'bob', `${a.id}.wav`));
      const reopened = await MailboxStore.open(dir, ['bob'], log);
      expect(reopened.list('bob').map((m) => m.id)).toEqual([b.id]);
    });

    it('moves an unreadable mailbox.json aside instead of crashing', async () => {
      await MailboxStore.open(dir, ['bob'], log);
      writeFileSync(path.join(dir, 'bob', 'mailbox.json'), '{not json');
      const reopened = await MailboxStore.open(dir, ['bob'], log);
      expect(reopened.list('bob')).toEqual([]);
      expect(readdirSync(path.join(dir, 'bob')).some((n) => n.startsWith('mailbox.json.corrupt-'))).toBe(
        true,
      );
    });

    it('stays consistent when the writing process is killed with SIGKILL at random moments', async () => {
      const committed = new Set<string>();
      for (let round = 0; round < 6; round++) {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', path.join(HERE, 'testing', 'crash-worker.ts'), dir],
          {
            stdio: ['ignore', 'pipe', 'inherit'],
          },
        );
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
        await new Promise<void>((resolve) => {
          const check = setInterval(() => {
            if (output.includes('ready\n')) {
              clearInterval(check);
              resolve();
            }
          }, 10);
        });
        await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 400));
        child.kill('SIGKILL');
        await new Promise((resolve) => child.once('exit', resolve));
        for (const line of output.split('\n')) {
          const [op, id] = line.split(' ');
          if (op === 'added' && id) committed.add(id);
          if ((op === 'deleting' || op === 'deleted') && id) committed.delete(id);
        }

        const store = await MailboxStore.open(dir, ['bob'], log);
        const messages = store.list('bob');
        // Every change reported as done survived the crash ...
        for (const id of committed) expect(messages.some((m) => m.id === id)).toBe(true);
        // ... and everything in the list is complete: audio exactly as deposited.
        for (const m of messages) {
          const [length, fill] = m.caller
            .replace(/^sip:/, '')
            .replace(/@test$/, '')
            .split('x')
            .map(Number);
          const audio = await store.readAudio('bob', m.id);
          expect(audio.length).toBe(length);
          expect(audio.every((b) => b === fill)).toBe(true);
          committed.add(m.id); // added but killed before it printed: now durable too
        }
        const files = readdirSync(path.join(dir, 'bob'));
        expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
        expect(files.filter((f) => f.endsWith('.wav')).sort()).toEqual(
          messages.map((m) => `${m.id}.wav`).sort(),
        );
        expect(parseMailboxFile(readFileSync(path.join(dir, 'bob', 'mailbox.json'), 'utf8'), 'bob')).toEqual(
          messages,
        );
      }
      expect(existsSync(path.join(dir, 'bob', 'mailbox.json'))).toBe(true);
    }, 60000);
  });
});

describe('summarize', () => {
  it('counts new/old and urgent (RFC 3842 Voice-Message fields)', () => {
    const base = {
      caller: '',
      callerName: '',
      receivedAt: '',
      durationSeconds: 1,
      subject: '',
      audioFile: '',
    };
    expect(
      summarize([
        { ...base, id: 'a', priority: 'urgent', heard: false },
        { ...base, id: 'b', priority: 'normal', heard: false },
        { ...base, id: 'c', priority: 'urgent', heard: true },
      ]),
    ).toEqual({ newMessages: 2, oldMessages: 1, urgentNew: 1, urgentOld: 1 });
  });
});
