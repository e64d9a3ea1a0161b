import { useEffect, useRef } from 'react';
import { Button } from './button';
import { CallFacts } from './call-facts';
import { ClampedText } from './clamped-text';
import { PurposeTag } from './badges';
import { HangUpIcon, PhoneIcon } from './icons';
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
  onAnswer(): void;
  onDecline(): void;
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
  onAnswer,
  onDecline,
}: IncomingCallCardProps) {
  const answerRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    // A ringing call takes the keyboard to Answer, but never from someone typing a number or subject.
    if (!isTextEntry(document.activeElement)) answerRef.current?.focus();
  }, []);

  return (
    <section
      role="region"
      aria-label="Incoming call"
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
          <PurposeTag tone="playback" label="Voice message playback" />
        ) : (
          <span>Incoming call</span>
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
      <CallFacts subject={subject} priorityText={priorityText} urgent={urgent} />
      {forwardingOff ? (
        <p className="call-card__note" data-testid="no-diversion">
          Forwarding is off for this call
        </p>
      ) : null}
      {holdsOtherCall ? (
        <p className="call-card__note call-card__note--warn" data-testid="answer-holds-current">
          Answering puts your current call on hold
        </p>
      ) : null}
      <div className="call-card__actions">
        <Button ref={answerRef} variant="answer" icon={<PhoneIcon />} onClick={onAnswer}>
          Answer
        </Button>
        <Button variant="danger" icon={<HangUpIcon />} onClick={onDecline}>
          Decline
        </Button>
      </div>
    </section>
  );
}
