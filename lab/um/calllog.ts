/**
 * The record of every call the server handled: what it decided (skip-pin),
 * what it said (prompt names in order), what it heard (DTMF digits) and how
 * the call ended. In memory; exposed to tests and through GET /um/calls.
 */
import { randomBytes } from 'node:crypto';

export type CallKind = 'subscriber-access' | 'deposit' | 'play-on-phone';

export type CallOutcome =
  | 'in-progress'
  /** Subscriber access ended by the caller's # or * (goodbye + BYE). */
  | 'completed'
  /** The caller hung up (BYE) before the server ended the call. */
  | 'caller-hung-up'
  /** Three wrong PINs: goodbye + BYE. */
  | 'pin-failed'
  /** The mailbox takes no PIN for now (too many wrong ones across calls): goodbye + BYE. */
  | 'pin-locked'
  /** No input for too long: goodbye + BYE. */
  | 'timeout'
  /** Deposit saved (caller hung up, or the maximum length was reached). */
  | 'message-saved'
  /** Deposit too short to keep. */
  | 'message-too-short'
  /** Play-On-Phone: the message was played and the server hung up. */
  | 'played'
  /** Play-On-Phone: busy, unavailable, not answered, or cancelled. */
  | 'not-answered'
  | 'cancelled'
  /** The INVITE was refused (unknown mailbox, no usable codec, ...). */
  | 'rejected'
  /** Media never connected, or another error. */
  | 'failed'
  /** The server was stopped during the call. */
  | 'server-shutdown';

export interface CallLogEntry {
  /** Server-side id (for Play-On-Phone the API's callId). */
  id: string;
  /** SIP Call-ID. */
  sipCallId: string;
  kind: CallKind;
  /** The mailbox the call was about. */
  mailbox: string;
  /** The calling party's URI (for Play-On-Phone: the dialed AOR). */
  caller: string;
  callerName: string;
  startedAt: string;
  endedAt: string | undefined;
  /** An `Ms-Exchange-Command: skip-pin` header was present. */
  skipPinRequested: boolean;
  /** The PIN prompt was skipped because of it (MS-OCEXUM 3.1). */
  skipPinHonoured: boolean;
  /** The call reached the mailbox by diversion (Diversion header). */
  diverted: boolean;
  /** Prompt names in the order they were played. */
  prompts: string[];
  /** DTMF digits in the order they were received. */
  digits: string[];
  outcome: CallOutcome;
  /** Details: SIP status of a refused/failed call, deposit message id, etc. */
  detail: string;
  /** The deposited or played message. */
  messageId: string | undefined;
  /** RTP counters at the end of the call. */
  media: { framesSent: number; audioPacketsReceived: number; dtmfPacketsReceived: number } | undefined;
}

const MAX_ENTRIES = 1000;

export class CallLog {
  private readonly items: CallLogEntry[] = [];
  private readonly listeners = new Set<(entry: CallLogEntry) => void>();

  get entries(): readonly CallLogEntry[] {
    return this.items;
  }

  start(
    init: Pick<CallLogEntry, 'kind' | 'mailbox' | 'caller' | 'sipCallId'> & Partial<CallLogEntry>,
  ): CallLogEntry {
    const entry: CallLogEntry = {
      id: init.id ?? randomBytes(8).toString('hex'),
      sipCallId: init.sipCallId,
      kind: init.kind,
      mailbox: init.mailbox,
      caller: init.caller,
      callerName: init.callerName ?? '',
      startedAt: new Date().toISOString(),
      endedAt: undefined,
      skipPinRequested: init.skipPinRequested ?? false,
      skipPinHonoured: init.skipPinHonoured ?? false,
      diverted: init.diverted ?? false,
      prompts: [],
      digits: [],
      outcome: 'in-progress',
      detail: init.detail ?? '',
      messageId: undefined,
      media: undefined,
    };
    this.items.push(entry);
    if (this.items.length > MAX_ENTRIES) this.items.shift();
    this.changed(entry);
    return entry;
  }

  /** Records the end of a call (only the first outcome counts). */
  finish(entry: CallLogEntry, outcome: CallOutcome, detail?: string): void {
    if (entry.outcome !== 'in-progress') return;
    entry.outcome = outcome;
    entry.endedAt = new Date().toISOString();
    if (detail !== undefined) entry.detail = detail;
    this.changed(entry);
  }

  changed(entry: CallLogEntry): void {
    for (const listener of this.listeners) listener(entry);
  }

  forMailbox(user: string): CallLogEntry[] {
    return this.items.filter((e) => e.mailbox === user);
  }

  find(id: string): CallLogEntry | undefined {
    return this.items.find((e) => e.id === id);
  }

  /** Calls `listener` on every new entry and every change; returns the unsubscribe function. */
  subscribe(listener: (entry: CallLogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the first entry (present or future) matching `predicate`. */
  waitFor(predicate: (entry: CallLogEntry) => boolean, timeoutMs = 10000): Promise<CallLogEntry> {
    const found = this.items.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`no matching call log entry within ${timeoutMs} ms`));
      }, timeoutMs);
      const unsubscribe = this.subscribe((entry) => {
        if (!predicate(entry)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(entry);
      });
    });
  }
}
