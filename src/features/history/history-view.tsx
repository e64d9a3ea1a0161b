import { useId, useMemo } from 'react';
import { dateTimeFormat, useLocale, useT } from '../../i18n';
import { usePhone, usePhoneActions } from '../../store';
import { HistoryList } from '../../ui/history-list';
import { historyEntry } from './history-entry';
import { useKnownPeople } from '../calls/transfer-note';

/** Only the newest calls for now; the store keeps more. */
const SHOWN = 50;

export function HistoryView() {
  const history = usePhone((s) => s.history);
  const registered = usePhone((s) => s.registration === 'registered');
  const actions = usePhoneActions();
  const headingId = useId();
  const t = useT();
  const lang = useLocale();
  const known = useKnownPeople();
  const entries = useMemo(
    () => history.slice(0, SHOWN).map((c) => historyEntry(c, dateTimeFormat(lang), t, lang, known)),
    // (known changes with the history, the live calls and the mailbox)
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [history, t, lang, known.calls, known.messages, known.aor],
  );

  const callBack = (id: string) => {
    const call = history.find((c) => c.id === id);
    if (!call) return;
    // Voicemail sessions and Play-On-Phone calls come from the mailbox: calling back means calling it.
    if (call.purpose === 'voicemail' || call.purpose === 'play-on-phone') actions.callVoicemail();
    else actions.call(call.peerUri);
  };

  return (
    <section className="card history-card" aria-labelledby={headingId}>
      <h2 id={headingId} className="card__title">
        {t.history.title}
      </h2>
      <HistoryList entries={entries} onCallBack={callBack} callBackDisabled={!registered} />
    </section>
  );
}
