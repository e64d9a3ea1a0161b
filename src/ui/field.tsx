import { useId, type ComponentPropsWithRef, type ReactNode } from 'react';
import { cx } from './class-names';

export interface FieldChrome {
  label: string;
  /** Help shown under the control and linked with aria-describedby. */
  hint?: ReactNode;
  error?: string;
  className?: string;
}

function describedBy(id: string, hint: ReactNode, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function FieldNotes({ id, hint, error }: { id: string; hint: ReactNode; error: string | undefined }) {
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      ) : null}
    </>
  );
}

/** What every labelled control gets from its field: its id, its class and its notes' ids. */
export interface ControlWiring {
  id: string;
  className: string;
  'aria-describedby': string | undefined;
}

/** Label above the control, hint and error below, all tied together by one id. */
export function LabelledField({
  label,
  hint,
  error,
  className,
  control,
}: FieldChrome & { control(wiring: ControlWiring): ReactNode }) {
  const id = useId();
  return (
    <div className={cx('field', className)}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {control({ id, className: 'field__control', 'aria-describedby': describedBy(id, hint, error) })}
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

export type TextFieldProps = FieldChrome & Omit<ComponentPropsWithRef<'input'>, 'className'>;

export function TextField({ label, hint, error, className, ...input }: TextFieldProps) {
  return (
    <LabelledField
      label={label}
      hint={hint}
      error={error}
      className={className}
      control={(wiring) => <input {...wiring} aria-invalid={error ? true : undefined} {...input} />}
    />
  );
}

export type TextAreaFieldProps = FieldChrome & Omit<ComponentPropsWithRef<'textarea'>, 'className'>;

export function TextAreaField({ label, hint, error, className, ...textarea }: TextAreaFieldProps) {
  return (
    <LabelledField
      label={label}
      hint={hint}
      error={error}
      className={className}
      control={(wiring) => <textarea {...wiring} aria-invalid={error ? true : undefined} {...textarea} />}
    />
  );
}

export interface SelectOption<V extends string> {
  value: V;
  label: string;
}

export interface SelectFieldProps<V extends string> extends FieldChrome {
  value: V;
  options: ReadonlyArray<SelectOption<V>>;
  onChange(value: V): void;
  disabled?: boolean;
  name?: string;
}

export function SelectField<V extends string>({
  label,
  hint,
  error,
  className,
  value,
  options,
  onChange,
  disabled,
  name,
}: SelectFieldProps<V>) {
  return (
    <LabelledField
      label={label}
      hint={hint}
      error={error}
      className={className}
      control={(wiring) => (
        <select
          {...wiring}
          name={name}
          value={value}
          disabled={disabled}
          onChange={(e) => {
            const chosen = options.find((o) => o.value === e.target.value);
            if (chosen) onChange(chosen.value);
          }}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

export interface CheckboxFieldProps extends FieldChrome {
  checked: boolean;
  onChange(checked: boolean): void;
  name?: string;
}

export function CheckboxField({
  label,
  hint,
  error,
  className,
  checked,
  onChange,
  name,
}: CheckboxFieldProps) {
  const id = useId();
  return (
    <div className={cx('field field--checkbox', className)}>
      <input
        id={id}
        name={name}
        type="checkbox"
        checked={checked}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}
