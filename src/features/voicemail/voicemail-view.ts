import type { MessageSummary } from '../../protocol';
import type { VoicemailMessage } from '../../um-api/voicemail-api';
import type { VoicemailState } from '../../store/voicemail-slice';
import type { VoicemailMessageView } from '../../ui/voicemail-list';
import { formatDuration } from '../../ui/format';
import { en, translateKnown, type Catalogue } from '../../i18n';

/** "2 new messages (1 urgent)", from the RFC 3842 summary; undefined before the first NOTIFY. */
export function messageCountLine(summary: MessageSummary | undefined, t: Catalogue = en): string | undefined {
  if (!summary) return undefined;
  return t.voicemail.count(summary.newMessages, summary.urgentNew);
}

export function messageView(
  m: VoicemailMessage,
  dateFormat: Intl.DateTimeFormat,
  t: Catalogue = en,
): VoicemailMessageView {
  const when = new Date(m.receivedAt);
  const valid = !Number.isNaN(when.getTime());
  return {
    id: m.id,
    name: m.callerName || m.caller.replace(/^sips?:/i, '') || t.purpose.unknownCaller,
    address: m.caller,
    when: valid ? dateFormat.format(when) : t.voicemail.unknownTime,
    whenIso: valid ? when.toISOString() : '',
    duration: formatDuration(m.durationSeconds * 1000),
    subject: m.subject || undefined,
    urgent: m.urgent,
    heard: m.heard,
    preview:
      m.preview?.status === 'ready'
        ? { kind: 'text', text: m.preview.text }
        : m.preview
          ? { kind: m.preview.status === 'pending' ? 'pending' : 'none' }
          : undefined,
  };
}

/** What "Play on my phone" is doing, in words; undefined when nothing was asked. */
export function playbackLine(playback: VoicemailState['playback'], t: Catalogue = en): string | undefined {
  if (!playback) return undefined;
  switch (playback.state) {
    case 'requesting':
    case 'idle':
    case 'connecting':
      return t.voicemail.callingYourPhone;
    case 'alerted':
    case 'incoming':
      return t.voicemail.phoneRinging;
    case 'connected':
    case 'transferring':
    case 'forwarding':
      return t.voicemail.playing;
    case 'disconnected':
      return playback.cause && playback.cause !== 'none'
        ? t.voicemail.playbackEnded(translateKnown(t, playback.cause))
        : t.voicemail.playbackFinished;
    case 'failed':
      return t.voicemail.playbackFailed(
        playback.cause ? translateKnown(t, playback.cause) : t.voicemail.unknownError,
      );
  }
}
