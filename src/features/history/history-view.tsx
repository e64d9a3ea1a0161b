import { useCallback, useId, useMemo, useState } from 'react';
import { dateTimeFormat, useLocale, useT } from '../../i18n';
import { usePhone, usePhoneActions, usePhoneStoreApi } from '../../store';
import { HistoryList } from '../../ui/history-list';
import { historyEntries, historyEntryCache } from './history-entries';
import { shownCalls } from './history-paging';
import { useKnownPeople } from '../calls/transfer-note';

export function HistoryView() {
  const history = usePhone((s) => s.history);
  const registered = usePhone((s) => s.registration === 'registered');
  const actions = usePhoneActions();
  const store = usePhoneStoreApi();
  const headingId = useId();
  const t = useT();
  const lang = useLocale();
  const known = useKnownPeople();
  const [pages, setPages] = useState(1);
  const [cache] = useState(historyEntryCache);
  const shown = shownCalls(history.length, pages);
  const entries = useMemo(
    () => historyEntries(history.slice(0, shown), cache, () => dateTimeFormat(lang), t, lang, known),
    // (known changes with the history, the live calls and the mailbox)
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [history, shown, cache, t, lang, known.calls, known.messages, known.aor],
  );

  // The same function on every render (the rows are memoised): the call is looked up when clicked.
  const callBack = useCallback(
    (id: string) => {
      const call = store.getState().history.find((c) => c.id === id);
      if (!call) return;
      // Voicemail sessions and Play-On-Phone calls come from the mailbox: calling back means calling it.
      if (call.purpose === 'voicemail' || call.purpose === 'play-on-phone') actions.callVoicemail();
      else actions.call(call.peerUri);
    },
    [store, actions],
  );
  const showOlder = useCallback(() => setPages((p) => p + 1), []);

  return (
    <section className="card history-card" aria-labelledby={headingId}>
      <h2 id={headingId} className="card__title">
        {t.history.title}
      </h2>
      <HistoryList
        entries={entries}
        total={history.length}
        onShowOlder={showOlder}
        onCallBack={callBack}
        callBackDisabled={!registered}
      />
    </section>
  );
}
