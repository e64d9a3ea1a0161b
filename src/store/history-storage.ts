/**
 * Call history kept in the browser (localStorage), one list per address of record, so two people
 * sharing a browser never see each other's calls.
 *
 * Stored shape, version 1: `{ "v": 1, "calls": StoredCall[] }`, newest first, under
 * `um-phone.history.v1:<aor>`. Whatever is found there is treated as untrusted input: a corrupt
 * document reads as an empty history, a malformed entry is dropped, over-long text is cut.
 *
 * Why a call ended is kept twice: `ended`, the typed reason the history renders in the user's
 * current language (history-end-reason.ts), and `endReason`, its English text (the embed API's
 * words, and what entries written before `ended` existed hold; those are read back into a typed
 * reason where the text is one).
 */
import type { CallAnswerer, CallPurpose, CallReport } from '../protocol';
import type { CallInfo } from '../sip/call-state';
import { endReasonFromStored, endReasonFromText, storedEndReason } from './history-end-reason';

export const HISTORY_SCHEMA_VERSION = 1;
/** At most this many calls are kept per AOR. */
export const HISTORY_LIMIT = 200;
/** And at most this many characters of JSON (localStorage is ~5 MB per origin, shared with the host page when embedded). */
export const HISTORY_MAX_CHARS = 256 * 1024;

const KEY_PREFIX = `um-phone.history.v${HISTORY_SCHEMA_VERSION}:`;
const MAX_TEXT = 512;
const PURPOSES: readonly CallPurpose[] = ['call', 'voicemail', 'leave-message', 'play-on-phone'];

type HistoryStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** An AOR as the browser's storage keys spell it: case and surrounding spaces don't make a different person. */
export function storedAor(aor: string): string {
  return aor.trim().toLowerCase();
}

/** The storage key for one AOR's history. */
export function historyKey(aor: string): string {
  return KEY_PREFIX + storedAor(aor);
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v.slice(0, MAX_TEXT) : undefined;
}

function time(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}

const REPORT_TYPES: readonly CallReport['type'][] = ['missed', 'answered', 'forbidden'];
/** Who answered an outgoing call (src/protocol/call-diversion): a voice message left shows as one. */
const ANSWERERS: readonly CallAnswerer[] = ['callee', 'forwarded', 'voicemail'];

/** A stored MS-EUMR 3.2 report back to a CallReport, or undefined when it isn't one. */
function reportFromStored(raw: unknown): CallReport | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const o = raw as Record<string, unknown>;
  const type = REPORT_TYPES.find((t) => t === o.type);
  const reportedAt = time(o.reportedAt);
  if (!type || reportedAt === undefined) return undefined;
  return {
    type,
    missedReason:
      o.missedReason === 'CallerReleased' || o.missedReason === 'Declined' ? o.missedReason : undefined,
    target: text(o.target),
    answeredBy: text(o.answeredBy),
    reportedAt,
  };
}

/** One stored entry back to a CallInfo, or undefined when it isn't one. */
export function callFromStored(raw: unknown): CallInfo | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const o = raw as Record<string, unknown>;
  const id = text(o.id);
  const startedAt = time(o.startedAt);
  const direction = o.direction === 'incoming' || o.direction === 'outgoing' ? o.direction : undefined;
  if (!id || startedAt === undefined || !direction) return undefined;
  const purpose = PURPOSES.includes(o.purpose as CallPurpose) ? (o.purpose as CallPurpose) : 'call';
  const endStatus =
    typeof o.endStatus === 'number' && Number.isInteger(o.endStatus) ? o.endStatus : undefined;
  const endReason = text(o.endReason);
  return {
    id,
    direction,
    purpose,
    state: 'ended',
    peerUri: text(o.peerUri) ?? '',
    peerName: text(o.peerName),
    subject: text(o.subject),
    priority: text(o.priority),
    urgent: o.urgent === true,
    skipPin: typeof o.skipPin === 'boolean' ? o.skipPin : undefined,
    muted: false,
    held: false,
    startedAt,
    connectedAt: time(o.connectedAt),
    endedAt: time(o.endedAt),
    ended: endReasonFromStored(o.ended) ?? endReasonFromText(endReason),
    endReason,
    endStatus,
    sipCallId: text(o.sipCallId),
    report: reportFromStored(o.report),
    answeredBy: ANSWERERS.find((a) => a === o.answeredBy),
    transferredBy: text(o.transferredBy),
  };
}

/** What is written for a call: the facts the history shows, not the live-call state. */
function storedFromCall(c: CallInfo): Record<string, unknown> {
  return {
    id: c.id,
    direction: c.direction,
    purpose: c.purpose,
    peerUri: c.peerUri,
    peerName: c.peerName,
    subject: c.subject?.slice(0, MAX_TEXT),
    priority: c.priority,
    urgent: c.urgent,
    skipPin: c.skipPin,
    startedAt: c.startedAt,
    connectedAt: c.connectedAt,
    endedAt: c.endedAt,
    ended: storedEndReason(c.ended),
    endReason: c.endReason,
    endStatus: c.endStatus,
    sipCallId: c.sipCallId,
    report: c.report,
    answeredBy: c.answeredBy,
    transferredBy: c.transferredBy,
  };
}

function readRaw(storage: HistoryStorage, aor: string): CallInfo[] {
  let doc: unknown;
  try {
    doc = JSON.parse(storage.getItem(historyKey(aor)) ?? 'null');
  } catch {
    return [];
  }
  if (typeof doc !== 'object' || doc === null) return [];
  const { v, calls } = doc as { v?: unknown; calls?: unknown };
  // A newer schema written by a newer version of the app: don't guess at it.
  if (v !== HISTORY_SCHEMA_VERSION || !Array.isArray(calls)) return [];
  const seen = new Set<string>();
  const out: CallInfo[] = [];
  for (const raw of calls) {
    const call = callFromStored(raw);
    if (!call || seen.has(call.id)) continue;
    seen.add(call.id);
    out.push(call);
  }
  return out.sort((a, b) => b.startedAt - a.startedAt).slice(0, HISTORY_LIMIT);
}

/** The remembered calls of `aor`, newest first; empty when there are none or they can't be read. */
export function loadHistory(storage: HistoryStorage | undefined, aor: string): CallInfo[] {
  if (!storage) return [];
  try {
    return readRaw(storage, aor);
  } catch {
    return []; // storage access refused (sandboxed frame)
  }
}

/**
 * Remembers `calls` for `aor`. Calls another tab of the same user stored meanwhile are kept
 * (merged by id), then the list is cut to HISTORY_LIMIT entries and HISTORY_MAX_CHARS of JSON,
 * dropping the oldest. A full or disabled storage loses the write, never throws.
 */
export function saveHistory(
  storage: HistoryStorage | undefined,
  aor: string,
  calls: readonly CallInfo[],
): void {
  if (!storage) return;
  try {
    const ids = new Set(calls.map((c) => c.id));
    const merged = [...calls, ...readRaw(storage, aor).filter((c) => !ids.has(c.id))]
      .sort((a, b) => b.startedAt - a.startedAt)
      .slice(0, HISTORY_LIMIT)
      .map(storedFromCall);
    let keep = merged.length;
    for (;;) {
      const json = JSON.stringify({ v: HISTORY_SCHEMA_VERSION, calls: merged.slice(0, keep) });
      if (json.length <= HISTORY_MAX_CHARS || keep === 0) {
        try {
          storage.setItem(historyKey(aor), json);
          return;
        } catch {
          // Quota exceeded: try again with half as many.
          if (keep === 0) return;
        }
      }
      keep = Math.floor(keep / 2);
    }
  } catch {
    // Storage disabled: history lasts for this page only.
  }
}
