import { Fragment } from 'react';
import { displaySafeText } from '../protocol';
import { addressPieces } from './word-breaks';
import { cx } from './class-names';

/**
 * Remote text (a display name, a Subject) of any length: rendered as a text node, wrapped anywhere,
 * cut to `lines` lines with an ellipsis (an address wraps between its parts, not inside a word), and the whole text in `title` for a pointer hover.
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
      <bdi>
        <BreakableText text={safe} />
      </bdi>
    </span>
  );
}

/** Text with a <wbr> between the parts of an address (see addressPieces); anything else as is. */
export function BreakableText({ text }: { text: string }) {
  return addressPieces(text).map((piece, i) => (
    <Fragment key={i}>
      {i > 0 ? <wbr /> : null}
      {piece}
    </Fragment>
  ));
}
