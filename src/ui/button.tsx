import type { ComponentPropsWithRef, ReactNode } from 'react';
import { cx } from './class-names';

export type ButtonVariant = 'primary' | 'secondary' | 'answer' | 'danger' | 'ghost';

export interface ButtonProps extends ComponentPropsWithRef<'button'> {
  variant?: ButtonVariant;
  icon?: ReactNode;
}

/** A native button (Enter/Space work, focusable by Tab); `type` defaults to "button", not "submit". */
export function Button({
  variant = 'secondary',
  icon,
  children,
  className,
  type = 'button',
  ...rest
}: ButtonProps) {
  return (
    <button type={type} className={cx('btn', `btn--${variant}`, className)} {...rest}>
      {icon}
      {children}
    </button>
  );
}

/** Text only assistive technology reads (e.g. the name of an icon-only button). */
export function VisuallyHidden({ children }: { children: ReactNode }) {
  return <span className="visually-hidden">{children}</span>;
}
