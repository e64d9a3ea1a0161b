import { useT } from '../../i18n';
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { usePhone, usePhoneActions, type CallOptions } from '../../store';
import { Button } from '../../ui/button';
import { ComboboxField } from '../../ui/combobox';
import { DialPad } from '../../ui/dial-pad';
import { SelectField, TextField } from '../../ui/field';
import { PhoneIcon, VoicemailIcon } from '../../ui/icons';
import { isActiveCall } from '../labels';
import { dialSuggestions } from './dial-suggestions';
import { useDialDraft } from './link-subject-question';
import { SUBJECT_LIMIT, subjectLength, subjectProblem } from './subject-check';

export type DialPriority = 'normal' | 'urgent';

export function Dialer() {
  const registered = usePhone((s) => s.registration === 'registered');
  const calls = usePhone((s) => s.calls);
  const contacts = usePhone((s) => s.settings.contacts);
  const history = usePhone((s) => s.history);
  const messages = usePhone((s) => s.voicemail.messages);
  const aor = usePhone((s) => s.settings.aor);
  const { call, leaveMessage } = usePhoneActions();
  const [target, setTarget] = useState('');
  const [subject, setSubject] = useState('');
  const [priority, setPriority] = useState<DialPriority>('normal');
  const [error, setError] = useState<string>();
  const numberRef = useRef<HTMLInputElement>(null);
  const subjectRef = useRef<HTMLInputElement>(null);
  const headingId = useId();
  const inCall = calls.some(isActiveCall);
  const t = useT();
  const priorityOptions = [
    { value: 'normal', label: t.priority.normal },
    { value: 'urgent', label: t.priority.urgent },
  ] as const satisfies ReadonlyArray<{ value: DialPriority; label: string }>;
  const question = useDialDraft({
    setTarget,
    setSubject,
    setPriority,
    focusSubject: () => requestAnimationFrame(() => subjectRef.current?.focus()),
  });

  const suggestions = useMemo(
    () =>
      dialSuggestions(target, contacts, history, aor, messages).map((s) => ({
        key: s.key,
        value: s.value,
        label: s.name,
        detail: [s.address, s.source === 'contact' ? t.suggest.contact : t.suggest.recent]
          .filter(Boolean)
          .join(' · '),
      })),
    [target, contacts, history, aor, messages, t],
  );

  const problem = subjectProblem(subject);
  const subjectError =
    problem?.kind === 'unsafe'
      ? t.subject.unsafe
      : problem?.kind === 'too-long'
        ? t.subject.tooLong(problem.limit)
        : undefined;

  /** Runs `place` with the typed target and options, then clears the one-off fields. */
  const place = (action: (target: string, options: CallOptions) => void) => {
    const typed = target.trim();
    if (typed === '') {
      setError(t.dialer.enterTarget);
      numberRef.current?.focus();
      return;
    }
    setError(undefined);
    // Never cut or clean a Subject behind the user's back: it is fixed in the field first.
    if (problem) {
      subjectRef.current?.focus();
      return;
    }
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
      {question}
      <form className="form" onSubmit={onSubmit} noValidate>
        <ComboboxField
          ref={numberRef}
          label={t.dialer.target}
          name="target"
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="none"
          placeholder={t.dialer.targetPlaceholder}
          value={target}
          onValueChange={(v) => {
            setTarget(v);
            setError(undefined);
          }}
          options={suggestions}
          listLabel={t.suggest.count(suggestions.length)}
          hint={contacts.length > 0 || history.length > 0 ? t.suggest.hint : undefined}
          error={error}
        />
        <TextField
          ref={subjectRef}
          label={t.dialer.subject}
          name="subject"
          type="text"
          value={subject}
          onChange={(e) => setSubject(e.target.value)}
          hint={
            <>
              {t.dialer.subjectHint}{' '}
              <span data-testid="subject-counter">
                {t.subject.counter(subjectLength(subject), SUBJECT_LIMIT)}
              </span>
            </>
          }
          error={subjectError}
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
