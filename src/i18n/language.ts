/**
 * Which language to speak, and its catalogue. English is in the main bundle; every other
 * catalogue is a separate chunk fetched with a dynamic import the first time it is needed.
 */
import { en, type Catalogue } from './en';
import type { SipReason } from '../sip/reasons';

export type { Catalogue } from './en';
export { en } from './en';

export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's own name, for a language picker (never translated). */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { en: 'English', de: 'Deutsch' };

/** The supported language of one BCP 47 tag ("de-AT" → "de"), if any. */
export function supportedLanguage(tag: string | undefined | null): Language | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.find((l) => l === primary);
}

/**
 * The language to use: the requested one (a `lang` attribute or setting) if supported, else the
 * first supported one of the browser's preferences (`navigator.languages`), else English.
 */
export function pickLanguage(requested: string | undefined, preferences: readonly string[]): Language {
  return supportedLanguage(requested) ?? preferences.map(supportedLanguage).find((l) => l) ?? 'en';
}

/** The browser's language preferences, best first (empty outside a browser). */
export function browserLanguages(): readonly string[] {
  const nav = globalThis.navigator as Navigator | undefined;
  if (!nav) return [];
  return nav.languages?.length ? nav.languages : nav.language ? [nav.language] : [];
}

/**
 * The locale for dates and numbers: the browser's own regional variant of `lang` when it has one
 * ("en-GB" dates for a British user), else `lang` itself.
 */
export function formatLocale(lang: Language, preferences: readonly string[] = browserLanguages()): string {
  return preferences.find((tag) => supportedLanguage(tag) === lang) ?? lang;
}

const loaded = new Map<Language, Catalogue>([['en', en]]);

/** The catalogue if it is already here (English always is), for a first render without waiting. */
export function catalogueNow(lang: Language): Catalogue | undefined {
  return loaded.get(lang);
}

/** Fetches a catalogue; falls back to English when the chunk can't be loaded. */
export async function loadCatalogue(lang: Language): Promise<Catalogue> {
  const ready = loaded.get(lang);
  if (ready) return ready;
  let catalogue: Catalogue = en;
  try {
    switch (lang) {
      case 'de':
        catalogue = (await import('./de')).de;
        break;
      case 'en':
        break;
    }
  } catch {
    return en; // offline or a stale deployment: English beats a blank phone
  }
  loaded.set(lang, catalogue);
  return catalogue;
}

/**
 * Text made by layers that speak English only (sip/, the voicemail API, form validation), in
 * `t`'s language when the catalogue knows it. A trailing SIP status such as " (480)" is kept.
 */
export function translateKnown(t: Catalogue, text: string): string {
  const exact = t.known[text];
  if (exact !== undefined) return exact;
  // A message with a variable part (what the user typed, a browser error), keyed with {} for it:
  // “x” is not a … → “{}” is not a …; cannot be reached (Failed to fetch). → cannot be reached ({}).
  for (const variable of [/“([^”]*)”/, /\(([^()]*)\)/]) {
    const m = variable.exec(text);
    if (!m || m[1] === undefined) continue;
    const key = text.slice(0, m.index) + m[0].replace(m[1], '{}') + text.slice(m.index + m[0].length);
    const template = t.known[key];
    if (template !== undefined) return template.replace('{}', m[1]);
  }
  const m = /^(.*?)( \(\d{3}\))$/.exec(text);
  const head = m?.[1] !== undefined ? t.known[m[1]] : undefined;
  return head !== undefined && m ? head + m[2] : text;
}

/** What the SIP layer reported (a kind and its data), in `t`'s language. */
export function reasonText(t: Catalogue, reason: SipReason): string {
  const text = t.reasons[reason.kind] as (r: SipReason) => string;
  return text(reason);
}
