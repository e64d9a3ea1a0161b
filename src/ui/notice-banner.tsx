import { useT } from '../i18n';
import { Button, VisuallyHidden } from './button';
import { CloseIcon } from './icons';
import { cx } from './class-names';

export interface NoticeBannerProps {
  kind: 'error' | 'info';
  text: string;
  onDismiss(): void;
}

/** Something the user should know now (role="alert"), with a "Dismiss" button. */
export function NoticeBanner({ kind, text, onDismiss }: NoticeBannerProps) {
  const t = useT();
  return (
    <div role="alert" className={cx('notice', `notice--${kind}`)} data-testid="notice">
      <p className="notice__text">{text}</p>
      <Button variant="ghost" className="notice__dismiss" icon={<CloseIcon />} onClick={onDismiss}>
        <VisuallyHidden>{t.notice.dismiss}</VisuallyHidden>
      </Button>
    </div>
  );
}
