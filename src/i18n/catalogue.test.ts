import { describe, expect, it } from 'vitest';
import { de } from './de';
import { en, type Catalogue } from './en';
import { formatCallLength } from './format';
import { loadCatalogue, pickLanguage, supportedLanguage, translateKnown } from './language';

/** Every leaf of a catalogue as "path: kind/arity", e.g. "call.endedWith: function/1". */
function shape(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]: [string, unknown]) => {
    const path = prefix + k;
    if (path === 'known') return []; // keyed by English source text: each language has its own entries
    if (typeof v === 'string') return [`${path}: string`];
    if (typeof v === 'function') return [`${path}: function/${v.length}`];
    if (typeof v === 'object' && v !== null) return shape(v, `${path}.`);
    return [`${path}: ${typeof v}`];
  });
}

function strings(o: object): string[] {
  return Object.values(o).flatMap((v: unknown) =>
    typeof v === 'string' ? [v] : typeof v === 'object' && v !== null ? strings(v) : [],
  );
}

describe('catalogues', () => {
  it('have the same keys, with the same parameters, in English and German', () => {
    expect(shape(de).sort()).toEqual(shape(en).sort());
  });

  it('have no empty messages', () => {
    for (const c of [en, de] as Catalogue[]) {
      expect(strings(c).filter((s) => s.trim() === '')).toEqual([]);
    }
  });

  it('translate messages with parameters', () => {
    expect(en.title.ringing('Alice')).toBe('Ringing: Alice — UM Phone');
    expect(de.title.ringing('Alice')).toBe('Es klingelt: Alice — UM Phone');
    expect(en.voicemail.count(1, 0)).toBe('1 new message');
    expect(de.voicemail.count(3, 1)).toBe('3 neue Nachrichten (1 dringend)');
  });

  it('loads German on demand', async () => {
    expect(await loadCatalogue('de')).toBe(de);
    expect(await loadCatalogue('en')).toBe(en);
  });
});

describe('pickLanguage', () => {
  it('prefers the requested language, then the browser order, then English', () => {
    expect(pickLanguage('de', ['en-US'])).toBe('de');
    expect(pickLanguage(undefined, ['fr-FR', 'de-AT', 'en'])).toBe('de');
    expect(pickLanguage('xx', ['fr'])).toBe('en');
    expect(pickLanguage('', [])).toBe('en');
    expect(supportedLanguage('DE_ch')).toBe('de');
  });
});

describe('translateKnown', () => {
  it('translates English text from other layers, keeping a SIP status', () => {
    expect(translateKnown(de, 'Declined')).toBe('Abgelehnt');
    expect(translateKnown(de, 'Unavailable (480)')).toBe('Nicht erreichbar (480)');
    expect(translateKnown(de, 'Something new (500)')).toBe('Something new (500)');
    expect(translateKnown(en, 'Unavailable (480)')).toBe('Unavailable (480)');
    expect(translateKnown(de, 'The voicemail server cannot be reached (Failed to fetch).')).toBe(
      'Der Voicemail-Server ist nicht erreichbar (Failed to fetch).',
    );
    expect(translateKnown(de, '“stun.x” is not a stun: or turn: URL.')).toBe(
      '„stun.x“ ist keine stun:- oder turn:-URL.',
    );
  });
});

describe('formatCallLength', () => {
  it('says how long a call lasted in the language', () => {
    expect(formatCallLength(65_000, 'en')).toMatch(/1\s?min.*5\s?sec/);
    expect(formatCallLength(65_000, 'de')).toMatch(/1\s?Min.*5\s?Sek/);
    expect(formatCallLength(3_600_000, 'en')).toMatch(/^1\s?hr/);
    expect(formatCallLength(Number.NaN, 'en')).toMatch(/0\s?sec/);
  });
});

describe('formatLocale', () => {
  it("uses the browser's regional variant of the language for dates", async () => {
    const { formatLocale } = await import('./language');
    expect(formatLocale('en', ['de-DE', 'en-GB'])).toBe('en-GB');
    expect(formatLocale('de', ['en-GB'])).toBe('de');
  });
});
