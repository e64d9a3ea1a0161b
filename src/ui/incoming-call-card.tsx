import { useT } from '../i18n';
import { useEffect, useRef } from 'react';
import { Button } from './button';
import { CallFacts } from './call-facts';
import { ClampedText } from './clamped-text';
import { PurposeTag } from './badges';
import { HangUpIcon, PhoneIcon, VoicemailIcon } from './icons';
import { isTextEntry } from './keyboard';
import { cx } from './class-names';

export interface IncomingCallCardProps {
  callerName: string;
  callerAddress?: string;
  subject?: string;
  priorityText?: string;
  urgent: boolean;
  /** The voicemail server calling to play a message (MS-OCEXUM Play-On-Phone). */
  playOnPhone: boolean;
  /** The caller asked that this call not be forwarded or diverted. */
  forwardingOff: boolean;
  /** Another call is live, so answering this one puts it on hold. */
  holdsOtherCall: boolean;
  /** "Transferred by Bob": the call comes through a transfer (RFC 3892 Referred-By). */
  transferNote?: string;
  onAnswer(): void;
  onDecline(): void;
  /**
   * Send the call to the user's voicemail; absent when the call must not be diverted (a
   * Play-On-Phone call or private-no-diversion, MS-OCEXUM 3.2), and then no button is offered.
   */
  onSendToVoicemail?(): void;
}

export function IncomingCallCard({
  callerName,
  callerAddress,
  subject,
  priorityText,
  urgent,
  playOnPhone,
  forwardingOff,
  holdsOtherCall,
  transferNote,
  onAnswer,
  onDecline,
  onSendToVoicemail,
}: IncomingCallCardProps) {
  const answerRef = useRef<HTMLButtonElement>(null);
  const t = useT();
  const keys = t.shortcuts;

  useEffect(() => {
    // A ringing call takes the keyboard to Answer, but never from someone typing a number or subject.
    if (!isTextEntry(document.activeElement)) answerRef.current?.focus();
  }, []);

  return (
    <section
      role="region"
      aria-label={t.call.incomingRegion}
      data-testid="incoming-call"
      data-urgent={String(urgent)}
      data-play-on-phone={String(playOnPhone)}
      className={cx(
        'call-card',
        'call-card--incoming',
        urgent && 'call-card--urgent',
        playOnPhone && 'call-card--playback',
      )}
    >
      <div className="call-card__kind">
        {playOnPhone ? (
          <PurposeTag tone="playback" label={t.purpose.playback} />
        ) : (
          <span>{t.call.incoming}</span>
        )}
      </div>
      <h2 className="call-card__name" data-testid="caller-name">
        <ClampedText text={callerName} lines={2} />
      </h2>
      {callerAddress ? (
        <p className="call-card__address" data-testid="caller-address">
          <ClampedText text={callerAddress} />
        </p>
      ) : null}
      {transferNote ? (
        <p className="call-card__note" data-testid="transferred-by">
          {transferNote}
        </p>
      ) : null}
      <CallFacts subject={subject} priorityText={priorityText} urgent={urgent} />
      {forwardingOff ? (
        <p className="call-card__note" data-testid="no-diversion">
          {t.call.forwardingOff}
        </p>
      ) : null}
      {holdsOtherCall ? (
        <p className="call-card__note call-card__note--warn" data-testid="answer-holds-current">
          {t.call.answerHolds}
        </p>
      ) : null}
      <div className="call-card__actions">
        <Button
          ref={answerRef}
          variant="answer"
          icon={<PhoneIcon />}
          onClick={onAnswer}
          aria-keyshortcuts={keys.answer}
          title={keys.withKey(t.call.answer, keys.answer)}
          data-answer-call=""
        >
          {t.call.answer}
        </Button>
        <Button
          variant="danger"
          icon={<HangUpIcon />}
          onClick={onDecline}
          aria-keyshortcuts={keys.decline}
          title={keys.withKey(t.call.decline, keys.decline)}
        >
          {t.call.decline}
        </Button>
        {onSendToVoicemail && !playOnPhone ? (
          <Button
            icon={<VoicemailIcon />}
            onClick={onSendToVoicemail}
            aria-keyshortcuts={keys.sendToVoicemail}
            title={keys.withKey(t.call.sendToVoicemail, keys.sendToVoicemail)}
            data-send-to-voicemail=""
          >
            {t.call.sendToVoicemail}
          </Button>
        ) : null}
      </div>
      <p className="call-card__shortcuts" aria-hidden="true">
        {keys.incomingHint(keys.answer, keys.decline)}
      </p>
    </section>
  );
}
