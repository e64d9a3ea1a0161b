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

export interface DialPadProps {
  /** Name of the group, e.g. "Dial pad" or "DTMF keypad". */
  label: string;
  onKey(key: DtmfKey): void;
  disabled?: boolean;
  id?: string;
  className?: string;
}

/** Twelve phone keys; each button's accessible name is just its digit ("1" … "0", "*", "#"). */
export function DialPad({ label, onKey, disabled, id, className }: DialPadProps) {
  return (
    <div role="group" aria-label={label} id={id} className={cx('dialpad', className)}>
      {DTMF_KEYS.map((key) => (
        <button
          key={key}
          type="button"
          className="dialpad__key"
          aria-label={key}
          disabled={disabled}
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
