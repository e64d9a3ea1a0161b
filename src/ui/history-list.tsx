import { useT } from '../i18n';
import { useId } from 'react';
import { Button } from './button';
import { ClampedText } from './clamped-text';
import { UrgentBadge } from './badges';
import { IncomingIcon, MissedIcon, OutgoingIcon, PhoneIcon } from './icons';
import { cx } from './class-names';

export interface HistoryEntryView {
  id: string;
  kind: 'incoming' | 'outgoing' | 'missed';
  /** "Incoming", "Outgoing", "Missed", "Voicemail", … */
  kindLabel: string;
  name: string;
  address?: string;
  /** Localised date and time, and the same instant as ISO text for <time dateTime>. */
  when: string;
  whenIso: string;
  subject?: string;
  urgent: boolean;
  /** The Priority in words when the Urgent badge doesn't say it all ("Emergency", "Non-urgent"). */
  priorityText?: string;
  /** How it ended, e.g. "Busy", "Missed while Appear Offline", and how long it lasted. */
  outcome?: string;
  /** What the voicemail server was told about the call (MS-EUMR 3.2), if anything. */
  report?: string;
  /** "Transferred by Bob": the call came through a transfer. */
  transferNote?: string;
}

function KindIcon({ kind }: { kind: HistoryEntryView['kind'] }) {
  switch (kind) {
    case 'incoming':
      return <IncomingIcon />;
    case 'outgoing':
      return <OutgoingIcon />;
    case 'missed':
      return <MissedIcon />;
  }
}

function HistoryItem({
  entry,
  onCallBack,
  callBackDisabled,
}: {
  entry: HistoryEntryView;
  onCallBack(id: string): void;
  callBackDisabled: boolean;
}) {
  const nameId = useId();
  const t = useT();
  return (
    <li className={cx('history__item', `history__item--${entry.kind}`)} data-testid="history-entry">
      <span className="history__kind">
        <KindIcon kind={entry.kind} />
        <span>{entry.kindLabel}</span>
      </span>
      <time className="history__when" dateTime={entry.whenIso}>
        {entry.when}
      </time>
      <span className="history__peer" id={nameId}>
        <ClampedText text={entry.name} />
        {entry.address ? <ClampedText className="history__address" text={entry.address} /> : null}
      </span>
      {entry.subject || entry.urgent || entry.priorityText ? (
        <span className="history__subject">
          {entry.urgent ? <UrgentBadge testId="history-urgent" /> : null}
          {entry.priorityText ? (
            <span className="history__priority" data-testid="history-priority">
              {entry.priorityText}
            </span>
          ) : null}
          {entry.subject ? <ClampedText text={entry.subject} testId="history-subject" /> : null}
        </span>
      ) : null}
      {entry.transferNote ? (
        <span className="history__report" data-testid="history-transferred-by">
          {entry.transferNote}
        </span>
      ) : null}
      {entry.report ? (
        <span className="history__report" data-testid="history-report">
          {entry.report}
        </span>
      ) : null}
      {entry.outcome ? (
        <span className="history__outcome" data-testid="history-outcome">
          {entry.outcome}
        </span>
      ) : null}
      <Button
        className="history__callback"
        variant="ghost"
        icon={<PhoneIcon />}
        aria-describedby={nameId}
        disabled={callBackDisabled}
        onClick={() => onCallBack(entry.id)}
      >
        {t.history.callBack}
      </Button>
    </li>
  );
}

export interface HistoryListProps {
  entries: readonly HistoryEntryView[];
  onCallBack(id: string): void;
  /** Disable "Call back" (e.g. while not registered). */
  callBackDisabled?: boolean;
}

/** Past calls, newest first. */
export function HistoryList({ entries, onCallBack, callBackDisabled = false }: HistoryListProps) {
  const t = useT();
  if (entries.length === 0) return <p className="history__empty">{t.history.empty}</p>;
  return (
    <ol className="history">
      {entries.map((entry) => (
        <HistoryItem
          key={entry.id}
          entry={entry}
          onCallBack={onCallBack}
          callBackDisabled={callBackDisabled}
        />
      ))}
    </ol>
  );
}
