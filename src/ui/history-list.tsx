import { memo, useCallback, useEffect, useId, useRef, type MouseEvent, type ReactElement } from 'react';
import { useT } from '../i18n';
import { displaySafeText } from '../protocol';
import { Button } from './button';
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

// Elements made once and shared by every row (React creates no new element or props per row).
const KIND_ICON: Record<HistoryEntryView['kind'], ReactElement> = {
  incoming: <IncomingIcon />,
  outgoing: <OutgoingIcon />,
  missed: <MissedIcon />,
};
const PHONE_ICON = <PhoneIcon />;

/**
 * One line of remote text (a name, an address, a Subject): bidi overrides and control characters
 * neutralised (displaySafeText), its direction isolated from what surrounds it (`dir="auto"`, as
 * `<bdi>` does), cut with an ellipsis, the whole text in `title` for a pointer hover. One element
 * and no component: a history row has up to three of these. (ClampedText's `<wbr>`s between an
 * address's parts do nothing on one line that never wraps.)
 */
function oneLine(text: string, className?: string, testId?: string) {
  const safe = displaySafeText(text);
  return (
    <span className={cx('clamp', 'clamp--1', className)} dir="auto" title={safe} data-testid={testId}>
      {safe}
    </span>
  );
}

interface HistoryItemProps {
  entry: HistoryEntryView;
  /** One handler for every row's "Call back"; the row's button carries the entry's id as its value. */
  onCallBackClick(event: MouseEvent<HTMLButtonElement>): void;
  callBackLabel: string;
  callBackDisabled: boolean;
}

/**
 * One past call. Memoised: its props are the same objects from one list render to the next
 * (src/features/history/history-entries.ts keeps each call's entry), so a new call renders only its
 * own row, and the rows below it keep their fibers and DOM untouched.
 */
const HistoryItem = memo(function HistoryItem({
  entry,
  onCallBackClick,
  callBackLabel,
  callBackDisabled,
}: HistoryItemProps) {
  const nameId = useId();
  return (
    <li
      className={cx('history__item', `history__item--${entry.kind}`)}
      data-testid="history-entry"
      tabIndex={-1}
    >
      <span className="history__kind">
        {KIND_ICON[entry.kind]}
        <span>{entry.kindLabel}</span>
      </span>
      <time className="history__when" dateTime={entry.whenIso}>
        {entry.when}
      </time>
      <span className="history__peer" id={nameId}>
        {oneLine(entry.name)}
        {entry.address ? oneLine(entry.address, 'history__address') : null}
      </span>
      {entry.subject || entry.urgent || entry.priorityText ? (
        <span className="history__subject">
          {entry.urgent ? <UrgentBadge testId="history-urgent" /> : null}
          {entry.priorityText ? (
            <span className="history__priority" data-testid="history-priority">
              {entry.priorityText}
            </span>
          ) : null}
          {entry.subject ? oneLine(entry.subject, undefined, 'history-subject') : null}
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
        icon={PHONE_ICON}
        aria-describedby={nameId}
        disabled={callBackDisabled}
        value={entry.id}
        onClick={onCallBackClick}
      >
        {callBackLabel}
      </Button>
    </li>
  );
});

export interface HistoryListProps {
  /** The calls shown, newest first. */
  entries: readonly HistoryEntryView[];
  /** How many calls the history holds (more than `entries` when older ones are not shown yet). */
  total?: number;
  /** Show the next older calls ("Show older calls"); the first of them then takes the focus. */
  onShowOlder?(): void;
  /** Keep this function the same from render to render: every row would render again otherwise. */
  onCallBack(id: string): void;
  /** Disable "Call back" (e.g. while not registered). */
  callBackDisabled?: boolean;
}

/** Past calls, newest first, and "Show older calls" while some are not shown. */
export function HistoryList({
  entries,
  total = entries.length,
  onShowOlder,
  onCallBack,
  callBackDisabled = false,
}: HistoryListProps) {
  const t = useT();
  const listRef = useRef<HTMLOListElement>(null);
  /** Set by "Show older calls": the index of the first row it adds, which takes the focus. */
  const focusRow = useRef<number | undefined>(undefined);
  const onCallBackClick = useCallback(
    (event: MouseEvent<HTMLButtonElement>) => onCallBack(event.currentTarget.value),
    [onCallBack],
  );
  useEffect(() => {
    const index = focusRow.current;
    if (index === undefined || entries.length <= index) return;
    focusRow.current = undefined;
    (listRef.current?.children[index] as HTMLElement | undefined)?.focus();
  }, [entries.length]);

  if (entries.length === 0) return <p className="history__empty">{t.history.empty}</p>;
  const older = total - entries.length;
  return (
    <>
      <ol className="history" ref={listRef}>
        {entries.map((entry) => (
          <HistoryItem
            key={entry.id}
            entry={entry}
            onCallBackClick={onCallBackClick}
            callBackLabel={t.history.callBack}
            callBackDisabled={callBackDisabled}
          />
        ))}
      </ol>
      {older > 0 && onShowOlder ? (
        <div className="history__more">
          <p className="history__shown" data-testid="history-shown">
            {t.history.shownOf(entries.length, total)}
          </p>
          <Button
            variant="secondary"
            data-testid="history-show-older"
            onClick={() => {
              focusRow.current = entries.length;
              onShowOlder();
            }}
          >
            {t.history.showOlder}
          </Button>
        </div>
      ) : null}
    </>
  );
}
