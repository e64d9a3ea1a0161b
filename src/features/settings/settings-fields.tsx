/**
 * The settings fields that the sign-in form and the settings panel (signed in) both show: one
 * markup for each, so the two never drift apart (label, name, input hints).
 */
import { useT } from '../../i18n';
import type { DtmfMode } from '../../config/settings';
import { SelectField, TextAreaField, type TextAreaFieldProps } from '../../ui/field';

/** How keypad tones are sent: RFC 4733 telephone-events, or SIP INFO. */
export function DtmfModeField({ value, onChange }: { value: DtmfMode; onChange(mode: DtmfMode): void }) {
  const t = useT();
  const options = [
    { value: 'rfc4733', label: t.signIn.dtmfRfc4733 },
    { value: 'info', label: t.signIn.dtmfInfo },
  ] as const satisfies ReadonlyArray<{ value: DtmfMode; label: string }>;
  return (
    <SelectField label={t.signIn.dtmf} name="dtmfMode" value={value} options={options} onChange={onChange} />
  );
}

/** The contacts whose presence is shown: one SIP address per line. */
export function ContactsField(
  props: Omit<TextAreaFieldProps, 'label' | 'name' | 'spellCheck' | 'autoCapitalize' | 'placeholder'>,
) {
  const t = useT();
  return (
    <TextAreaField
      label={t.signIn.contacts}
      name="contacts"
      spellCheck={false}
      autoCapitalize="none"
      placeholder="sip:bob@example.com"
      {...props}
    />
  );
}
