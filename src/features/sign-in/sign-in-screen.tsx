import { useId, useState, type FormEvent } from 'react';
import { isTrustedTransport } from '../../protocol';
import { usePhone, usePhoneActions } from '../../store';
import { Button } from '../../ui/button';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../ui/field';
import { LockIcon, UnlockIcon } from '../../ui/icons';
import type { DtmfMode } from '../../config/settings';
import {
  formFromSettings,
  settingsFromForm,
  type SettingsForm,
  type SettingsFormErrors,
} from './settings-form';

const DTMF_OPTIONS = [
  { value: 'rfc4733', label: 'RFC 4733 tones' },
  { value: 'info', label: 'SIP INFO' },
] as const satisfies ReadonlyArray<{ value: DtmfMode; label: string }>;

/** Field names in the order they appear, to focus the first one that needs fixing. */
const FIELD_ORDER = ['serverUrl', 'aor', 'iceServers'] as const;

function TransportHint({ serverUrl }: { serverUrl: string }) {
  const url = serverUrl.trim();
  const trusted = isTrustedTransport(url);
  const how = /^wss:/i.test(url) ? 'TLS' : 'this computer only';
  return (
    <span className="transport-hint" data-testid="transport-hint" data-trusted={String(trusted)}>
      {trusted ? <LockIcon /> : <UnlockIcon />}
      {trusted
        ? `Trusted transport (${how}): voicemail can skip the PIN.`
        : 'Not a trusted transport: voicemail will always ask for the PIN. Use wss:// to allow skipping it.'}
    </span>
  );
}

/** Sign-in and settings in one form. Settings are remembered; the password never is. */
export function SignInScreen() {
  const settings = usePhone((s) => s.settings);
  const { signIn } = usePhoneActions();
  const [form, setForm] = useState<SettingsForm>(() => formFromSettings(settings));
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<SettingsFormErrors>({});
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const headingId = useId();

  const update = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const result = settingsFromForm(form);
    setErrors(result.errors);
    if (!result.settings) {
      const first = FIELD_ORDER.find((k) => result.errors[k]);
      if (first === 'iceServers') setAdvancedOpen(true);
      const el = first ? e.currentTarget.elements.namedItem(first) : null;
      if (el instanceof HTMLElement) requestAnimationFrame(() => el.focus());
      return;
    }
    signIn(result.settings, password);
  };

  return (
    <section className="card sign-in" aria-labelledby={headingId}>
      <h1 id={headingId} className="card__title">
        Sign in
      </h1>
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          label="Server URL"
          name="serverUrl"
          type="url"
          inputMode="url"
          autoComplete="url"
          spellCheck={false}
          autoCapitalize="none"
          placeholder="wss://sip.example.com:7443"
          value={form.serverUrl}
          onChange={(e) => update('serverUrl', e.target.value)}
          hint={<TransportHint serverUrl={form.serverUrl} />}
          error={errors.serverUrl}
        />
        <TextField
          label="SIP address"
          name="aor"
          type="text"
          inputMode="email"
          autoComplete="username"
          spellCheck={false}
          autoCapitalize="none"
          placeholder="sip:alice@example.com"
          value={form.aor}
          onChange={(e) => update('aor', e.target.value)}
          error={errors.aor}
        />
        <TextField
          label="Auth user"
          name="authUser"
          type="text"
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="none"
          value={form.authUser}
          onChange={(e) => update('authUser', e.target.value)}
          hint="Leave empty to use the user part of your SIP address."
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          hint="Kept in memory only, never stored."
        />
        <TextField
          label="Display name"
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
          <summary>Advanced</summary>
          <div className="advanced__body">
            <TextAreaField
              label="ICE servers"
              name="iceServers"
              rows={3}
              spellCheck={false}
              autoCapitalize="none"
              placeholder="stun:stun.example.com:3478"
              value={form.iceServers}
              onChange={(e) => update('iceServers', e.target.value)}
              hint="STUN/TURN URLs, separated by commas or new lines. Empty: local candidates only."
              error={errors.iceServers}
            />
            <SelectField
              label="DTMF"
              name="dtmfMode"
              value={form.dtmfMode}
              options={DTMF_OPTIONS}
              onChange={(v) => update('dtmfMode', v)}
            />
            <CheckboxField
              label="Skip voicemail PIN on trusted connections"
              name="skipPin"
              checked={form.skipPin}
              onChange={(v) => update('skipPin', v)}
              hint="Only ever sent over a trusted transport: wss://, or ws:// to this computer."
            />
            <TextField
              label="Voicemail web API"
              name="voicemailApiUrl"
              type="url"
              spellCheck={false}
              autoCapitalize="none"
              value={form.voicemailApiUrl}
              onChange={(e) => update('voicemailApiUrl', e.target.value)}
              hint="For the message list and Play on my phone. Signs in with your SIP credentials."
              error={errors.voicemailApiUrl}
            />
          </div>
        </details>
        <div className="form__actions">
          <Button type="submit" variant="primary">
            Sign in
          </Button>
        </div>
      </form>
    </section>
  );
}
