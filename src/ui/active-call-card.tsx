import { useT, type Catalogue } from '../i18n';
import { useEffect, useEffectEvent, useId, useRef, useState, type ReactNode } from 'react';
import { Button } from './button';
import { CallFacts } from './call-facts';
import { CallTimer } from './call-timer';
import { ClampedText } from './clamped-text';
import { DialPad } from './dial-pad';
import { PurposeTag, type PurposeTone } from './badges';
import { HangUpIcon, KeypadIcon, MicOffIcon, PauseIcon } from './icons';
import { dtmfKeyFor, isTextEntry, type DtmfKey } from './keyboard';
import { cx } from './class-names';

export type ActiveCallState = 'calling' | 'connected' | 'held';

export interface ActiveCallCardProps {
  state: ActiveCallState;
  name: string;
  address?: string;
  subject?: string;
  priorityText?: string;
  urgent: boolean;
  purpose?: { tone: PurposeTone; label: string };
  /** Voicemail calls: whether the PIN prompt was asked to be skipped, in words. */
  pinNote?: string;
  connectedAt?: number;
  muted: boolean;
  held: boolean;
  /** The status line in words, when the state alone does not say it ("On hold (Bob)", "Forwarded…"). */
  statusLabel?: string;
  /** The far end holds this call: the card says so (statusLabel) and looks held. */
  remoteHeld?: boolean;
  /** A line that must be seen, e.g. that the voicemail is recording. */
  warning?: string;
  /** "Transferred by Bob": the call came through a transfer. */
  transferNote?: string;
  onMuteChange(muted: boolean): void;
  onHoldChange(held: boolean): void;
  onDtmf(key: DtmfKey): void;
  onHangUp(): void;
  /** The transfer control (TransferControl), for calls that can be transferred. */
  transfer?: ReactNode;
}

function statusText(state: ActiveCallState, t: Catalogue): string {
  switch (state) {
    case 'calling':
      return t.call.calling;
    case 'connected':
      return t.call.connected;
    case 'held':
      return t.call.onHold;
  }
}

export function ActiveCallCard({
  state,
  name,
  address,
  subject,
  priorityText,
  urgent,
  purpose,
  pinNote,
  connectedAt,
  muted,
  held,
  statusLabel,
  remoteHeld,
  warning,
  transferNote,
  onMuteChange,
  onHoldChange,
  onDtmf,
  onHangUp,
  transfer,
}: ActiveCallCardProps) {
  const [keypadOpen, setKeypadOpen] = useState(false);
  const keypadId = useId();
  const hangUpRef = useRef<HTMLButtonElement>(null);
  const t = useT();
  const tonesLive = state === 'connected';

  useEffect(() => {
    // Answering removes the focused Answer button; carry the keyboard on to this call's controls.
    const active = document.activeElement;
    if (!active || active === document.body) hangUpRef.current?.focus();
  }, []);

  const sendKey = useEffectEvent((key: DtmfKey) => onDtmf(key));
  useEffect(() => {
    if (!keypadOpen || !tonesLive) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || e.defaultPrevented) return;
      if (e.target instanceof Element && isTextEntry(e.target)) return;
      const key = dtmfKeyFor(e.key);
      if (!key) return;
      e.preventDefault();
      sendKey(key);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [keypadOpen, tonesLive]);

  return (
    <section
      role="region"
      aria-label={t.call.activeRegion}
      data-testid="active-call"
      data-state={state}
      className={cx(
        'call-card',
        'call-card--active',
        `call-card--${state}`,
        remoteHeld && 'call-card--remote-held',
        urgent && 'call-card--urgent',
        purpose?.tone === 'playback' && 'call-card--playback',
      )}
    >
      {purpose ? (
        <div className="call-card__kind">
          <PurposeTag tone={purpose.tone} label={purpose.label} />
        </div>
      ) : null}
      <h2 className="call-card__name" data-testid="peer-name">
        <ClampedText text={name} lines={2} />
      </h2>
      {address ? (
        <p className="call-card__address" data-testid="peer-address">
          <ClampedText text={address} />
        </p>
      ) : null}
      <p className="call-card__status">
        <span data-testid="call-status">{statusLabel ?? statusText(state, t)}</span>
        {connectedAt !== undefined && state !== 'calling' ? (
          <CallTimer since={connectedAt} running={state === 'connected'} />
        ) : null}
        {muted ? <span className="call-card__muted">{t.call.muted}</span> : null}
      </p>
      {transferNote ? (
        <p className="call-card__note" data-testid="transferred-by">
          {transferNote}
        </p>
      ) : null}
      {warning ? (
        <p className="call-card__note call-card__note--warn" data-testid="call-warning">
          {warning}
        </p>
      ) : null}
      {pinNote ? (
        <p className="call-card__note" data-testid="skip-pin-state">
          {pinNote}
        </p>
      ) : null}
      <CallFacts subject={subject} priorityText={priorityText} urgent={urgent} />
      <div className="call-card__actions call-card__actions--controls">
        <Button
          icon={<MicOffIcon />}
          aria-pressed={muted}
          disabled={state === 'calling'}
          onClick={() => onMuteChange(!muted)}
        >
          {t.call.mute}
        </Button>
        <Button
          icon={<PauseIcon />}
          aria-pressed={held}
          disabled={state === 'calling'}
          onClick={() => onHoldChange(!held)}
        >
          {t.call.hold}
        </Button>
        <Button
          icon={<KeypadIcon />}
          aria-expanded={keypadOpen}
          aria-controls={keypadOpen ? keypadId : undefined}
          onClick={() => setKeypadOpen((open) => !open)}
        >
          {t.call.keypad}
        </Button>
        <Button
          ref={hangUpRef}
          variant="danger"
          icon={<HangUpIcon />}
          onClick={onHangUp}
          aria-keyshortcuts={t.shortcuts.hangUp}
          title={t.shortcuts.withKey(t.call.hangUp, t.shortcuts.hangUp)}
        >
          {t.call.hangUp}
        </Button>
      </div>
      {transfer}
      {keypadOpen ? (
        <div className="call-card__keypad">
          <DialPad id={keypadId} label={t.call.dtmfKeypad} onKey={onDtmf} disabled={!tonesLive} />
          <p className="field__hint">{tonesLive ? t.call.typeDigits : t.call.tonesLater}</p>
        </div>
      ) : null}
    </section>
  );
}
