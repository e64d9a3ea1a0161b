/**
 * Writes the README's benchmark tables from a run's bench/results.json, so nothing in them is
 * typed by hand: Performance → Results (the machine, the knobs and every row of the run) and
 * Embed in your intranet → Size (the weights of figure 1). Each lives between marker comments
 * (`<!-- bench:results -->` … `<!-- /bench:results -->`, `<!-- bench:size -->` … `<!-- /bench:size -->`);
 * everything around them is left alone.
 *
 *   node --import tsx bench/readme-tables.ts [--results FILE]… [--readme FILE]
 *
 * Several --results (runs of different figures, e.g. the long leak figures apart so that no run
 * holds the machine for long): their rows in the order given, each run's machine line above.
 * `FILE#3,8` takes only those figures' rows from FILE (e.g. a run redone for a few figures).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable, type Row } from './harness/results';
import { kb, type BundleWeight, type Weights } from './weight';

interface Machine {
  date: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  loadAverage: number[];
  node: string;
  chromium: string;
  netns: boolean;
  os?: string;
}

interface Results {
  machine: Machine;
  knobs: Record<string, unknown>;
  rows: Row[];
  weight?: Weights;
  /** The bare React 19 + SIP.js page (figure 1, untargeted); absent from runs before it existed. */
  weightReactReference?: BundleWeight;
}

/** Replaces what lies between `<!-- name -->` and `<!-- /name -->` in `text`. */
export function replaceBlock(text: string, name: string, content: string): string {
  const open = `<!-- ${name} -->`;
  const close = `<!-- /${name} -->`;
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start < 0 || end < start) throw new Error(`readme-tables: no ${open} … ${close} block`);
  return `${text.slice(0, start + open.length)}\n${content}\n${text.slice(end)}`;
}

export function machineLine(r: Results): string {
  const m = r.machine;
  const k = r.knobs;
  const when = `${m.date.slice(0, 10)} ${m.date.slice(11, 16)} UTC`;
  const figures = Array.isArray(k.figures) ? (k.figures as number[]).join(', ') : String(k.figures ?? 'all');
  return (
    `Measured ${when} on ${m.cpus} cores (${m.cpuModel}), ${m.memoryGiB} GiB RAM, ${m.os ?? 'Linux'}, ` +
    `Node ${m.node}, ${m.chromium} headless; load average ${m.loadAverage.join(' / ')} when the run ` +
    `started; network namespace with only loopback: ${m.netns ? 'yes' : 'no'}. Figures run: ${figures}. ` +
    `Runs: ${String(k.RUNS)} (figures 2, 4, 5), ${String(k.RING_RUNS)} rings, ${String(k.REF_STUN_RUNS)} ` +
    `reference calls with the dead STUN server, ${String(k.LEAK_CALLS)} calls for leaks` +
    `${k.LONG_LEAK_CALLS ? ` and ${String(k.LONG_LEAK_CALLS)} for the full-history figure` : ''}, ` +
    `${String(k.IDLE_SECONDS)} s idle, ${String(k.BURSTS)} bursts, ${String(k.TYPING_MS ?? '—')} ms of typing` +
    `${k.REPEAT_RUNS ? `, ${String(k.REPEAT_RUNS)} browser profiles of each page for figure 12` : ''}.`
  );
}

export function sizeTable(w: Partial<Weights>, reactReference?: BundleWeight): string {
  // A results.json from before the element was split has no embedInitial: '—'.
  const row = (name: string, b: BundleWeight | undefined) =>
    b ? `| ${name} | ${kb(b.raw)} | ${kb(b.gzip)} | ${kb(b.brotli)} |` : `| ${name} | — | — | — |`;
  const files = (b: BundleWeight | undefined) =>
    b ? b.files.map((f) => `\`${path.basename(f.file)}\``).join(', ') : '—';
  return [
    '| what | raw | gzip -9 | brotli (q 11) |',
    '| --- | ---: | ---: | ---: |',
    row('the element before sign-in (`embed/um-phone.js` and the chunks it imports at once)', w.embedInitial),
    row('the element, every file (`embed/`, with SIP.js and German)', w.embed),
    row('the app before sign-in (what `index.html` loads)', w.spaInitial),
    row('the app, every file (+ SIP.js on sign-in, German)', w.spaAll),
    ...(reactReference
      ? [
          row(
            'for comparison: a bare React 19 + SIP.js page (stock, nothing of ours; figure 2)',
            reactReference,
          ),
        ]
      : []),
    '',
    `Before sign-in, the element is ${files(w.embedInitial)}; the app is ${files(w.spaInitial)}.`,
  ].join('\n');
}

const USAGE = 'usage: node --import tsx bench/readme-tables.ts [--results FILE[#FIGURES]]… [--readme FILE]';

function main(): void {
  const argv = process.argv.slice(2);
  // Anything else (a typo, --help) stops before the README is written.
  for (let i = 0; i < argv.length; i += 2) {
    if ((argv[i] !== '--results' && argv[i] !== '--readme') || argv[i + 1] === undefined) {
      console.error(USAGE);
      process.exit(2);
    }
  }
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const at = argv.indexOf('--readme');
  const readmeFile = path.resolve(at >= 0 ? argv[at + 1]! : path.join(root, 'README.md'));
  const specs = argv.flatMap((a, i) => (a === '--results' ? [argv[i + 1]!] : []));
  if (!specs.length) specs.push(path.join(root, 'bench', 'results.json'));
  const resultsFiles = specs.map((spec) => path.resolve(spec.split('#')[0]!));
  const runs = specs.map((spec, i) => {
    const run = JSON.parse(readFileSync(resultsFiles[i]!, 'utf8')) as Results;
    const only = spec.includes('#') ? spec.split('#')[1]!.split(',') : undefined;
    if (!only) return run;
    const figures = only.join(', ');
    return {
      ...run,
      knobs: { ...run.knobs, figures },
      rows: run.rows.filter((r) => only.includes(r.figure)),
    };
  });
  const lines = runs.map((r, i) => (runs.length > 1 ? `Run ${i + 1}: ` : '') + machineLine(r));
  let readme = readFileSync(readmeFile, 'utf8');
  // Every run weighs the build (figure 1 needs no lab): its rows from the first run only.
  const weightRun = runs.findIndex((r) => r.rows.some((row) => row.figure === '1'));
  const table = markdownTable(
    runs.flatMap((r, i) => r.rows.filter((row) => row.figure !== '1' || i === weightRun)),
  );
  readme = replaceBlock(readme, 'bench:results', `${lines.join('\n\n')}\n\n${table}`);
  const weighed = runs.find((r) => r.weight);
  if (weighed?.weight)
    readme = replaceBlock(readme, 'bench:size', sizeTable(weighed.weight, weighed.weightReactReference));
  writeFileSync(readmeFile, readme);
  const from = resultsFiles.map((f) => path.relative(root, f)).join(', ');
  console.log(`readme-tables: ${path.relative(root, readmeFile)} updated from ${from}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
