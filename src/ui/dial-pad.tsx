import { useRef, useState, type KeyboardEvent } from 'react';
import { DTMF_KEYS, type DtmfKey } from './keyboard';
import { cx } from './class-names';

const LETTERS: Record<DtmfKey, string> = {
  '1': '',
  '2': 'ABC',
  '3': 'DEF',
  '4': 'GHI',
  '5': 'JKL',
  '6': 'MNO',
  '7': 'PQRS',
  '8': 'TUV',
  '9': 'WXYZ',
  '*': '',
  '0': '+',
  '#': '',
};

/** The pad is three keys wide. */
const COLUMNS = 3;

export interface DialPadProps {
  /** Name of the group, e.g. "Dial pad" or "DTMF keypad". */
  label: string;
  onKey(key: DtmfKey): void;
  disabled?: boolean;
  id?: string;
  className?: string;
}

/**
 * Where an arrow, Home or End key moves from key `i` of the 3×4 pad, or undefined for any other
 * key. Left/Right run through the keys in reading order (wrapping), Up/Down move a row (wrapping
 * within the column).
 */
export function padKeyTarget(i: number, key: string, count = DTMF_KEYS.length): number | undefined {
  switch (key) {
    case 'ArrowRight':
      return (i + 1) % count;
    case 'ArrowLeft':
      return (i - 1 + count) % count;
    case 'ArrowDown':
      return (i + COLUMNS) % count;
    case 'ArrowUp':
      return (i - COLUMNS + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}

/**
 * Twelve phone keys; each button's accessible name is just its digit ("1" … "0", "*", "#"). The
 * pad is one Tab stop (roving tabindex): the arrow keys move between its keys, so Tab goes past it
 * to what follows (Voicemail, the call controls) instead of through twelve keys.
 */
export function DialPad({ label, onKey, disabled, id, className }: DialPadProps) {
  const [current, setCurrent] = useState(0);
  const keys = useRef<Array<HTMLButtonElement | null>>([]);
  const move = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    const next = padKeyTarget(i, e.key);
    if (next === undefined) return;
    e.preventDefault();
    setCurrent(next);
    keys.current[next]?.focus();
  };
  return (
    <div role="group" aria-label={label} id={id} className={cx('dialpad', className)}>
      {DTMF_KEYS.map((key, i) => (
        <button
          key={key}
          ref={(el) => {
            keys.current[i] = el;
          }}
          type="button"
          className="dialpad__key"
          aria-label={key}
          disabled={disabled}
          tabIndex={i === current ? 0 : -1}
          onFocus={() => setCurrent(i)}
          onKeyDown={(e) => move(e, i)}
          onClick={() => onKey(key)}
        >
          <span className="dialpad__digit" aria-hidden="true">
            {key}
          </span>
          <span className="dialpad__letters" aria-hidden="true">
            {LETTERS[key]}
          </span>
        </button>
      ))}
    </div>
  );
}
