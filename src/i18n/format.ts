/** Dates and call lengths in the user's language, through Intl (no date library). */
import type { Language } from './language';

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** Medium date and short time ("21 Nov 2026, 07:05" / "21.11.2026, 07:05"), cached per language. */
export function dateTimeFormat(lang: Language | string): Intl.DateTimeFormat {
  let f = dateTimeFormats.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
    dateTimeFormats.set(lang, f);
  }
  return f;
}

interface DurationFormatLike {
  format(d: { hours?: number; minutes?: number; seconds?: number }): string;
}
type DurationFormatCtor = new (locale: string, options: { style: 'short' | 'narrow' }) => DurationFormatLike;

/**
 * How long a call lasted, in words ("1 min, 5 sec" / "1 Min., 5 Sek."): Intl.DurationFormat where
 * the browser has it, else the same units through Intl.NumberFormat.
 */
export function formatCallLength(ms: number, lang: Language | string): string {
  const total = Number.isFinite(ms) ? Math.round(Math.max(0, ms) / 1000) : 0;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const DurationFormat = (Intl as unknown as { DurationFormat?: DurationFormatCtor }).DurationFormat;
  if (DurationFormat) {
    const parts = hours > 0 ? { hours, minutes, seconds } : minutes > 0 ? { minutes, seconds } : { seconds };
    return new DurationFormat(lang, { style: 'short' }).format(parts);
  }
  const unit = (value: number, u: 'hour' | 'minute' | 'second') =>
    new Intl.NumberFormat(lang, { style: 'unit', unit: u, unitDisplay: 'short' }).format(value);
  const out: string[] = [];
  if (hours > 0) out.push(unit(hours, 'hour'));
  if (hours > 0 || minutes > 0) out.push(unit(minutes, 'minute'));
  out.push(unit(seconds, 'second'));
  return out.join(', ');
}
