import { displaySafeText } from '../protocol';
import { cx } from './class-names';

/**
 * Remote text (a display name, a Subject) of any length: rendered as a text node, wrapped anywhere,
 * cut to `lines` lines with an ellipsis, and the whole text in `title` for a pointer hover.
 * Bidi overrides and control characters are neutralised (displaySafeText) and `<bdi>` isolates
 * the text's direction from what surrounds it.
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
  const safe = displaySafeText(text);
  return (
    <span className={cx('clamp', `clamp--${lines}`, className)} title={safe} data-testid={testId}>
      <bdi>{safe}</bdi>
    </span>
  );
}
