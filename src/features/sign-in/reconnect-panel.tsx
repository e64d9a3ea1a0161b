import { useId } from 'react';
import { usePhone, usePhoneActions } from '../../store';
import { reasonText, useLocale, useT } from '../../i18n';
import { Button } from '../../ui/button';
import { reconnectDetail } from '../header/reconnect-detail';
import { useSecondClock } from '../header/app-header';

/**
 * While a phone that was registered reconnects: why, when the next attempt is (the whole sentence,
 * wrapping at any width, unlike the header's one line), and the two ways out: try now, or go back
 * to the sign-in form to change the server or credentials (the password stays in memory).
 */
export function ReconnectPanel() {
  const t = useT();
  const locale = useLocale();
  const headingId = useId();
  const sipReason = usePhone((s) => s.registrationReason);
  const nextRetryAt = usePhone((s) => s.nextRetryAt);
  const now = useSecondClock(nextRetryAt);
  const { retryNow, changeSettings } = usePhoneActions();
  const detail = reconnectDetail(
    sipReason && reasonText(t, sipReason),
    nextRetryAt,
    now,
    (at) =>
      new Date(at).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
    { now: t.registration.nextAttemptNow, in: t.registration.nextAttemptIn },
  );
  return (
    <section className="card reconnect" aria-labelledby={headingId} data-testid="reconnect-panel">
      <h2 id={headingId} className="card__title">
        {t.recovery.heading}
      </h2>
      {detail ? (
        <p className="reconnect__detail" data-testid="reconnect-detail">
          {detail}
        </p>
      ) : null}
      <div className="form__actions">
        <Button variant="primary" onClick={retryNow}>
          {t.recovery.retryNow}
        </Button>
        <Button onClick={changeSettings}>{t.recovery.changeSettings}</Button>
      </div>
    </section>
  );
}
