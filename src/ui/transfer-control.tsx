import { useId, useState, type FormEvent } from 'react';
import { useT } from '../i18n';
import { Button } from './button';
import { TextField } from './field';

export interface TransferControlProps {
  /** Who is being transferred (the other party of this call), for the group's name. */
  peerName: string;
  /** The user's other calls this one can be connected to (attended transfer, RFC 5589 §7). */
  consultations: readonly { id: string; name: string }[];
  /** Blind transfer to what the user typed, or into that person's voicemail. */
  onTransfer(target: string, toVoicemail: boolean): void;
  onConnect(consultationId: string): void;
}

/**
 * Transfer on an active call: a disclosure button opening a small form (target field, Transfer
 * now, To their voicemail) and, for each other call, "Connect to …" (attended transfer).
 */
export function TransferControl({ peerName, consultations, onTransfer, onConnect }: TransferControlProps) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState('');
  const formId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onTransfer(target, false);
  };
  return (
    <div className="call-card__transfer">
      <Button
        aria-expanded={open}
        aria-controls={open ? formId : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        {t.transfer.open}
      </Button>
      {open ? (
        <form id={formId} role="group" aria-label={t.transfer.group(peerName)} onSubmit={submit}>
          <TextField
            label={t.transfer.target}
            hint={t.transfer.hint}
            name="transfer-target"
            autoComplete="off"
            spellCheck={false}
            value={target}
            onChange={(e) => setTarget(e.target.value)}
          />
          <div className="call-card__actions">
            <Button type="submit" variant="primary">
              {t.transfer.now}
            </Button>
            <Button onClick={() => onTransfer(target, true)}>{t.transfer.toVoicemail}</Button>
            {consultations.map((c) => (
              <Button key={c.id} onClick={() => onConnect(c.id)} data-connect-call={c.id}>
                {t.transfer.connectTo(c.name)}
              </Button>
            ))}
          </div>
        </form>
      ) : null}
    </div>
  );
}
