import { useId } from 'react';
import { usePhone, usePhoneActions } from '../../store';
import { Button } from '../../ui/button';
import { LockIcon, VoicemailIcon } from '../../ui/icons';
import { voicemailPinLine } from '../labels';

/** Subscriber access to the user's own mailbox (MS-OCEXUM 3.1), and whether the PIN will be asked. */
export function VoicemailCard() {
  const settings = usePhone((s) => s.settings);
  const registered = usePhone((s) => s.registration === 'registered');
  const { callVoicemail } = usePhoneActions();
  const headingId = useId();
  const lineId = useId();
  const pin = voicemailPinLine(settings);
  return (
    <section className="card voicemail" aria-labelledby={headingId}>
      <h2 id={headingId} className="card__title">
        Voicemail
      </h2>
      <Button
        variant="primary"
        icon={<VoicemailIcon />}
        disabled={!registered}
        aria-describedby={lineId}
        onClick={callVoicemail}
      >
        Call voicemail
      </Button>
      <div id={lineId} className="voicemail__pin" data-skip-pin={String(pin.skip)}>
        <p data-testid="pin-hint">
          {pin.skip ? <LockIcon /> : null}
          {pin.text}
        </p>
        {pin.why ? (
          <p className="field__hint" data-testid="pin-hint-why">
            {pin.why}
          </p>
        ) : null}
      </div>
    </section>
  );
}
