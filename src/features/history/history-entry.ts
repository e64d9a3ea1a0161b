import { en, formatCallLength, type Catalogue } from '../../i18n';
import type { CallInfo } from '../../store';
import type { HistoryEntryView } from '../../ui/history-list';
import { endReasonText, historyKind, peerDisplay, priorityText, reportText } from '../labels';
import { leftVoiceMessage, shortName } from '../calls/call-labels';
import { transferNote, type KnownPeople } from '../calls/transfer-note';

/** A past call as the history list shows it, in `t`'s language with `lang`'s date and duration formats. */
export function historyEntry(
  call: CallInfo,
  dateFormat: Intl.DateTimeFormat,
  t: Catalogue = en,
  lang = 'en',
  known: KnownPeople = { calls: [], history: [], messages: [], aor: '' },
): HistoryEntryView {
  const kind = historyKind(call, t);
  const peer = peerDisplay(call, t);
  const talked =
    call.connectedAt !== undefined && call.endedAt !== undefined
      ? formatCallLength(call.endedAt - call.connectedAt, lang)
      : undefined;
  const outcome = [endReasonText(call, t), talked].filter(Boolean).join(' · ');
  const when = new Date(call.startedAt);
  const valid = Number.isFinite(when.getTime());
  return {
    id: call.id,
    kind: kind.kind,
    // An ordinary call the callee's voicemail answered (src/protocol/call-diversion).
    kindLabel: leftVoiceMessage(call) ? t.history.leftVoiceMessageFor(shortName(call, t)) : kind.label,
    name: peer.name,
    address: peer.address,
    when: valid ? dateFormat.format(when) : '',
    whenIso: valid ? when.toISOString() : '',
    subject: call.subject,
    urgent: call.urgent,
    // "Normal" on every ordinary call would only be noise in a list.
    priorityText: call.priority === 'normal' ? undefined : priorityText(call, t),
    outcome: outcome || undefined,
    report: reportText(call, t),
    transferNote: transferNote(call, known, t),
  };
}
