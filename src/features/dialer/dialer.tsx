import { useT } from '../../i18n';
import { useId, useRef, useState, type FormEvent } from 'react';
import { usePhone, usePhoneActions, type CallOptions } from '../../store';
import { Button } from '../../ui/button';
import { DialPad } from '../../ui/dial-pad';
import { SelectField, TextField } from '../../ui/field';
import { PhoneIcon, VoicemailIcon } from '../../ui/icons';
import { isActiveCall } from '../labels';

/** Long enough for any sensible Subject; the SIP layer enforces its own limit. */
export const SUBJECT_MAX_LENGTH = 256;

type DialPriority = 'normal' | 'urgent';

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
  const t = useT();
  const priorityOptions = [
    { value: 'normal', label: t.priority.normal },
    { value: 'urgent', label: t.priority.urgent },
  ] as const satisfies ReadonlyArray<{ value: DialPriority; label: string }>;

  /** Runs `place` with the typed target and options, then clears the one-off fields. */
  const place = (action: (target: string, options: CallOptions) => void) => {
    const typed = target.trim();
    if (typed === '') {
      setError(t.dialer.enterTarget);
      numberRef.current?.focus();
      return;
    }
    setError(undefined);
    action(typed, { subject: subject.trim() || undefined, priority });
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
        {t.dialer.title}
      </h2>
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          ref={numberRef}
          label={t.dialer.target}
          name="target"
          type="text"
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="none"
          placeholder={t.dialer.targetPlaceholder}
          value={target}
          onChange={(e) => {
            setTarget(e.target.value);
            setError(undefined);
          }}
          error={error}
        />
        <TextField
          label={t.dialer.subject}
          name="subject"
          type="text"
          maxLength={SUBJECT_MAX_LENGTH}
          value={subject}
          onChange={(e) => setSubject(e.target.value)}
          hint={t.dialer.subjectHint}
        />
        <SelectField
          label={t.dialer.priority}
          name="priority"
          value={priority}
          options={priorityOptions}
          onChange={(v) => setPriority(v)}
        />
        <div className="form__actions">
          <Button type="submit" variant="answer" icon={<PhoneIcon />} disabled={!registered}>
            {t.dialer.call}
          </Button>
          <Button icon={<VoicemailIcon />} disabled={!registered} onClick={() => place(leaveMessage)}>
            {t.dialer.leaveMessage}
          </Button>
        </div>
        {!registered ? <p className="field__hint">{t.dialer.notRegistered}</p> : null}
        {inCall ? null : (
          <DialPad
            label={t.dialer.dialPad}
            className="dialer__pad"
            onKey={(key) => setTarget((t) => t + key)}
          />
        )}
      </form>
    </section>
  );
}
