/**
 * The build ships German without its keys (scripts/compact-catalogue.ts): the built module must
 * give the very catalogue the source does, text for text, function for function (same source,
 * same results), with English's keys in English's order.
 */
import { describe, expect, it } from 'vitest';
import { compactCatalogue } from '../../scripts/compact-catalogue';
import { importModuleCopy, readText } from '../../scripts/import-module-copy';
import { de } from './de';
import { en } from './en';

const EN = new URL('./en.ts', import.meta.url);
const DE = new URL('./de.ts', import.meta.url);

/** The German module as the build makes it, loaded (it imports the real English). */
async function builtGerman(): Promise<{ source: string; code: string; de: unknown }> {
  const source = readText(DE);
  const code = compactCatalogue(source, DE.pathname, 'de', readText(EN), EN.pathname);
  if (code === undefined)
    throw new Error('src/i18n/de.ts must list its keys as src/i18n/en.ts does, in its order');
  const loaded = await importModuleCopy<{ de: unknown }>(
    code.replace(/from '\.\/en'/g, `from ${JSON.stringify(EN.pathname)}`),
    'de.ts',
  );
  return { source, code, de: loaded.de };
}

/** Every leaf of a catalogue with its path: text as it is, a function as its source and a few results. */
function leaves(c: unknown, path = ''): Array<[string, unknown]> {
  if (typeof c === 'function') {
    const f = c as (...args: unknown[]) => unknown;
    const tryCall = (...args: unknown[]) => {
      try {
        return f(...args);
      } catch (e) {
        return `throws ${String(e)}`;
      }
    };
    const sample = { kind: 'x', status: 486, error: 'e', input: 'i', tone: 't', seconds: 3 };
    return [
      [path, [String(f), tryCall(0), tryCall(1, 2), tryCall(5, 'at'), tryCall(sample), tryCall('a', 'b')]],
    ];
  }
  if (typeof c !== 'object' || c === null) return [[path, c]];
  return Object.entries(c).flatMap(([k, v]) => leaves(v, `${path}.${k}`));
}

describe('German without its keys (build step)', () => {
  it('is the same catalogue, text for text, with English’s keys in English’s order', async () => {
    const built = await builtGerman();
    expect(leaves(built.de)).toEqual(leaves(de));
    const paths = (c: unknown) => leaves(c).map(([path]) => path);
    expect(paths(built.de).filter((p) => !p.startsWith('.known.'))).toEqual(paths(en));
    expect(paths(de).length).toBeGreaterThan(250);
  });

  it('ships no key of English’s sections, and moves no line', async () => {
    const { source, code } = await builtGerman();
    const lines = (text: string) => text.split('\n').length;
    expect(lines(code.slice(0, code.indexOf('\n// UM Phone build: keys from English')))).toBe(lines(source));
    const beforeKnown = code.slice(0, code.indexOf('known'));
    expect(beforeKnown).toContain("'Anmeldung fehlgeschlagen: siehe das markierte Feld unten.'");
    expect(beforeKnown).not.toMatch(/\b(?:phoneHeading|nextAttemptIn|signInFailed|urgent)\s*:/);
  });
});
