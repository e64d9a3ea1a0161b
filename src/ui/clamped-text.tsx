import { cx } from './class-names';

/**
 * Remote text (a display name, a Subject) of any length: rendered as a text node, wrapped anywhere,
 * cut to `lines` lines with an ellipsis, and the whole text in `title` for a pointer hover.
 */
export function ClampedText({
  text,
  lines = 1,
  className,
  testId,
}: {
  text: string;
  lines?: 1 | 2 | 3;
  className?: string;
  testId?: string;
}) {
  return (
    <span className={cx('clamp', `clamp--${lines}`, className)} title={text} data-testid={testId}>
      {text}
    </span>
  );
}
