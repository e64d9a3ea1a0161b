/**
 * Figure 1, weight, raw, gzip -9 and brotli q11 (node:zlib), 1 KB = 1000 bytes throughout:
 * - the SPA before sign-in: what its index.html makes the browser fetch (module scripts,
 *   modulepreloads, stylesheets) and the modules those import statically;
 * - the `<um-phone>` element before sign-in: `embed/um-phone.js`, the chunks it imports (statically,
 *   or with `import()` at once: the element) and theirs statically, but not the SIP chunk, which a
 *   page loads on sign-in (or beside the element when a phone there is configured to sign in);
 * - the whole element: every JS file in `embed/`.
 *
 *   node --import tsx bench/weight.ts [--dist DIR] [--check]
 *
 * --check (the CI gate in `npm test`, after the build): exits 1 when what a host page loads before
 * the element signs in is over its budget, or the whole element or the SPA's initial load over
 * theirs by more than 10 % (those two grow with every feature: the gate catches a regression, the
 * benchmark's table says whether the goal is met).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The performance issues' budgets (brotli, bytes). */
export const SPA_INITIAL_BUDGET = 115_000;
/** What a host page loads before the element signs in (issue 17). */
export const EMBED_INITIAL_BUDGET = 120_000;
/** Every file of the element (issue 17). */
export const EMBED_ALL_BUDGET = 150_000;
/** The SPA's and the whole element's gates fail only beyond budget + 10 %. */
export const CI_TOLERANCE = 0.1;

export interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}

export interface FileWeight extends Sizes {
  file: string;
}

export interface BundleWeight extends Sizes {
  files: FileWeight[];
}

export interface Weights {
  /** index.html's scripts, modulepreloads and stylesheets and their static imports: before sign-in. */
  spaInitial: BundleWeight;
  /** Every JS and CSS file of the SPA (lazy chunks: SIP.js on sign-in, other languages). */
  spaAll: BundleWeight;
  /** `embed/um-phone.js` and the chunks it imports at once: what a host page loads before the element signs in. */
  embedInitial: BundleWeight;
  /** Every JS file of the element (with the chunks it imports when needed). */
  embed: BundleWeight;
}

export function sizesOf(content: Buffer): Sizes {
  return {
    raw: content.length,
    gzip: gzipSync(content, { level: 9 }).length,
    brotli: brotliCompressSync(content, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
      },
    }).length,
  };
}

/** The files' weights (paths relative to `dir`), each compressed on its own, and their sums. */
export function bundleOf(dir: string, files: string[]): BundleWeight {
  const weights = files.map((file) => ({ file, ...sizesOf(readFileSync(path.join(dir, file))) }));
  const sum = (k: keyof Sizes) => weights.reduce((n, w) => n + w[k], 0);
  return { files: weights, raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') };
}

/** Local JS/CSS that index.html loads up front: module scripts, modulepreload and stylesheet links. */
export function initialAssets(indexHtml: string): string[] {
  const found = new Set<string>();
  const tags = indexHtml.match(/<(script|link)\b[^>]*>/gi) ?? [];
  for (const tag of tags) {
    const attr = (name: string) => new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(tag)?.[1];
    let ref: string | undefined;
    if (/^<script/i.test(tag)) ref = attr('src');
    else if (/^(stylesheet|modulepreload)$/i.test(attr('rel') ?? '')) ref = attr('href');
    if (!ref || /^[a-z]+:|^\/\//i.test(ref)) continue; // inline or another origin: not ours
    found.add(ref.replace(/^\.?\//, ''));
  }
  return [...found];
}

/**
 * The relative specifiers a built ES module imports statically (`import … from "./x.js"`,
 * `import "./x.js"`, `export … from "./x.js"`), not the ones it loads with `import()`.
 */
export function staticImports(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(/\b(?:import|export)\s*(?:[^"'`();]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g))
    found.add(m[1]!);
  return [...found];
}

/** The relative specifiers a built ES module loads with `import("./x.js")` (any quotes). */
export function dynamicImports(code: string): string[] {
  return [
    ...new Set([...code.matchAll(/\bimport\(\s*[`"'](\.{1,2}\/[^`"']+)[`"']\s*\)/g)].map((m) => m[1]!)),
  ];
}

/**
 * The chunk of src/sip/client-chunk.ts (SIP.js and the SIP client): loaded when the element signs
 * in, so not part of what a host page loads before sign-in.
 */
export const SIGN_IN_CHUNK = /(^|\/)client-chunk-[\w-]+\.js$/;

/** The element before sign-in: the entry's static and dynamic imports (but the SIP chunk), and theirs statically. */
export function embedBeforeSignIn(dist: string, entry: string): string[] {
  const dir = path.posix.dirname(entry);
  const code = readFileSync(path.join(dist, entry), 'utf8');
  const loadedAtOnce = dynamicImports(code)
    .map((spec) => path.posix.normalize(path.posix.join(dir, spec)))
    .filter((f) => !SIGN_IN_CHUNK.test(f));
  return withStaticImports(dist, [entry, ...loadedAtOnce]);
}

/** `entries` (paths relative to `dist`) and every JS module they import statically, transitively. */
export function withStaticImports(dist: string, entries: string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!file.endsWith('.js')) return;
    for (const spec of staticImports(readFileSync(path.join(dist, file), 'utf8')))
      visit(path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)));
  };
  entries.forEach(visit);
  return [...seen];
}

/** Files under `dist/dir` whose names match `ext`, as paths relative to `dist`, sorted. */
export function filesUnder(dist: string, dir: string, ext: RegExp): string[] {
  const at = path.join(dist, dir);
  if (!existsSync(at)) return [];
  return (readdirSync(at, { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => ext.test(f))
    .sort()
    .map((f) => `${dir}/${f}`);
}

export function measureWeights(dist: string): Weights {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  return {
    spaInitial: bundleOf(dist, withStaticImports(dist, initialAssets(html))),
    spaAll: bundleOf(dist, filesUnder(dist, 'assets', /\.(js|css)$/)),
    embedInitial: bundleOf(dist, embedBeforeSignIn(dist, 'embed/um-phone.js')),
    embed: bundleOf(dist, filesUnder(dist, 'embed', /\.js$/)),
  };
}

/** Each budget with what it measures, for the table and the gate. */
export function budgets(w: Weights) {
  return [
    { name: 'SPA before sign-in', weight: w.spaInitial, budget: SPA_INITIAL_BUDGET, tolerance: CI_TOLERANCE },
    { name: 'element before sign-in', weight: w.embedInitial, budget: EMBED_INITIAL_BUDGET, tolerance: 0 },
    { name: 'element, every file', weight: w.embed, budget: EMBED_ALL_BUDGET, tolerance: CI_TOLERANCE },
  ];
}

export const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

const names = (b: BundleWeight) => b.files.map((f) => path.basename(f.file)).join(' + ');

export function weightTable(w: Weights): string {
  const row = (name: string, s: Sizes, budget?: number) =>
    `  ${name.padEnd(44)} ${kb(s.raw).padStart(10)} ${kb(s.gzip).padStart(10)} ${kb(s.brotli).padStart(10)}` +
    (budget
      ? `   budget ${kb(budget)} brotli: ${s.brotli <= budget ? 'met' : 'MISSED'} (${(s.brotli / budget).toFixed(2)}×)`
      : '');
  return [
    `  ${'bundle'.padEnd(44)} ${'raw'.padStart(10)} ${'gzip -9'.padStart(10)} ${'brotli 11'.padStart(10)}`,
    row('SPA before sign-in', w.spaInitial, SPA_INITIAL_BUDGET),
    row('SPA everything (+ lazy chunks)', w.spaAll),
    row('element before sign-in', w.embedInitial, EMBED_INITIAL_BUDGET),
    row('element, every file', w.embed, EMBED_ALL_BUDGET),
    `  SPA before sign-in: ${names(w.spaInitial)}`,
    `  element before sign-in: ${names(w.embedInitial)}`,
  ].join('\n');
}

function main(): void {
  const argv = process.argv.slice(2);
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const distAt = argv.indexOf('--dist');
  const dist = path.resolve(distAt >= 0 ? argv[distAt + 1]! : path.join(root, 'dist'));
  if (!existsSync(path.join(dist, 'index.html'))) {
    console.error(`weight: ${dist}/index.html is missing: run npm run build first`);
    process.exit(2);
  }
  const w = measureWeights(dist);
  console.log(weightTable(w));
  if (argv.includes('--check')) {
    let failed = false;
    for (const { name, weight, budget, tolerance } of budgets(w)) {
      const limit = Math.round(budget * (1 + tolerance));
      const allowed = tolerance ? `${kb(limit)} (budget ${kb(budget)} + ${tolerance * 100} %)` : kb(limit);
      if (weight.brotli > limit) {
        failed = true;
        console.error(`weight: ${name} is ${kb(weight.brotli)} brotli, over ${allowed}`);
      } else console.log(`weight: ${name} ${kb(weight.brotli)} brotli ≤ ${allowed}: ok`);
    }
    if (failed) process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
