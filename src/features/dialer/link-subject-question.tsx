import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useT } from '../../i18n';
import { usePhone, usePhoneActions, type CallOptions, type DialDraft } from '../../store';
import { Button } from '../../ui/button';
import { editableSubject, subjectProblem } from './subject-check';
import type { DialPriority } from './dialer';

interface DraftSetters {
  setTarget(target: string): void;
  setSubject(subject: string): void;
  setPriority(priority: DialPriority): void;
  focusSubject(): void;
}

/** The dialer's priority select offers Normal and Urgent; a link's Emergency counts as Urgent there. */
function dialPriority(options: CallOptions): DialPriority {
  return options.priority === 'urgent' || options.priority === 'emergency' ? 'urgent' : 'normal';
}

/**
 * A call a link proposed (`?call=…&subject=…`) lands in the dialer: its target is kept, and when
 * its Subject cannot be sent (a line break, too long) the user is asked what to do instead of
 * being shown an error that forgets whom they were calling. Returns the question, if one is open.
 */
export function useDialDraft(setters: DraftSetters): ReactNode {
  const draft = usePhone((s) => s.dialDraft);
  const { clearDialDraft } = usePhoneActions();
  const [asking, setAsking] = useState<DialDraft>();
  const [taken, setTaken] = useState<number>();
  // Taken into the fields while rendering (React's "adjust state on a prop change" pattern).
  if (draft && draft.id !== taken) {
    setTaken(draft.id);
    setters.setTarget(draft.target);
    setters.setPriority(dialPriority(draft.options));
    if (subjectProblem(draft.options.subject)) setAsking(draft);
    else setters.setSubject(draft.options.subject ?? '');
  }
  // Once in the fields, the store forgets it (a later dialer never takes it again).
  useEffect(() => {
    if (draft) clearDialDraft();
  }, [draft, clearDialDraft]);

  if (!asking) return null;
  return (
    <LinkSubjectQuestion
      draft={asking}
      onEdit={() => {
        setters.setSubject(editableSubject(asking.options.subject ?? ''));
        setAsking(undefined);
        setters.focusSubject();
      }}
      onDone={() => setAsking(undefined)}
    />
  );
}

export function LinkSubjectQuestion({
  draft,
  onEdit,
  onDone,
}: {
  draft: DialDraft;
  onEdit(): void;
  onDone(): void;
}) {
  const t = useT();
  const { call } = usePhoneActions();
  const titleId = useId();
  const firstRef = useRef<HTMLButtonElement>(null);
  const problem = subjectProblem(draft.options.subject);
  const why = problem?.kind === 'too-long' ? t.subject.tooLong(problem.limit) : t.subject.unsafe;
  // The question takes the focus: it is what the user has to answer now.
  useEffect(() => firstRef.current?.focus(), []);
  return (
    <div className="link-question" role="group" aria-labelledby={titleId} data-testid="link-subject-question">
      <p id={titleId} className="link-question__title">
        {t.subject.linkTitle}
      </p>
      <p role="alert" className="link-question__text">
        <bdi>{t.subject.linkProblem(draft.target, why)}</bdi>
      </p>
      <div className="form__actions">
        <Button
          ref={firstRef}
          variant="answer"
          onClick={() => {
            call(draft.target, { priority: draft.options.priority });
            onDone();
          }}
        >
          {t.subject.callWithout}
        </Button>
        <Button onClick={onEdit}>{t.subject.edit}</Button>
      </div>
    </div>
  );
}
