import { LANGUAGE_NAMES, LANGUAGES, supportedLanguage, useT, type Language } from '../../i18n';
import { usePhone, usePhoneActions } from '../../store';
import { SelectField } from '../../ui/field';

/** The UI language: the browser's ("Browser default") or one chosen here; each named in itself. */
export function LanguagePicker() {
  const t = useT();
  const requested = usePhone((s) => supportedLanguage(s.language) ?? '');
  const { setLanguage } = usePhoneActions();
  const options: ReadonlyArray<{ value: Language | ''; label: string }> = [
    { value: '', label: t.signIn.languageAuto },
    ...LANGUAGES.map((value) => ({ value, label: LANGUAGE_NAMES[value] })),
  ];
  return (
    <SelectField
      label={t.signIn.language}
      name="language"
      value={requested}
      options={options}
      onChange={(v) => setLanguage(v || undefined)}
    />
  );
}
