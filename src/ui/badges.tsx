import { useT } from '../i18n';
import { AlertIcon, PlayIcon, VoicemailIcon } from './icons';
import { cx } from './class-names';

/** The unmistakable urgent mark: red, with a warning icon (never colour alone). */
export function UrgentBadge({ testId = 'urgent-badge' }: { testId?: string }) {
  const t = useT();
  return (
    <span className="badge badge--urgent" data-testid={testId}>
      <AlertIcon />
      {t.priority.urgent}
    </span>
  );
}

export type PurposeTone = 'voicemail' | 'deposit' | 'playback';

/** What a call is for when it isn't an ordinary call ("Voicemail", "Voice message playback", …). */
export function PurposeTag({ tone, label }: { tone: PurposeTone; label: string }) {
  return (
    <span className={cx('tag', `tag--${tone}`)} data-testid="call-purpose">
      {tone === 'playback' ? <PlayIcon /> : <VoicemailIcon />}
      <span className="clamp clamp--1" title={label}>
        {label}
      </span>
    </span>
  );
}
