/**
 * A build step for the language catalogues other than English (src/i18n/de.ts): each one ships
 * without its keys (issue 17, the element's weight). A catalogue has English's shape exactly (the
 * type `Catalogue` is `typeof en`), and English is always loaded before another language (it is in
 * the main bundle, src/i18n/language.ts), so the keys are already in the page: the German chunk,
 * compressed on its own, paid for them a second time (≈ 1 KB brotli of its ≈ 6).
 * The element's build applies it (vite.embed.config.ts), where English is in the element's chunk;
 * in the SPA, German's import of English would give English a chunk of its own.
 *
 * `export const de: Catalogue = { app: { name: 'UM Phone', … }, … }` becomes
 * `export const de = fillCatalogue(en, [['UM Phone', …], …])`: every section (a non-empty object
 * literal in English) becomes an array of its values in English's key order, and `fillCatalogue`
 * puts English's keys back at load time. A section English leaves empty (`known`, keyed by English
 * text) stays an object. Values are not moved: keys are blanked to spaces and braces become
 * brackets, so no line or column moves and the source map stays right. Pinned to the shape: a key
 * English does not have, one missing, or another order, and the step returns undefined (the
 * catalogue ships as written and the build says so); the unit test (compact-catalogue.test.ts)
 * checks the built catalogue equals the source one, value for value.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseSync, type ESTree, type Plugin } from 'vite';

/** English's shape: each key, and for a section its own shape. */
type Shape = ReadonlyArray<{ readonly key: string; readonly section?: Shape }>;

/** The object literal under TypeScript's `satisfies` / `as`, if that is what `e` is. */
function objectLiteral(e: ESTree.Expression): ESTree.ObjectExpression | undefined {
  let at: ESTree.Expression = e;
  while (at.type === 'TSAsExpression' || at.type === 'TSSatisfiesExpression') at = at.expression;
  return at.type === 'ObjectExpression' ? at : undefined;
}

function keyOf(p: ESTree.ObjectExpression['properties'][number]): string | undefined {
  if (p.type !== 'Property' || p.computed || p.kind !== 'init' || p.method || p.shorthand) return undefined;
  if (p.key.type === 'Identifier') return p.key.name;
  return p.key.type === 'Literal' && typeof p.key.value === 'string' ? p.key.value : undefined;
}

/** `export const NAME … = { … }`'s object literal. */
function exported(code: string, file: string, name: string): ESTree.ObjectExpression | undefined {
  for (const s of parseSync(file, code).program.body) {
    if (s.type !== 'ExportNamedDeclaration' || s.declaration?.type !== 'VariableDeclaration') continue;
    for (const d of s.declaration.declarations)
      if (d.id.type === 'Identifier' && d.id.name === name && d.init) return objectLiteral(d.init);
  }
  return undefined;
}

function shapeOf(o: ESTree.ObjectExpression): Shape | undefined {
  const shape: Array<{ key: string; section?: Shape }> = [];
  for (const p of o.properties) {
    const key = keyOf(p);
    if (key === undefined || p.type !== 'Property') return undefined;
    const inner = objectLiteral(p.value as ESTree.Expression);
    if (inner && inner.properties.length > 0) {
      const section = shapeOf(inner);
      if (!section) return undefined;
      shape.push({ key, section });
    } else shape.push({ key });
  }
  return shape;
}

/** The blanking edits that turn `o` (shaped like `shape`) into nested arrays, or undefined. */
function edits(o: ESTree.ObjectExpression, shape: Shape): Array<[number, number, string]> | undefined {
  if (o.properties.length !== shape.length) return undefined;
  const out: Array<[number, number, string]> = [
    [o.start, o.start + 1, '['],
    [o.end - 1, o.end, ']'],
  ];
  for (const [i, p] of o.properties.entries()) {
    const expected = shape[i]!;
    if (p.type !== 'Property' || keyOf(p) !== expected.key) return undefined;
    out.push([p.key.start, p.value.start, '']); // the key and its colon
    if (expected.section) {
      const inner = objectLiteral(p.value as ESTree.Expression);
      const nested = inner && edits(inner, expected.section);
      if (!nested || inner !== p.value) return undefined;
      out.push(...nested);
    }
  }
  return out;
}

const FILL =
  '\n// UM Phone build: keys from English (scripts/compact-catalogue.ts).\n' +
  'function fillCatalogue(shape, values) {\n' +
  '    return Object.fromEntries(Object.keys(shape).map((key, i) => {\n' +
  '        const value = shape[key];\n' +
  "        const section = typeof value === 'object' && value !== null && Object.keys(value).length > 0;\n" +
  '        return [key, section ? fillCatalogue(value, values[i]) : values[i]];\n' +
  '    }));\n' +
  '}\n';

/**
 * `source` (a catalogue module exporting `name`) without its keys, given English's module source,
 * or undefined when its shape is not English's. The result imports English from `from`.
 */
export function compactCatalogue(
  source: string,
  file: string,
  name: string,
  english: string,
  from = './en',
): string | undefined {
  const en = exported(english, 'en.ts', 'en');
  const shape = en && shapeOf(en);
  const target = exported(source, file, name);
  const blanks = shape && target && edits(target, shape);
  if (!target || !blanks) return undefined;
  // `export const de: Catalogue = {` → `export const de = fillCatalogue(englishShape, [`, and its
  // closing `}` → `])`: only those two lines change length.
  const declaration = new RegExp(`export const ${name}(?:: Catalogue)? = \\{$`).exec(
    source.slice(0, target.start + 1),
  );
  if (!declaration) return undefined;
  blanks[0] = [declaration.index, target.start + 1, `export const ${name} = fillCatalogue(englishShape, [`];
  blanks[1] = [target.end - 1, target.end, '])'];
  blanks.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end, to] of blanks) {
    const region = source.slice(start, end);
    out +=
      source.slice(at, start) +
      (to.length >= region.length ? to : to + region.slice(to.length).replace(/[^\n]/g, ' '));
    at = end;
  }
  // On the first line (the file's comment), so that no line moves.
  return `import { en as englishShape } from ${JSON.stringify(from)}; ${out}${source.slice(at)}${FILL}`;
}

/** The Vite plugin: compacts src/i18n/de.ts in builds, and says so when it cannot. */
export function compactCatalogues(): Plugin {
  return {
    name: 'um-phone-compact-catalogues',
    apply: 'build',
    enforce: 'pre', // on the TypeScript source, before its types are stripped
    transform: {
      filter: { id: /\/src\/i18n\/de\.ts$/ },
      handler(code, id) {
        const english = readFileSync(new URL('en.ts', pathToFileURL(id)), 'utf8');
        const out = compactCatalogue(code, id, 'de', english);
        if (out === undefined) {
          this.warn('src/i18n/de.ts is not shaped as English (keys, order): it ships with its keys');
          return null;
        }
        return { code: out, map: null };
      },
    },
  };
}
