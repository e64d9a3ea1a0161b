import { useEffect, useState } from 'react';
import { usePhone, usePhoneActions } from '../../store';
import { reasonText, useLocale, useT } from '../../i18n';
import { Button } from '../../ui/button';
import { ClampedText } from '../../ui/clamped-text';
import { PhoneIcon } from '../../ui/icons';
import { StatusIndicator } from '../../ui/status-indicator';
import { registrationLabel, registrationTone } from '../labels';
import { SettingsDialog } from '../settings/settings-dialog';
import { PresencePicker } from './presence-picker';
import { reconnectDetail } from './reconnect-detail';

/** Always visible: registration state (role="status"), who is signed in, presence, sign out. */
export function AppHeader() {
  const registration = usePhone((s) => s.registration);
  const t = useT();
  const sipReason = usePhone((s) => s.registrationReason);
  const reason = sipReason === undefined ? undefined : reasonText(t, sipReason);
  const nextRetryAt = usePhone((s) => s.nextRetryAt);
  const now = useSecondClock(nextRetryAt);
  const locale = useLocale();
  const detail = reconnectDetail(
    reason,
    nextRetryAt,
    now,
    (at) =>
      new Date(at).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
    { now: t.registration.nextAttemptNow, in: t.registration.nextAttemptIn },
  );
  const aor = usePhone((s) => s.settings.aor);
  const server = usePhone((s) => s.server);
  const { signOut } = usePhoneActions();
  // A failed sign-in shows the form again: nothing to sign out of.
  const signedIn = registration !== 'signed-out' && registration !== 'failed';
  return (
    <header className="app-header">
      <div className="app-header__brand">
        <PhoneIcon />
        <span>{t.app.name}</span>
      </div>
      <div className="app-header__who">
        <StatusIndicator
          label={registrationLabel(registration, t)}
          tone={registrationTone(registration)}
          detail={detail}
          testId="registration-status"
        />
        {signedIn ? (
          <p className="app-header__aor" data-testid="signed-in-aor">
            <ClampedText text={aor} />
          </p>
        ) : null}
        {signedIn && server ? (
          <p className="app-header__aor app-header__server" data-testid="server-in-use">
            <ClampedText text={t.header.server(server)} />
          </p>
        ) : null}
      </div>
      {signedIn ? (
        <div className="app-header__controls">
          <PresencePicker />
          <SettingsDialog />
          <Button onClick={signOut}>{t.header.signOut}</Button>
        </div>
      ) : null}
    </header>
  );
}

/** The time, re-read at once and then every second while a retry is scheduled (the countdown). */
export function useSecondClock(nextRetryAt: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (nextRetryAt === undefined) return;
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [nextRetryAt]);
  return now;
}
