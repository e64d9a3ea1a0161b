/**
 * The history list's rows, one view object per shown call, kept from one render to the next: a
 * call's entry is built once (its date and duration formatted once, not on every new call) and
 * the same object is handed to the list again as long as the call, the language and its
 * "Transferred by" line are the same, so that a memoised row (src/ui/history-list.tsx) does not
 * render again when a new call is added above it.
 */
import type { Catalogue } from '../../i18n';
import type { CallInfo } from '../../store';
import type { HistoryEntryView } from '../../ui/history-list';
import { transferNote, type KnownPeople } from '../calls/transfer-note';
import { historyEntry } from './history-entry';

/**
 * The entries of the calls shown by the last render, by call, in the language they were made in.
 * Only those: a call scrolled out of the shown page (or out of the history, which keeps the newest
 * 200) takes its entry with it. Store objects are replaced, never changed in place, so a call
 * object stands for one version of the call.
 */
export interface HistoryEntryCache {
  t?: Catalogue;
  lang?: string;
  byCall: Map<CallInfo, HistoryEntryView>;
}

export function historyEntryCache(): HistoryEntryCache {
  return { byCall: new Map() };
}

/**
 * Entries for `calls` in `t`'s language with `lang`'s formats, reusing the cache's: the same call
 * in the same language gives the same object. The "Transferred by" line names the transferor as
 * the phone knows them now (`known` changes with the history, the live calls and the mailbox), so
 * it is asked again each time and a new object made only when it changed.
 */
export function historyEntries(
  calls: readonly CallInfo[],
  cache: HistoryEntryCache,
  /** Asked only when an entry is made: the first Intl.DateTimeFormat of a page costs ≈ 12 ms of ICU set-up. */
  dateFormat: () => Intl.DateTimeFormat,
  t: Catalogue,
  lang: string,
  known: KnownPeople,
): HistoryEntryView[] {
  const sameLanguage = cache.t === t && cache.lang === lang;
  const next = new Map<CallInfo, HistoryEntryView>();
  const entries = calls.map((call) => {
    let entry = sameLanguage ? cache.byCall.get(call) : undefined;
    if (entry) {
      const note = transferNote(call, known, t);
      if (note !== entry.transferNote) entry = { ...entry, transferNote: note };
    } else {
      entry = historyEntry(call, dateFormat(), t, lang, known);
    }
    next.set(call, entry);
    return entry;
  });
  cache.t = t;
  cache.lang = lang;
  cache.byCall = next;
  return entries;
}
