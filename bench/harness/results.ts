/**
 * The figures' results: the table's rows (ours beside the bare SIP.js reference, with the ratio),
 * every sample in bench/results.json, and the machine they were measured on.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_PATH } from '../../e2e/support/chromium';
import { percentile } from '../netns';
import { ROOT } from './config';

export interface Summary {
  median: number;
  p95: number;
  min: number;
  max: number;
  count: number;
}

export function summarize(values: number[]): Summary {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    median: round(percentile(s, 50)),
    p95: round(percentile(s, 95)),
    min: round(s[0] ?? NaN),
    max: round(s.at(-1) ?? NaN),
    count: s.length,
  };
}

/** A figure measured once (a size, a growth, a percentage). */
export const one = (v: number): Summary => ({ median: v, p95: v, min: v, max: v, count: 1 });

export interface Row {
  figure: string;
  what: string;
  ours: Summary;
  unit: string;
  target?: string;
  met?: boolean;
  reference?: Summary;
}

/** The table, in the order the figures ran. */
export const rows: Row[] = [];
/** Everything written to bench/results.json beside the rows: samples, machine, knobs. */
export const results: Record<string, unknown> = {};

function fmtSummary(s: Summary | undefined, unit: string): string {
  if (!s || !s.count) return '—';
  return `${s.median}${unit} / ${s.p95}${unit} (n=${s.count})`;
}

/** Prints the table (ours ÷ ref beside each figure with a reference) and returns it as Markdown. */
export function printTable(): string {
  const head = [
    '#',
    'figure',
    'ours: median / p95 (n)',
    'target',
    'met',
    'bare SIP.js: median / p95 (n)',
    'ours ÷ ref',
  ];
  const lines = rows.map((r) => [
    r.figure,
    r.what,
    fmtSummary(r.ours, r.unit),
    r.target ?? '',
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
    fmtSummary(r.reference, r.unit),
    r.reference?.count && r.ours.count ? `${(r.ours.median / r.reference.median).toFixed(2)}×` : '',
  ]);
  const table = [head, ...lines];
  const md = [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...lines.map((l) => `| ${l.join(' | ')} |`),
  ].join('\n');
  const widths = head.map((_, i) => Math.max(...table.map((l) => l[i]!.length)));
  console.log(table.map((l) => l.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n'));
  return md;
}

/** Writes what is known so far, so a run that fails late still leaves its figures. */
export function save(): void {
  writeFileSync(
    path.resolve(ROOT, process.env.BENCH_OUT ?? path.join('bench', 'results.json')),
    `${JSON.stringify({ ...results, rows }, null, 2)}\n`,
  );
}

export function machine() {
  let chromiumVersion: string;
  try {
    chromiumVersion = execFileSync(CHROMIUM_PATH, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    chromiumVersion = 'unknown';
  }
  return {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? '',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    chromium: chromiumVersion,
    netns: process.env.UM_BENCH_NETNS === '1',
  };
}
