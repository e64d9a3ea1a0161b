import type { MessageSummary } from '../../protocol';
import type { VoicemailMessage } from '../../um-api/voicemail-api';
import type { VoicemailState } from '../../store/voicemail-slice';
import type { VoicemailMessageView } from '../../ui/voicemail-list';
import { formatDuration } from '../../ui/format';

/** "2 new messages (1 urgent)", from the RFC 3842 summary; undefined before the first NOTIFY. */
export function messageCountLine(summary: MessageSummary | undefined): string | undefined {
  if (!summary) return undefined;
  const n = summary.newMessages;
  const base = n === 0 ? 'No new messages' : n === 1 ? '1 new message' : `${n} new messages`;
  return summary.urgentNew > 0 ? `${base} (${summary.urgentNew} urgent)` : base;
}

export function messageView(m: VoicemailMessage, dateFormat: Intl.DateTimeFormat): VoicemailMessageView {
  const when = new Date(m.receivedAt);
  const valid = !Number.isNaN(when.getTime());
  return {
    id: m.id,
    name: m.callerName || m.caller.replace(/^sips?:/i, '') || 'Unknown caller',
    address: m.caller,
    when: valid ? dateFormat.format(when) : 'Unknown time',
    whenIso: valid ? when.toISOString() : '',
    duration: formatDuration(m.durationSeconds * 1000),
    subject: m.subject || undefined,
    urgent: m.urgent,
    heard: m.heard,
  };
}

/** What "Play on my phone" is doing, in words; undefined when nothing was asked. */
export function playbackLine(playback: VoicemailState['playback']): string | undefined {
  if (!playback) return undefined;
  switch (playback.state) {
    case 'requesting':
    case 'idle':
    case 'connecting':
      return 'Calling your phone…';
    case 'alerted':
    case 'incoming':
      return 'Your phone is ringing';
    case 'connected':
    case 'transferring':
    case 'forwarding':
      return 'Playing the message on your phone';
    case 'disconnected':
      return playback.cause && playback.cause !== 'none'
        ? `Playback ended (${playback.cause})`
        : 'Playback finished';
    case 'failed':
      return `Could not play the message: ${playback.cause ?? 'unknown error'}`;
  }
}
