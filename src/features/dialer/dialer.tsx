import { useId, useRef, useState, type FormEvent } from 'react';
import { usePhone, usePhoneActions, type CallOptions } from '../../store';
import { Button } from '../../ui/button';
import { DialPad } from '../../ui/dial-pad';
import { SelectField, TextField } from '../../ui/field';
import { PhoneIcon, VoicemailIcon } from '../../ui/icons';
import { isActiveCall } from '../labels';

/** Long enough for any sensible Subject; the SIP layer enforces its own limit. */
export const SUBJECT_MAX_LENGTH = 256;

const PRIORITY_OPTIONS = [
  { value: 'normal', label: 'Normal' },
  { value: 'urgent', label: 'Urgent' },
] as const;

type DialPriority = (typeof PRIORITY_OPTIONS)[number]['value'];

export function Dialer() {
  const registered = usePhone((s) => s.registration === 'registered');
  const calls = usePhone((s) => s.calls);
  const { call, leaveMessage } = usePhoneActions();
  const [target, setTarget] = useState('');
  const [subject, setSubject] = useState('');
  const [priority, setPriority] = useState<DialPriority>('normal');
  const [error, setError] = useState<string>();
  const numberRef = useRef<HTMLInputElement>(null);
  const headingId = useId();
  const inCall = calls.some(isActiveCall);

  /** Runs `place` with the typed target and options, then clears the one-off fields. */
  const place = (action: (target: string, options: CallOptions) => void) => {
    const t = target.trim();
    if (t === '') {
      setError('Enter a number or SIP address.');
      numberRef.current?.focus();
      return;
    }
    setError(undefined);
    action(t, { subject: subject.trim() || undefined, priority });
    setSubject('');
    setPriority('normal');
  };

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (registered) place(call);
  };

  return (
    <section className="card dialer" aria-labelledby={headingId}>
      <h2 id={headingId} className="card__title">
        Make a call
      </h2>
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          ref={numberRef}
          label="Number or SIP address"
          name="target"
          type="text"
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="none"
          placeholder="bob, 1234 or sip:bob@example.com"
          value={target}
          onChange={(e) => {
            setTarget(e.target.value);
            setError(undefined);
          }}
          error={error}
        />
        <TextField
          label="Subject"
          name="subject"
          type="text"
          maxLength={SUBJECT_MAX_LENGTH}
          value={subject}
          onChange={(e) => setSubject(e.target.value)}
          hint="Optional. Shown to the person you call."
        />
        <SelectField
          label="Priority"
          name="priority"
          value={priority}
          options={PRIORITY_OPTIONS}
          onChange={(v) => setPriority(v)}
        />
        <div className="form__actions">
          <Button type="submit" variant="answer" icon={<PhoneIcon />} disabled={!registered}>
            Call
          </Button>
          <Button icon={<VoicemailIcon />} disabled={!registered} onClick={() => place(leaveMessage)}>
            Leave a voice message
          </Button>
        </div>
        {!registered ? <p className="field__hint">You can call once the phone is registered.</p> : null}
        {inCall ? null : (
          <DialPad label="Dial pad" className="dialer__pad" onKey={(key) => setTarget((t) => t + key)} />
        )}
      </form>
    </section>
  );
}
