import { useT } from '../i18n';
import { useId } from 'react';
import { Button } from './button';
import { ClampedText } from './clamped-text';
import { UrgentBadge } from './badges';
import { cx } from './class-names';

export interface VoicemailMessageView {
  id: string;
  name: string;
  address: string;
  when: string;
  whenIso: string;
  duration: string;
  subject?: string;
  urgent: boolean;
  heard: boolean;
}

export interface VoicemailListProps {
  messages: VoicemailMessageView[];
  onPlayOnPhone(id: string): void;
  playDisabled: boolean;
}

function VoicemailItem({
  message,
  onPlayOnPhone,
  playDisabled,
}: {
  message: VoicemailMessageView;
  onPlayOnPhone(id: string): void;
  playDisabled: boolean;
}) {
  const describedBy = useId();
  const t = useT();
  return (
    <li
      className={cx(
        'voicemail__item',
        !message.heard && 'voicemail__item--new',
        message.urgent && 'voicemail__item--urgent',
      )}
      data-testid="voicemail-message"
      data-urgent={String(message.urgent)}
      data-heard={String(message.heard)}
    >
      <div id={describedBy} className="voicemail__facts">
        <span className="voicemail__from">
          <ClampedText text={message.name} />
          <ClampedText className="voicemail__address" text={message.address} />
        </span>
        <span className="voicemail__meta">
          <time dateTime={message.whenIso}>{message.when}</time>
          <span>
            {' · '}
            {/* aria-label on a plain span is ignored (and flagged by axe): say "Duration" as hidden text */}
            <span className="visually-hidden">{t.voicemail.duration} </span>
            {message.duration}
          </span>
          {message.heard ? null : <span className="voicemail__new"> · {t.voicemail.new}</span>}
        </span>
        {message.subject || message.urgent ? (
          <span className="voicemail__subject">
            {message.urgent ? <UrgentBadge testId="voicemail-urgent" /> : null}
            {message.subject ? <ClampedText text={message.subject} testId="voicemail-subject" /> : null}
          </span>
        ) : null}
      </div>
      <Button
        aria-describedby={describedBy}
        disabled={playDisabled}
        onClick={() => onPlayOnPhone(message.id)}
      >
        {t.voicemail.playOnPhone}
      </Button>
    </li>
  );
}

/** The mailbox's messages, newest first, each with "Play on my phone". */
export function VoicemailList({ messages, onPlayOnPhone, playDisabled }: VoicemailListProps) {
  const t = useT();
  return (
    <ul className="voicemail__list" aria-label={t.voicemail.list}>
      {messages.map((m) => (
        <VoicemailItem key={m.id} message={m} onPlayOnPhone={onPlayOnPhone} playDisabled={playDisabled} />
      ))}
    </ul>
  );
}
