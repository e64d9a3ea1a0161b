import { useId, useRef, useState } from 'react';
import { useT } from '../../i18n';
import { Button, VisuallyHidden } from '../../ui/button';
import { CloseIcon, SettingsIcon } from '../../ui/icons';
import { SettingsPanel } from './settings-panel';

/**
 * The header's "Settings" button and the settings as a modal dialog (the native <dialog>: focus
 * moves into it and stays there, Escape closes it, and focus returns to the button). The panel
 * is only mounted while open, so the microphone meter runs only then.
 */
export function SettingsDialog() {
  const t = useT();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const titleId = useId();
  const close = () => dialogRef.current?.close();
  return (
    <>
      <Button
        ref={openerRef}
        className="settings-opener"
        icon={<SettingsIcon />}
        aria-haspopup="dialog"
        onClick={() => {
          setOpen(true);
          dialogRef.current?.showModal();
        }}
      >
        <span className="settings-opener__text">{t.settings.open}</span>
      </Button>
      <dialog
        ref={dialogRef}
        className="settings-dialog card"
        aria-labelledby={titleId}
        onClose={() => {
          setOpen(false);
          openerRef.current?.focus();
        }}
      >
        <div className="settings-dialog__head">
          <h2 id={titleId} className="card__title">
            {t.settings.title}
          </h2>
          <Button variant="ghost" icon={<CloseIcon />} onClick={close}>
            <VisuallyHidden>{t.settings.close}</VisuallyHidden>
          </Button>
        </div>
        {open ? <SettingsPanel /> : null}
      </dialog>
    </>
  );
}
