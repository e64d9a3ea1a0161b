/**
 * The calls the phone did not see (or saw only in part), as the proxy reported them to the
 * voicemail server in MS-EUMR 3.2 user notifications: a missed call (3.2.4.1), a call answered by a
 * forwarding destination (3.2.4.2), a forwarding destination that refused it (3.2.4.3). The phone
 * reads them from the server's web API and folds them into its own history:
 * - a report about a call already in the history (same INVITE Call-ID) is attached to that entry;
 * - a report about a call the phone never saw (signed out, not registered) becomes an entry of its
 *   own, at the time the proxy reported it.
 * Everything in a report is remote text and is handled as such.
 */
import { displaySafeText, MAX_SUBJECT_LENGTH } from '../protocol';
import { parseNameAddr } from '../protocol/name-addr';
import type { CallReport } from '../protocol';
import type { CallInfo } from '../sip/call-state';
import type { CallEvent, VoicemailApiLike } from '../um-api/voicemail-api';

const TOKEN = /^[A-Za-z0-9.!%*_+`'~-]+$/;
const MAX_URI = 512;

function reportOf(event: CallEvent): CallReport {
  const text = (v: string | undefined) => (v ? displaySafeText(v).slice(0, MAX_URI) : undefined);
  return {
    type: event.type,
    missedReason: event.type === 'missed' ? event.missedReason : undefined,
    target: text(event.target),
    answeredBy: text(event.answeredBy),
    reportedAt: event.time,
  };
}

/** A history entry for a call only the report knows about. */
function entryOf(event: CallEvent): CallInfo {
  const from = parseNameAddr(event.caller);
  const priority = event.priority?.trim().toLowerCase();
  const validPriority = priority && TOKEN.test(priority) ? priority : undefined;
  const subject = event.subject ? displaySafeText(event.subject).slice(0, MAX_SUBJECT_LENGTH) : undefined;
  return {
    id: `report-${event.callId}`,
    direction: 'incoming',
    purpose: 'call',
    state: 'ended',
    peerUri: displaySafeText(from?.uri ?? event.caller).slice(0, MAX_URI),
    peerName: from?.displayName ? displaySafeText(from.displayName).slice(0, MAX_URI) : undefined,
    subject: subject || undefined,
    priority: validPriority,
    urgent: validPriority === 'urgent' || validPriority === 'emergency',
    muted: false,
    held: false,
    startedAt: event.time,
    endedAt: event.time,
    sipCallId: event.callId,
    report: reportOf(event),
  };
}

/** Inserts `entry` before the first entry that started earlier (the history is newest first). */
function insertByTime(history: CallInfo[], entry: CallInfo): void {
  const at = history.findIndex((c) => c.startedAt < entry.startedAt);
  history.splice(at < 0 ? history.length : at, 0, entry);
}

/**
 * `history` with `events` folded in; the same array when nothing changed. A newer report on a call
 * replaces an older one; the same report twice changes nothing. With a full history, reports older
 * than its oldest entry are left out (they would be trimmed at once).
 */
export function mergeCallReports(
  history: CallInfo[],
  events: readonly CallEvent[],
  limit: number,
): CallInfo[] {
  const result = [...history];
  let changed = false;
  const oldest = history.length >= limit ? history[history.length - 1]?.startedAt : undefined;
  // Oldest first, so that the newest report on a call is the one that stays.
  const ordered = [...events].sort((a, b) => a.time - b.time);
  for (const event of ordered) {
    const i = result.findIndex((c) => c.direction === 'incoming' && c.sipCallId === event.callId);
    if (i >= 0) {
      const current = result[i]!;
      if (current.report && current.report.reportedAt >= event.time) continue;
      result[i] = { ...current, report: reportOf(event) };
      changed = true;
      continue;
    }
    if (oldest !== undefined && event.time <= oldest) continue;
    insertByTime(result, entryOf(event));
    changed = true;
  }
  return changed ? result.slice(0, limit) : history;
}

interface ReportsIo {
  api(): VoicemailApiLike | undefined;
  history(): CallInfo[];
  setHistory(history: CallInfo[]): void;
  limit: number;
}

/** While signed in: on demand, shortly after a call the phone missed, and every few minutes. */
export const REPORTS_POLL_MS = 2 * 60 * 1000;
/** The proxy reports a missed call through a sidecar and the server: a moment after the phone saw it end. */
export const REPORTS_AFTER_MISSED_MS = [1500, 6000] as const;

export function createCallReportsController(io: ReportsIo) {
  let seq = 0;
  let poll: ReturnType<typeof setInterval> | undefined;
  const soonTimers = new Set<ReturnType<typeof setTimeout>>();

  async function refresh(): Promise<void> {
    const api = io.api();
    if (!api?.listCallEvents) return;
    const mine = ++seq;
    let events: CallEvent[];
    try {
      events = await api.listCallEvents();
    } catch {
      // The history is best effort: a server without the list, or one that is down, changes nothing.
      return;
    }
    if (mine !== seq) return;
    const before = io.history();
    const after = mergeCallReports(before, events, io.limit);
    if (after !== before) io.setHistory(after);
  }

  /** After a call the phone missed: the report reaches the server a moment later. */
  function soon(): void {
    for (const delay of REPORTS_AFTER_MISSED_MS) {
      const timer = setTimeout(() => {
        soonTimers.delete(timer);
        void refresh();
      }, delay);
      soonTimers.add(timer);
    }
  }

  function start(): void {
    void refresh();
    if (poll === undefined) poll = setInterval(() => void refresh(), REPORTS_POLL_MS);
  }

  function stop(): void {
    seq++;
    clearInterval(poll);
    poll = undefined;
    for (const timer of soonTimers) clearTimeout(timer);
    soonTimers.clear();
  }

  return { refresh, soon, start, stop };
}
