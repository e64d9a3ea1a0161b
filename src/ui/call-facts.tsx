import { useT } from '../i18n';
import { useId } from 'react';
import { ClampedText } from './clamped-text';
import { UrgentBadge } from './badges';

export interface CallFactsProps {
  subject?: string;
  /** The Priority as words ("Normal", "Emergency", …); omitted when the badge says it all. */
  priorityText?: string;
  urgent: boolean;
}

/** Subject and Priority of a call, each a term labelled exactly "Subject" / "Priority". */
export function CallFacts({ subject, priorityText, urgent }: CallFactsProps) {
  const subjectId = useId();
  const priorityId = useId();
  const t = useT();
  const showPriority = urgent || Boolean(priorityText);
  if (!subject && !showPriority) return null;
  return (
    <dl className="call-facts">
      {subject ? (
        <div className="call-facts__row">
          <dt id={subjectId}>{t.call.subject}</dt>
          <dd aria-labelledby={subjectId} data-testid="call-subject">
            <ClampedText text={subject} lines={3} />
          </dd>
        </div>
      ) : null}
      {showPriority ? (
        <div className="call-facts__row">
          <dt id={priorityId}>{t.call.priority}</dt>
          <dd aria-labelledby={priorityId} data-testid="call-priority">
            {urgent ? <UrgentBadge /> : null}
            {priorityText ? <ClampedText text={priorityText} /> : null}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}
