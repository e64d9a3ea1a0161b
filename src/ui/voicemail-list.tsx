import { useT } from '../i18n';
import { useEffect, useId, useRef, type ReactNode } from 'react';
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
  /** Voice Mail Preview: the transcription (remote text), being made, or none; absent: not offered. */
  preview?: { kind: 'text'; text: string } | { kind: 'pending' | 'none' };
}

/** What a message offers besides Play on my phone (absent: not offered, e.g. an older server). */
export interface VoicemailItemActions {
  /** Opens (or closes) the in-browser player under the message. */
  onListen?(id: string): void;
  onSetHeard?(id: string, heard: boolean): void;
  onDelete?(id: string): void;
  /** Calls the caller's address back; not offered when the caller is unknown. */
  onCallBack?(address: string): void;
  /** Whether a call can be placed now. */
  callDisabled?: boolean;
  /** The message whose player is open, and the player. */
  openPlayerId?: string;
  renderPlayer?(message: VoicemailMessageView): ReactNode;
}

export interface VoicemailListProps extends VoicemailItemActions {
  messages: VoicemailMessageView[];
  onPlayOnPhone(id: string): void;
  playDisabled: boolean;
}

/** The preview under a message: its words as plain text (never markup), or why there are none. */
function VoicemailPreviewText({ preview }: { preview: NonNullable<VoicemailMessageView['preview']> }) {
  const t = useT();
  return (
    <p
      className={cx('voicemail__preview', preview.kind !== 'text' && 'voicemail__preview--none')}
      data-testid="voicemail-preview"
      data-preview={preview.kind}
    >
      <span className="visually-hidden">{t.voicemailPreview.label}: </span>
      {preview.kind === 'text'
        ? preview.text
        : preview.kind === 'pending'
          ? t.voicemailPreview.pending
          : t.voicemailPreview.none}
    </p>
  );
}

function VoicemailItem({
  message,
  onPlayOnPhone,
  playDisabled,
  ...more
}: VoicemailItemActions & {
  message: VoicemailMessageView;
  onPlayOnPhone(id: string): void;
  playDisabled: boolean;
}) {
  const describedBy = useId();
  const t = useT();
  const open = more.openPlayerId === message.id;
  const listenRef = useRef<HTMLButtonElement>(null);
  const playerRef = useRef<HTMLDivElement>(null);
  // Closing the player (its Close button, or Listen again) must not drop keyboard focus on the
  // page: when focus was inside the player, it comes back to Listen.
  useEffect(() => {
    if (!open) return;
    const player = playerRef.current;
    const listen = listenRef.current;
    return () => {
      const root = listen?.getRootNode() as Document | ShadowRoot | undefined;
      const active = root?.activeElement;
      if (
        !active ||
        active === root?.ownerDocument?.body ||
        active === document.body ||
        player?.contains(active)
      )
        listen?.focus();
    };
  }, [open]);
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
      {message.preview ? <VoicemailPreviewText preview={message.preview} /> : null}
      <div className="voicemail__actions">
        {more.onListen ? (
          <Button
            ref={listenRef}
            aria-describedby={describedBy}
            aria-expanded={open}
            data-testid="voicemail-listen"
            onClick={() => more.onListen?.(message.id)}
          >
            {t.voicemailPlayer.listen}
          </Button>
        ) : null}
        <Button
          aria-describedby={describedBy}
          disabled={playDisabled}
          onClick={() => onPlayOnPhone(message.id)}
        >
          {t.voicemail.playOnPhone}
        </Button>
        {more.onSetHeard ? (
          <Button
            aria-describedby={describedBy}
            data-testid="voicemail-toggle-heard"
            onClick={() => more.onSetHeard?.(message.id, !message.heard)}
          >
            {message.heard ? t.voicemailPlayer.markUnread : t.voicemailPlayer.markRead}
          </Button>
        ) : null}
        {more.onCallBack && message.address ? (
          <Button
            aria-describedby={describedBy}
            disabled={more.callDisabled}
            data-testid="voicemail-call-back"
            onClick={() => more.onCallBack?.(message.address)}
          >
            {t.voicemailPlayer.callBack}
          </Button>
        ) : null}
        {more.onDelete ? (
          <Button
            variant="danger"
            aria-describedby={describedBy}
            data-testid="voicemail-delete"
            onClick={() => more.onDelete?.(message.id)}
          >
            {t.voicemailPlayer.delete}
          </Button>
        ) : null}
      </div>
      {open && more.renderPlayer ? (
        <div className="voicemail__player" ref={playerRef}>
          {more.renderPlayer(message)}
        </div>
      ) : null}
    </li>
  );
}

/** The mailbox's messages, newest first, each with Listen, "Play on my phone", read/unread, call back and delete. */
export function VoicemailList({ messages, onPlayOnPhone, playDisabled, ...more }: VoicemailListProps) {
  const t = useT();
  return (
    <ul className="voicemail__list" aria-label={t.voicemail.list}>
      {messages.map((m) => (
        <VoicemailItem
          key={m.id}
          message={m}
          onPlayOnPhone={onPlayOnPhone}
          playDisabled={playDisabled}
          {...more}
        />
      ))}
    </ul>
  );
}
