/**
 * The mailboxes on disk: `<dir>/<user>/mailbox.json` (the message list) and
 * one `<id>.wav` per message.
 *
 * Every change is crash-safe (see atomic-file.ts) and ordered so that the
 * metadata never points at a missing or partial audio file: a new message's
 * audio is written completely before the list that names it; a deleted
 * message leaves the list before its audio is removed. Start-up sweeps what
 * a crash may have left: temp files and audio no list refers to.
 *
 * Several voicemail servers may share one directory (a cluster, lab/cluster.ts; LAB_UM_SERVERS):
 * every change and the start-up sweep run under the mailbox's lock file (lock.ts) on the list as
 * it is on disk, never on a copy in memory, so no server writes back a list without another's
 * message; reads check the list's file for a newer version first, and a change written by another
 * server is reported to the listeners as 'sync' (so each server's message-waiting state follows).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { durationSeconds, mulawToWav, wavToMulaw } from '../media/audio';
import { TEMP_SUFFIX, writeFileAtomic } from './atomic-file';
import { withFileLock } from './lock';
import { summarize, type MailboxFile, type MailboxSummary, type VoiceMessage } from './types';

const MAILBOX_FILE = 'mailbox.json';
const LOCK_FILE = '.lock';
const USER_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const ID_RE = /^[0-9a-f]{16,32}$/;

export interface NewMessage {
  caller: string;
  callerName: string;
  receivedAt: Date;
  subject: string;
  priority: VoiceMessage['priority'];
  /** Mu-law samples, 8000 Hz mono. */
  audio: Buffer;
}

/** 'sync': another voicemail server sharing the directory changed the mailbox. */
export type MailboxChange = 'deposit' | 'heard' | 'unheard' | 'delete' | 'trash' | 'restore' | 'sync';

export interface MailboxStoreOptions {
  /**
   * How long a message deleted through the web API stays restorable (seconds) before it is purged
   * for good. Longer than the phone's undo window, so that an Undo sent at its last moment (or from
   * another tab) still finds the message.
   */
  trashSeconds?: number;
}

/** Default time a trashed message can still be restored. */
export const DEFAULT_TRASH_SECONDS = 60;

export class MailboxStore {
  private readonly boxes = new Map<string, VoiceMessage[]>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly listeners: Array<(user: string, change: MailboxChange) => void> = [];
  private purgeTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** The list file's identity when it was last read or written: a different one is newer. */
  private readonly versions = new Map<string, string>();
  private readonly watchers: FSWatcher[] = [];
  /** Mailboxes this store is changing now (under their lock): their file events are its own. */
  private readonly writing = new Set<string>();

  private constructor(
    readonly dir: string,
    private readonly log: (line: string) => void,
    /** How long a trashed message stays restorable, ms. */
    readonly trashMs: number,
  ) {}

  /** Opens (creating as needed) the mailboxes of `users` under `dir`, repairing what a crash left. */
  static async open(
    dir: string,
    users: readonly string[],
    log: (line: string) => void,
    options: MailboxStoreOptions = {},
  ): Promise<MailboxStore> {
    const store = new MailboxStore(dir, log, (options.trashSeconds ?? DEFAULT_TRASH_SECONDS) * 1000);
    await mkdir(dir, { recursive: true });
    for (const user of users) {
      if (!USER_RE.test(user)) throw new Error(`invalid mailbox name ${JSON.stringify(user)}`);
      await mkdir(path.join(dir, user), { recursive: true }); // where its lock lives
      store.boxes.set(user, await withFileLock(store.lockFile(user), () => store.load(user)));
      store.watchList(user);
    }
    // Whatever expired in the trash while the server was down goes now.
    await store.purgeTrash();
    return store;
  }

  /** Stops the trash purge timer (the store can still be read). */
  close(): void {
    this.closed = true;
    clearTimeout(this.purgeTimer);
    for (const watcher of this.watchers.splice(0)) watcher.close();
  }

  has(user: string): boolean {
    return this.boxes.has(user);
  }

  get users(): string[] {
    return [...this.boxes.keys()];
  }

  /** The messages of a mailbox, oldest first (copies); trashed ones are not listed. */
  list(user: string): VoiceMessage[] {
    return this.live(user).map((m) => ({ ...m }));
  }

  /** A message of this user's mailbox (never another's); undefined when absent or trashed. */
  get(user: string, id: string): VoiceMessage | undefined {
    const message = this.live(user).find((m) => m.id === id);
    return message ? { ...message } : undefined;
  }

  summary(user: string): MailboxSummary {
    return summarize(this.live(user));
  }

  audioPath(user: string, id: string): string | undefined {
    const message = this.live(user).find((m) => m.id === id);
    return message ? path.join(this.dir, user, message.audioFile) : undefined;
  }

  private live(user: string): VoiceMessage[] {
    this.refresh(user);
    return (this.boxes.get(user) ?? []).filter((m) => m.deletedAt === undefined);
  }

  private lockFile(user: string): string {
    return path.join(this.dir, user, LOCK_FILE);
  }

  private listFile(user: string): string {
    return path.join(this.dir, user, MAILBOX_FILE);
  }

  /** The list file's identity (inode, size, mtime), '' when there is none. */
  private versionOf(user: string): string {
    try {
      const s = statSync(this.listFile(user));
      return `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch {
      return '';
    }
  }

  /**
   * Takes a list another server wrote (atomic rename: always complete). Returns true when the
   * messages differ from the ones in memory. An unreadable file keeps what is in memory.
   */
  private refresh(user: string): boolean {
    if (!this.boxes.has(user)) return false;
    const version = this.versionOf(user);
    if (version === (this.versions.get(user) ?? '')) return false;
    let messages: VoiceMessage[] = [];
    if (version !== '') {
      try {
        messages = parseMailboxFile(readFileSync(this.listFile(user), 'utf8'), user);
      } catch (error) {
        this.log(`${user}: cannot re-read ${MAILBOX_FILE}: ${String(error)}`);
        return false;
      }
    }
    this.versions.set(user, version);
    const changed = JSON.stringify(messages) !== JSON.stringify(this.boxes.get(user));
    this.boxes.set(user, messages);
    return changed;
  }

  /** Reports another server's change of the list as 'sync' (a rename into the directory). */
  private watchList(user: string): void {
    try {
      const watcher = watch(path.join(this.dir, user), { persistent: false }, (_event, name) => {
        if (name !== MAILBOX_FILE || this.closed || this.writing.has(user)) return;
        if (this.refresh(user)) this.emit(user, 'sync');
      });
      watcher.on('error', () => watcher.close());
      this.watchers.push(watcher);
    } catch (error) {
      this.log(`${user}: not watching for other servers' changes: ${String(error)}`);
    }
  }

  private emit(user: string, change: MailboxChange): void {
    for (const listener of this.listeners) {
      try {
        listener(user, change);
      } catch (error) {
        this.log(`mailbox listener failed: ${String(error)}`);
      }
    }
  }

  /** The message's mu-law samples. */
  async readAudio(user: string, id: string): Promise<Buffer> {
    const file = this.audioPath(user, id);
    if (!file) throw new Error(`no message ${id} in ${user}'s mailbox`);
    return wavToMulaw(await readFile(file));
  }

  onChange(listener: (user: string, change: MailboxChange) => void): void {
    this.listeners.push(listener);
  }

  async add(user: string, input: NewMessage): Promise<VoiceMessage> {
    return this.serialized(user, async (messages) => {
      const id = randomBytes(8).toString('hex');
      const message: VoiceMessage = {
        id,
        caller: input.caller,
        callerName: input.callerName,
        receivedAt: input.receivedAt.toISOString(),
        durationSeconds: Math.round(durationSeconds(input.audio) * 100) / 100,
        subject: input.subject,
        priority: input.priority,
        heard: false,
        audioFile: `${id}.wav`,
      };
      // Audio first, complete and durable; only then the list that names it.
      await writeFileAtomic(path.join(this.dir, user, message.audioFile), mulawToWav(input.audio));
      await this.writeList(user, [...messages, message]);
      return { result: { ...message }, change: 'deposit' };
    });
  }

  /** Marks a message heard (or, with `heard` false, new again); resolves false if it does not exist. */
  async markHeard(user: string, id: string, heard = true): Promise<boolean> {
    return this.serialized(user, async (messages) => {
      const current = messages.find((m) => m.id === id && m.deletedAt === undefined);
      if (!current) return { result: false };
      if (current.heard === heard) return { result: true };
      const next = messages.map((m) => (m.id === id ? { ...m, heard } : m));
      await this.writeList(user, next);
      return { result: true, change: heard ? 'heard' : 'unheard' };
    });
  }

  /**
   * Moves a message to the trash (the web API's delete): it leaves every list and count at once,
   * its audio stays until `trashSeconds` have passed, and `restore` brings it back until then.
   * Resolves false if it does not exist (or is already in the trash).
   */
  async trash(user: string, id: string, now = new Date()): Promise<boolean> {
    return this.serialized(user, async (messages) => {
      if (!messages.some((m) => m.id === id && m.deletedAt === undefined)) return { result: false };
      const deletedAt = now.toISOString();
      await this.writeList(
        user,
        messages.map((m) => (m.id === id ? { ...m, deletedAt } : m)),
      );
      this.schedulePurge();
      return { result: true, change: 'trash' };
    });
  }

  /** Takes a message out of the trash; resolves false if it is not there (never deleted, or purged). */
  async restore(user: string, id: string): Promise<boolean> {
    return this.serialized(user, async (messages) => {
      if (!messages.some((m) => m.id === id && m.deletedAt !== undefined)) return { result: false };
      await this.writeList(
        user,
        messages.map((m) => {
          if (m.id !== id) return m;
          const { deletedAt: _deletedAt, ...rest } = m;
          return rest;
        }),
      );
      return { result: true, change: 'restore' };
    });
  }

  /** Deletes for good every trashed message older than `trashSeconds`. */
  async purgeTrash(now = Date.now()): Promise<void> {
    for (const [user, messages] of this.boxes) {
      for (const m of messages) {
        if (m.deletedAt !== undefined && Date.parse(m.deletedAt) + this.trashMs <= now)
          await this.delete(user, m.id, 'trash').catch((error: unknown) =>
            this.log(`${user}: cannot purge ${m.id}: ${String(error)}`),
          );
      }
    }
    this.schedulePurge();
  }

  /** Arms one timer for the next trashed message to expire. */
  private schedulePurge(): void {
    clearTimeout(this.purgeTimer);
    if (this.closed) return;
    let next = Infinity;
    for (const messages of this.boxes.values())
      for (const m of messages)
        if (m.deletedAt !== undefined) next = Math.min(next, Date.parse(m.deletedAt) + this.trashMs);
    if (next === Infinity) return;
    this.purgeTimer = setTimeout(() => void this.purgeTrash(), Math.max(0, next - Date.now()) + 50);
    this.purgeTimer.unref();
  }

  /**
   * Deletes a message for good: a live one (the phone menu's delete), or with `from` 'trash' a
   * trashed one (the purge; a message restored meanwhile is left alone). Resolves false if absent.
   */
  async delete(user: string, id: string, from: 'live' | 'trash' = 'live'): Promise<boolean> {
    return this.serialized(user, async (messages) => {
      const message = messages.find((m) => m.id === id && (m.deletedAt !== undefined) === (from === 'trash'));
      if (!message) return { result: false };
      await this.writeList(
        user,
        messages.filter((m) => m.id !== id),
      );
      // The list no longer names it: a crash here leaves an orphan that open() sweeps.
      await rm(path.join(this.dir, user, message.audioFile), { force: true });
      // and its Voice Mail Preview beside it (media/preview-store.ts)
      await rm(path.join(this.dir, user, `${message.id}.preview.json`), { force: true });
      return { result: true, change: 'delete' };
    });
  }

  /** Resolves when every queued change has been written. */
  async flush(): Promise<void> {
    await Promise.all([...this.queues.values()].map((p) => p.catch(() => {})));
  }

  private async serialized<T>(
    user: string,
    work: (messages: VoiceMessage[]) => Promise<{ result: T; change?: MailboxChange }>,
  ): Promise<T> {
    if (!this.boxes.has(user)) throw new Error(`no mailbox ${JSON.stringify(user)}`);
    const previous = this.queues.get(user) ?? Promise.resolve();
    const run = previous
      .catch(() => {})
      .then(async () => {
        // Under the lock, on the list as it is on disk now (another server may have changed it).
        const { result, change } = await withFileLock(this.lockFile(user), async () => {
          this.writing.add(user);
          try {
            this.refresh(user);
            return await work(this.boxes.get(user) ?? []);
          } finally {
            this.writing.delete(user);
          }
        });
        if (change) this.emit(user, change);
        return result;
      });
    this.queues.set(user, run);
    return run;
  }

  private async writeList(user: string, messages: VoiceMessage[]): Promise<void> {
    const file: MailboxFile = { version: 1, user, messages };
    await writeFileAtomic(this.listFile(user), `${JSON.stringify(file, null, 2)}\n`);
    this.boxes.set(user, messages);
    this.versions.set(user, this.versionOf(user));
  }

  private async load(user: string): Promise<VoiceMessage[]> {
    const boxDir = path.join(this.dir, user);
    await mkdir(boxDir, { recursive: true });
    const names = await readdir(boxDir);
    for (const name of names) {
      if (name.endsWith(TEMP_SUFFIX)) {
        this.log(`${user}: removing unfinished write ${name}`);
        await rm(path.join(boxDir, name), { force: true });
      }
    }
    let messages: VoiceMessage[] = [];
    const listFile = path.join(boxDir, MAILBOX_FILE);
    let text: string | undefined;
    try {
      text = await readFile(listFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text !== undefined) {
      try {
        messages = parseMailboxFile(text, user);
      } catch (error) {
        // Cannot happen with atomic writes; keep the evidence rather than lose it.
        const aside = `${listFile}.corrupt-${Date.now()}`;
        this.log(`${user}: unreadable ${MAILBOX_FILE} (${String(error)}), moved to ${aside}`);
        await rename(listFile, aside);
        messages = [];
      }
    }
    const present: VoiceMessage[] = [];
    for (const message of messages) {
      const ok = await stat(path.join(boxDir, message.audioFile)).then(
        (s) => s.isFile() && s.size > 0,
        () => false,
      );
      if (ok) present.push(message);
      else this.log(`${user}: message ${message.id} has no audio file; dropped`);
    }
    this.versions.set(user, this.versionOf(user));
    const referenced = new Set(present.map((m) => m.audioFile));
    for (const name of await readdir(boxDir)) {
      const previewOf = /^(.+)\.preview\.json$/.exec(name)?.[1];
      if (previewOf !== undefined && !referenced.has(`${previewOf}.wav`)) {
        await rm(path.join(boxDir, name), { force: true }); // a deleted message's preview
        continue;
      }
      if (name.endsWith('.wav') && !referenced.has(name)) {
        this.log(`${user}: removing orphan audio ${name}`);
        await rm(path.join(boxDir, name), { force: true });
      }
    }
    return present;
  }
}

/** Validates a mailbox.json; throws on anything unexpected. */
export function parseMailboxFile(text: string, user: string): VoiceMessage[] {
  const data = JSON.parse(text) as Partial<MailboxFile>;
  if (data.version !== 1 || data.user !== user || !Array.isArray(data.messages))
    throw new Error('not a version 1 mailbox file for this user');
  return data.messages.map((m: Partial<VoiceMessage>) => {
    if (
      typeof m.id !== 'string' ||
      !ID_RE.test(m.id) ||
      typeof m.caller !== 'string' ||
      typeof m.callerName !== 'string' ||
      typeof m.receivedAt !== 'string' ||
      typeof m.durationSeconds !== 'number' ||
      typeof m.subject !== 'string' ||
      (m.priority !== 'urgent' && m.priority !== 'normal') ||
      typeof m.heard !== 'boolean' ||
      m.audioFile !== `${m.id}.wav` ||
      (m.deletedAt !== undefined &&
        (typeof m.deletedAt !== 'string' || Number.isNaN(Date.parse(m.deletedAt))))
    )
      throw new Error(`bad message entry ${JSON.stringify(m).slice(0, 200)}`);
    return {
      id: m.id,
      caller: m.caller,
      callerName: m.callerName,
      receivedAt: m.receivedAt,
      durationSeconds: m.durationSeconds,
      subject: m.subject,
      priority: m.priority,
      heard: m.heard,
      audioFile: m.audioFile,
      ...(m.deletedAt !== undefined ? { deletedAt: m.deletedAt } : {}),
    };
  });
}
