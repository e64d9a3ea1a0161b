/**
 * Figure 1, weight: what the SPA's index.html makes the browser fetch before sign-in (its module
 * scripts, their modulepreloads and stylesheets) and the `<um-phone>` bundle, raw, gzip -9 and
 * brotli q11 (node:zlib). 1 KB = 1000 bytes throughout.
 *
 *   node --import tsx bench/weight.ts [--dist DIR] [--check]
 *
 * --check (the CI gate in `npm test`, after the build): exits 1 when the SPA's initial load is over
 * its brotli budget by more than 10 %. The embed bundle is reported, not gated.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The budgets (brotli, bytes). */
export const SPA_INITIAL_BUDGET = 115_000;
export const EMBED_BUDGET = 120_000;
/** CI fails only beyond budget + 10 %: the gate catches regressions, the benchmark tracks the goal. */
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
  /** index.html's scripts, modulepreloads and stylesheets: everything before sign-in. */
  spaInitial: BundleWeight;
  /** Every JS and CSS file of the SPA (lazy chunks: SIP.js on sign-in, other languages). */
  spaAll: BundleWeight;
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

function bundle(dir: string, files: string[]): BundleWeight {
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

export function measureWeights(dist: string): Weights {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const assetsDir = path.join(dist, 'assets');
  const all = existsSync(assetsDir)
    ? readdirSync(assetsDir)
        .filter((f) => /\.(js|css)$/.test(f))
        .sort()
        .map((f) => `assets/${f}`)
    : [];
  return {
    spaInitial: bundle(dist, initialAssets(html)),
    spaAll: bundle(dist, all),
    embed: bundle(dist, ['embed/um-phone.js']),
  };
}

export const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

export function weightTable(w: Weights): string {
  const row = (name: string, s: Sizes, budget?: number) =>
    `  ${name.padEnd(44)} ${kb(s.raw).padStart(10)} ${kb(s.gzip).padStart(10)} ${kb(s.brotli).padStart(10)}` +
    (budget ? `   budget ${kb(budget)} brotli: ${s.brotli <= budget ? 'met' : 'MISSED'}` : '');
  return [
    `  ${'bundle'.padEnd(44)} ${'raw'.padStart(10)} ${'gzip -9'.padStart(10)} ${'brotli 11'.padStart(10)}`,
    row(
      `SPA initial (${w.spaInitial.files.map((f) => path.basename(f.file)).join(' + ')})`,
      w.spaInitial,
      SPA_INITIAL_BUDGET,
    ),
    row('SPA everything (+ lazy chunks)', w.spaAll),
    row('embed/um-phone.js', w.embed, EMBED_BUDGET),
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
    const limit = Math.round(SPA_INITIAL_BUDGET * (1 + CI_TOLERANCE));
    if (w.spaInitial.brotli > limit) {
      console.error(
        `weight: the SPA's initial load is ${kb(w.spaInitial.brotli)} brotli, over its ${kb(SPA_INITIAL_BUDGET)} budget by more than ${CI_TOLERANCE * 100} % (limit ${kb(limit)})`,
      );
      process.exit(1);
    }
    console.log(`weight: SPA initial ${kb(w.spaInitial.brotli)} brotli ≤ ${kb(limit)} (budget + 10 %): ok`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
