import type { CallInfo } from '../../sip/call-state';
import { formatDuration } from '../../ui/format';
import type { HistoryEntryView } from '../../ui/history-list';
import { historyKind, peerDisplay } from '../labels';

/** A past call as the history list shows it. */
export function historyEntry(call: CallInfo, dateFormat: Intl.DateTimeFormat): HistoryEntryView {
  const kind = historyKind(call);
  const peer = peerDisplay(call);
  const talked =
    call.connectedAt !== undefined && call.endedAt !== undefined
      ? formatDuration(call.endedAt - call.connectedAt)
      : undefined;
  const outcome = [call.endReason?.trim(), talked].filter(Boolean).join(' · ');
  const when = new Date(call.startedAt);
  const valid = Number.isFinite(when.getTime());
  return {
    id: call.id,
    kind: kind.kind,
    kindLabel: kind.label,
    name: peer.name,
    address: peer.address,
    when: valid ? dateFormat.format(when) : '',
    whenIso: valid ? when.toISOString() : '',
    subject: call.subject,
    urgent: call.urgent,
    outcome: outcome || undefined,
  };
}
