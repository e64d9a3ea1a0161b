import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import {
  browserLanguages,
  catalogueNow,
  en,
  formatLocale,
  loadCatalogue,
  pickLanguage,
  type Catalogue,
  type Language,
} from './language';

export interface I18n {
  lang: Language;
  t: Catalogue;
}

/** English until a provider says otherwise, so presentational components render on their own. */
const I18nContext = createContext<I18n>({ lang: 'en', t: en });

/**
 * Speaks `requested` (a `lang` attribute or setting) if supported, else the browser's language.
 * Shows English while another catalogue is still loading, never a blank phone.
 */
export function I18nProvider({ requested, children }: { requested?: string; children: ReactNode }) {
  const lang = pickLanguage(requested, browserLanguages());
  const [value, setValue] = useState<I18n>(() => {
    const t = catalogueNow(lang);
    return t ? { lang, t } : { lang: 'en', t: en };
  });
  useEffect(() => {
    let current = true;
    void loadCatalogue(lang).then((t) => {
      if (current) setValue((v) => (v.t === t ? v : { lang: t === en ? 'en' : lang, t }));
    });
    return () => {
      current = false;
    };
  }, [lang]);
  return <I18nContext value={value}>{children}</I18nContext>;
}

/** The catalogue of the language in use. */
export function useT(): Catalogue {
  return useContext(I18nContext).t;
}

/** The language in use, e.g. for the `lang` attribute. */
export function useLanguage(): Language {
  return useContext(I18nContext).lang;
}

/** The locale for Intl formatters (dates, durations): the language, in the browser's regional variant. */
export function useLocale(): string {
  return formatLocale(useContext(I18nContext).lang);
}
