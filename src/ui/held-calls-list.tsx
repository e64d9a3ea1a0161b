import { useId } from 'react';
import { Button } from './button';
import { ClampedText } from './clamped-text';
import { HangUpIcon } from './icons';

export interface HeldCallEntry {
  id: string;
  name: string;
  address?: string;
  /** "On hold", "Putting on hold…", "Calling…" */
  status: string;
  /** The visible word on the button: "Resume", or "Swap" while another call is active. */
  actionLabel: string;
  /** What the button does, with whom ("Swap to Bob, holding the current call"). */
  actionName: string;
  hangUpName: string;
  /** A resume is on its way: the button waits. */
  pending: boolean;
}

export interface HeldCallsListProps {
  heading: string;
  hangUpLabel: string;
  entries: readonly HeldCallEntry[];
  onResume(id: string): void;
  onHangUp(id: string): void;
}

/** The calls on hold on this side, each with Resume (or Swap) and Hang up. */
export function HeldCallsList({ heading, hangUpLabel, entries, onResume, onHangUp }: HeldCallsListProps) {
  const headingId = useId();
  if (entries.length === 0) return null;
  return (
    <section className="held-calls" aria-labelledby={headingId} data-testid="held-calls">
      <h2 id={headingId} className="held-calls__title">
        {heading}
      </h2>
      <ul className="held-calls__list">
        {entries.map((entry) => (
          <li key={entry.id} className="held-call" data-testid="held-call">
            <div className="held-call__who">
              <span className="held-call__name" data-testid="held-call-name">
                <ClampedText text={entry.name} />
              </span>
              {entry.address ? (
                <span className="held-call__address">
                  <ClampedText text={entry.address} />
                </span>
              ) : null}
              <span className="held-call__status" data-testid="held-call-status">
                {entry.status}
              </span>
            </div>
            <div className="held-call__actions">
              <Button
                variant="primary"
                aria-label={entry.actionName}
                disabled={entry.pending}
                onClick={() => onResume(entry.id)}
              >
                {entry.actionLabel}
              </Button>
              <Button
                variant="danger"
                icon={<HangUpIcon />}
                aria-label={entry.hangUpName}
                onClick={() => onHangUp(entry.id)}
              >
                {hangUpLabel}
              </Button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
