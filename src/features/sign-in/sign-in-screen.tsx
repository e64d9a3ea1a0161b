import { lazy, Suspense, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { isTrustedTransport } from '../../protocol';
import { parseServerList } from '../../config/server-list';
import { usePhone, usePhoneActions } from '../../store';
import { reasonText, translateKnown, useT } from '../../i18n';
import { requestNotificationPermission } from '../attention/notifications';
import { LanguagePicker } from './language-picker';
import { problemField, type ProblemField } from './sign-in-problem';
import { Button } from '../../ui/button';
import { CheckboxField, TextAreaField, TextField } from '../../ui/field';
import { ContactsField, DtmfModeField } from '../settings/settings-fields';
import { LockIcon, UnlockIcon } from '../../ui/icons';
import {
  formFromSettings,
  settingsFromForm,
  type SettingsForm,
  type SettingsFormErrors,
} from './settings-form';

/** Device selection and the level meter: their own chunk, fetched when Devices is opened. */
const DevicesPanel = lazy(() => import('../devices/devices-panel'));

/** Field names in the order they appear, to focus the first one that needs fixing. */
const FIELD_ORDER = ['serverUrl', 'aor', 'iceServers', 'trustedVoicemailHosts', 'contacts'] as const;

/** Trusted only when every server in the list is: skip-pin follows the server actually in use. */
function TransportHint({ serverUrl }: { serverUrl: string }) {
  const servers = parseServerList(serverUrl);
  const trusted = servers.length > 0 && servers.every((server) => isTrustedTransport(server));
  const url = servers.every((server) => /^wss:/i.test(server)) ? 'wss:' : '';
  const t = useT();
  return (
    <span className="transport-hint" data-testid="transport-hint" data-trusted={String(trusted)}>
      {trusted ? <LockIcon /> : <UnlockIcon />}
      {trusted ? (/^wss:/i.test(url) ? t.signIn.trustedTls : t.signIn.trustedLocal) : t.signIn.untrusted}
    </span>
  );
}

/** Sign-in and settings in one form. Settings are remembered; the password never is. */
export function SignInScreen() {
  const settings = usePhone((s) => s.settings);
  const { signIn, retryPassword } = usePhoneActions();
  const [form, setForm] = useState<SettingsForm>(() => formFromSettings(settings));
  // After a failed sign-in or "Change settings" the password is still in memory: no retyping.
  const [password, setPassword] = useState(retryPassword);
  const failure = useSignInFailure();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<SettingsFormErrors>({});
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const [devicesOpen, setDevicesOpen] = useState(false);
  const headingId = useId();
  const t = useT();
  /** Validation messages come in English from settings-form: show them in the UI language. */
  const tr = (text: string | undefined) => (text === undefined ? undefined : translateKnown(t, text));
  /** The failed sign-in's reason, in the user's language, next to the field it concerns. */
  const failedAt = (field: ProblemField) =>
    failure && failure.field === field ? reasonText(t, failure.reason) : undefined;

  // The form came back because the sign-in failed: focus the field to fix (its error is read out).
  useEffect(() => {
    if (!failure) return;
    const el = formRef.current?.elements.namedItem(failure.field);
    if (el instanceof HTMLElement) el.focus();
  }, [failure]);

  const update = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const result = settingsFromForm(form);
    setErrors(result.errors);
    if (!result.settings) {
      const first = FIELD_ORDER.find((k) => result.errors[k]);
      if (first === 'iceServers' || first === 'trustedVoicemailHosts' || first === 'contacts')
        setAdvancedOpen(true);
      const el = first ? e.currentTarget.elements.namedItem(first) : null;
      if (el instanceof HTMLElement) requestAnimationFrame(() => el.focus());
      return;
    }
    // A user gesture: the one moment a browser lets us ask to show incoming calls on a hidden tab.
    requestNotificationPermission();
    signIn(result.settings, password);
  };

  return (
    <section className="card sign-in" aria-labelledby={headingId}>
      <h1 id={headingId} className="card__title">
        {t.signIn.title}
      </h1>
      {failure ? (
        <p className="field__error" data-testid="sign-in-failed">
          {t.recovery.signInFailed}
        </p>
      ) : null}
      <form ref={formRef} className="form" onSubmit={onSubmit} noValidate>
        <TextField
          label={t.signIn.serverUrl}
          name="serverUrl"
          type="text"
          inputMode="url"
          autoComplete="url"
          spellCheck={false}
          autoCapitalize="none"
          placeholder="wss://sip.example.com:7443"
          value={form.serverUrl}
          onChange={(e) => update('serverUrl', e.target.value)}
          hint={
            <>
              <TransportHint serverUrl={form.serverUrl} /> <span>{t.signIn.serverList}</span>
            </>
          }
          error={tr(errors.serverUrl) ?? failedAt('serverUrl')}
        />
        <TextField
          label={t.signIn.aor}
          name="aor"
          type="text"
          inputMode="email"
          autoComplete="username"
          spellCheck={false}
          autoCapitalize="none"
          placeholder="sip:alice@example.com"
          value={form.aor}
          onChange={(e) => update('aor', e.target.value)}
          error={tr(errors.aor) ?? failedAt('aor')}
        />
        <TextField
          label={t.signIn.authUser}
          name="authUser"
          type="text"
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="none"
          value={form.authUser}
          onChange={(e) => update('authUser', e.target.value)}
          hint={t.signIn.authUserHint}
          error={failedAt('authUser')}
        />
        <TextField
          label={t.signIn.password}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          hint={t.signIn.passwordHint}
          error={failedAt('password')}
        />
        <TextField
          label={t.signIn.displayName}
          name="displayName"
          type="text"
          autoComplete="name"
          maxLength={128}
          value={form.displayName}
          onChange={(e) => update('displayName', e.target.value)}
        />
        <details
          className="advanced"
          open={advancedOpen}
          onToggle={(e) => setAdvancedOpen(e.currentTarget.open)}
        >
          <summary>{t.signIn.advanced}</summary>
          <div className="advanced__body">
            <TextAreaField
              label={t.signIn.iceServers}
              name="iceServers"
              rows={3}
              spellCheck={false}
              autoCapitalize="none"
              placeholder="stun:stun.example.com:3478"
              value={form.iceServers}
              onChange={(e) => update('iceServers', e.target.value)}
              hint={t.signIn.iceServersHint}
              error={tr(errors.iceServers)}
            />
            <DtmfModeField value={form.dtmfMode} onChange={(v) => update('dtmfMode', v)} />
            <LanguagePicker />
            <CheckboxField
              label={t.signIn.skipPin}
              name="skipPin"
              checked={form.skipPin}
              onChange={(v) => update('skipPin', v)}
              hint={t.signIn.skipPinHint}
            />
            <TextField
              label={t.signIn.voicemailApi}
              name="voicemailApiUrl"
              type="url"
              spellCheck={false}
              autoCapitalize="none"
              value={form.voicemailApiUrl}
              onChange={(e) => update('voicemailApiUrl', e.target.value)}
              hint={t.signIn.voicemailApiHint}
              error={tr(errors.voicemailApiUrl)}
            />
            <TextAreaField
              label={t.signIn.trustedHosts}
              name="trustedVoicemailHosts"
              rows={2}
              spellCheck={false}
              autoCapitalize="none"
              placeholder="um.example.com"
              value={form.trustedVoicemailHosts}
              onChange={(e) => update('trustedVoicemailHosts', e.target.value)}
              hint={t.signIn.trustedHostsHint}
              error={errors.trustedVoicemailHosts}
            />
            <ContactsField
              rows={2}
              value={form.contacts}
              onChange={(e) => update('contacts', e.target.value)}
              hint={t.signIn.contactsHint}
              error={tr(errors.contacts)}
            />
            <details className="devices" onToggle={(e) => setDevicesOpen(e.currentTarget.open)}>
              <summary>{t.devices.title}</summary>
              {devicesOpen ? (
                <Suspense fallback={null}>
                  <DevicesPanel
                    microphoneId={form.microphoneId}
                    speakerId={form.speakerId}
                    ringerId={form.ringerId}
                    onChange={update}
                  />
                </Suspense>
              ) : null}
            </details>
          </div>
        </details>
        <div className="form__actions">
          <Button type="submit" variant="primary">
            {t.signIn.submit}
          </Button>
        </div>
      </form>
    </section>
  );
}

/** Set while the form is shown because the last sign-in failed: why, and which field it concerns. */
function useSignInFailure() {
  const failed = usePhone((s) => s.registration === 'failed');
  const reason = usePhone((s) => s.registrationReason);
  return useMemo(
    () => (failed && reason ? { reason, field: problemField(reason) } : undefined),
    [failed, reason],
  );
}
