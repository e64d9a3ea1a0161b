import { cx } from './class-names';

export type StatusTone = 'ok' | 'pending' | 'error' | 'idle';

export interface StatusIndicatorProps {
  /** The state in a word or two; the only text inside the role="status" element. */
  label: string;
  tone: StatusTone;
  /** Why (e.g. "401 Unauthorized"), shown after the status in its own element. */
  detail?: string;
  testId?: string;
}

export function StatusIndicator({ label, tone, detail, testId }: StatusIndicatorProps) {
  return (
    <div className={cx('status', `status--${tone}`)}>
      <span className="status__dot" aria-hidden="true" />
      <span role="status" className="status__label" data-testid={testId}>
        {label}
      </span>
      {detail ? (
        <span
          className="status__detail clamp clamp--1"
          title={detail}
          data-testid={testId && `${testId}-detail`}
        >
          {detail}
        </span>
      ) : null}
    </div>
  );
}
