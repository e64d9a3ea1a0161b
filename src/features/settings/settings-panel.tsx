import { lazy, Suspense, useState } from 'react';
import { translateKnown, useT } from '../../i18n';
import { usePhone, usePhoneActions } from '../../store';
import type { PhoneSettings } from '../../config/settings';
import { Button } from '../../ui/button';

import { LanguagePicker } from '../sign-in/language-picker';
import { parseContacts } from './contacts-text';
import { ContactsField, DtmfModeField } from './settings-fields';

/** Device selection and the level meter: their own chunk, as on the sign-in form. */
const DevicesPanel = lazy(() => import('../devices/devices-panel'));

/**
 * What can change while signed in, at once: devices (a running call moves to them), the DTMF
 * mode, contacts, the language. The server and the identity need a new sign-in: "Sign in again"
 * goes back to the form with everything (the password too, in memory) filled in.
 */
export function SettingsPanel() {
  const t = useT();
  const settings = usePhone((s) => s.settings);
  const { applySettings, changeSettings } = usePhoneActions();
  const [contactsText, setContactsText] = useState(() => settings.contacts.join('\n'));
  const [contactsError, setContactsError] = useState<string>();
  const [saved, setSaved] = useState(0);
  const apply = (patch: Partial<PhoneSettings>) => {
    applySettings({ ...settings, ...patch });
    setSaved((n) => n + 1);
  };

  const saveContacts = () => {
    const { contacts, error } = parseContacts(contactsText);
    setContactsError(error === undefined ? undefined : translateKnown(t, error));
    if (contacts && contacts.join('\n') !== settings.contacts.join('\n')) apply({ contacts });
  };

  return (
    <div className="settings">
      <Suspense fallback={null}>
        <DevicesPanel
          microphoneId={settings.microphoneId}
          speakerId={settings.speakerId}
          ringerId={settings.ringerId}
          onChange={(key, deviceId) => apply({ [key]: deviceId })}
        />
      </Suspense>
      <DtmfModeField value={settings.dtmfMode} onChange={(dtmfMode) => apply({ dtmfMode })} />
      <LanguagePicker />
      <ContactsField
        rows={3}
        value={contactsText}
        onChange={(e) => setContactsText(e.target.value)}
        onBlur={saveContacts}
        hint={t.settings.contactsHint}
        error={contactsError}
      />
      <Button onClick={saveContacts}>{t.settings.saveContacts}</Button>
      <p role="status" className="settings__saved" data-testid="settings-saved">
        {saved > 0 ? t.settings.applied : ''}
      </p>
      <section className="settings__account" aria-label={t.settings.account}>
        <h3 className="settings__subtitle">{t.settings.account}</h3>
        <p className="field__hint">
          <bdi>{settings.aor}</bdi> · <bdi>{settings.serverUrl}</bdi>
        </p>
        <p className="field__hint">{t.settings.signInAgainHint}</p>
        <Button onClick={changeSettings}>{t.settings.signInAgain}</Button>
      </section>
    </div>
  );
}
