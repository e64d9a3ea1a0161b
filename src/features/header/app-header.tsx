import { usePhone, usePhoneActions } from '../../store';
import { Button } from '../../ui/button';
import { ClampedText } from '../../ui/clamped-text';
import { PhoneIcon } from '../../ui/icons';
import { StatusIndicator } from '../../ui/status-indicator';
import { registrationLabel, registrationTone } from '../labels';
import { PresencePicker } from './presence-picker';

/** Always visible: registration state (role="status"), who is signed in, presence, sign out. */
export function AppHeader() {
  const registration = usePhone((s) => s.registration);
  const detail = usePhone((s) => s.registrationDetail);
  const aor = usePhone((s) => s.settings.aor);
  const { signOut } = usePhoneActions();
  const signedIn = registration !== 'signed-out';
  return (
    <header className="app-header">
      <div className="app-header__brand">
        <PhoneIcon />
        <span>UM Phone</span>
      </div>
      <div className="app-header__who">
        <StatusIndicator
          label={registrationLabel(registration)}
          tone={registrationTone(registration)}
          detail={detail}
          testId="registration-status"
        />
        {signedIn ? (
          <p className="app-header__aor" data-testid="signed-in-aor">
            <ClampedText text={aor} />
          </p>
        ) : null}
      </div>
      {signedIn ? (
        <div className="app-header__controls">
          <PresencePicker />
          <Button onClick={signOut}>Sign out</Button>
        </div>
      ) : null}
    </header>
  );
}
