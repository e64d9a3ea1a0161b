import { useId, useState, type ComponentPropsWithRef, type KeyboardEvent } from 'react';
import { LabelledField, type FieldChrome } from './field';
import { cx } from './class-names';

export interface ComboboxOption {
  /** Unique among the options (becomes part of the option's id). */
  key: string;
  /** What goes into the field when the option is chosen. */
  value: string;
  /** What the option says (e.g. a name); shown as text only. */
  label: string;
  /** A second line, e.g. the address and where the suggestion comes from. */
  detail?: string;
}

export type ComboboxFieldProps = FieldChrome &
  Omit<ComponentPropsWithRef<'input'>, 'className' | 'value' | 'onChange' | 'role'> & {
    value: string;
    onValueChange(value: string): void;
    /** The suggestions for the text as typed (already filtered). */
    options: readonly ComboboxOption[];
    /** Name of the list, e.g. "Suggestions". */
    listLabel: string;
  };

/**
 * A text field with a list of suggestions: the ARIA 1.2 combobox pattern with list autocomplete
 * (WAI-ARIA APG "Editable Combobox With List Autocomplete"). Typing opens the list; Down/Up move
 * through it (aria-activedescendant, focus stays in the field); Enter takes the highlighted
 * suggestion (and otherwise submits the form as usual); Escape closes the list, or clears the
 * field when it is already closed; Alt+Down opens it without moving.
 */
export function ComboboxField({
  label,
  hint,
  error,
  className,
  value,
  onValueChange,
  options,
  listLabel,
  onKeyDown,
  onBlur,
  ...input
}: ComboboxFieldProps) {
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const shown = open && options.length > 0;
  const activeOption = shown && active >= 0 ? options[active] : undefined;
  const optionId = (i: number) => `${listId}-option-${i}`;

  const choose = (option: ComboboxOption) => {
    onValueChange(option.value);
    setOpen(false);
    setActive(-1);
  };

  const keyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    onKeyDown?.(e);
    if (e.defaultPrevented) return;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!shown || e.altKey) {
          setOpen(true);
          if (!e.altKey) setActive(options.length > 0 ? 0 : -1);
          return;
        }
        setActive((i) => (i + 1) % options.length);
        return;
      case 'ArrowUp':
        e.preventDefault();
        if (!shown) {
          setOpen(true);
          setActive(options.length - 1);
          return;
        }
        setActive((i) => (i <= 0 ? options.length - 1 : i - 1));
        return;
      case 'Enter':
        if (activeOption) {
          e.preventDefault();
          choose(activeOption);
        }
        return;
      case 'Escape':
        if (shown) {
          e.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (value !== '') {
          e.preventDefault();
          onValueChange('');
        }
        return;
    }
  };

  return (
    <LabelledField
      label={label}
      hint={hint}
      error={error}
      className={cx('combobox', className)}
      control={(wiring) => (
        <div className="combobox__wrap">
          <input
            {...wiring}
            {...input}
            type="text"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={shown}
            aria-controls={listId}
            aria-activedescendant={activeOption ? optionId(active) : undefined}
            aria-invalid={error ? true : undefined}
            value={value}
            onChange={(e) => {
              onValueChange(e.target.value);
              setOpen(true);
              setActive(-1);
            }}
            onKeyDown={keyDown}
            onBlur={(e) => {
              setOpen(false);
              setActive(-1);
              onBlur?.(e);
            }}
          />
          <ul id={listId} role="listbox" aria-label={listLabel} className="combobox__list" hidden={!shown}>
            {shown
              ? options.map((option, i) => (
                  <li
                    key={option.key}
                    id={optionId(i)}
                    role="option"
                    aria-selected={i === active}
                    className={cx('combobox__option', i === active && 'combobox__option--active')}
                    // Keep focus in the field: the click chooses, the field never blurs first.
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => choose(option)}
                  >
                    <bdi className="combobox__label">{option.label}</bdi>
                    {option.detail ? <bdi className="combobox__detail">{option.detail}</bdi> : null}
                  </li>
                ))
              : null}
          </ul>
        </div>
      )}
    />
  );
}
