/**
 * The figures' results: the table's rows (ours beside the bare SIP.js reference, with the ratio),
 * every sample in bench/results.json, and the machine they were measured on.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
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
  /** The budget as a number in `unit`, for the "÷ budget" column (of `budgetStat`, median by default). */
  budget?: number;
  budgetStat?: 'median' | 'p95';
  reference?: Summary;
}

/** ours ÷ budget (of the statistic the target names), e.g. "0.87×"; '' without a budget. */
export function budgetRatio(r: Row): string {
  if (r.budget === undefined || !r.ours.count) return '';
  const v = r.ours[r.budgetStat ?? 'median'];
  // A budget of 0 (nothing left open) cannot divide: say whether it was met instead.
  if (r.budget === 0) return v === 0 ? '0×' : '∞';
  return `${(v / r.budget).toFixed(2)}×`;
}

/** ours ÷ the bare SIP.js page (medians), e.g. "1.73×"; '' without a reference. */
export function referenceRatio(r: Row): string {
  return r.reference?.count && r.ours.count ? `${(r.ours.median / r.reference.median).toFixed(2)}×` : '';
}

/** The table, in the order the figures ran. */
export const rows: Row[] = [];
/** Everything written to bench/results.json beside the rows: samples, machine, knobs. */
export const results: Record<string, unknown> = {};

function fmtSummary(s: Summary | undefined, unit: string): string {
  if (!s || !s.count) return '—';
  return `${s.median}${unit} / ${s.p95}${unit} (n=${s.count})`;
}

const HEAD = [
  '#',
  'figure',
  'ours: median / p95 (n)',
  'target',
  'met',
  'ours ÷ budget',
  'bare SIP.js: median / p95 (n)',
  'ours ÷ ref',
];

function cells(r: Row): string[] {
  return [
    r.figure,
    r.what,
    fmtSummary(r.ours, r.unit),
    r.target ?? '',
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
    budgetRatio(r),
    fmtSummary(r.reference, r.unit),
    referenceRatio(r),
  ];
}

/** The rows as a Markdown table (what the README's Results section shows). */
export function markdownTable(from: readonly Row[]): string {
  return [
    `| ${HEAD.join(' | ')} |`,
    `| ${HEAD.map(() => '---').join(' | ')} |`,
    ...from.map((r) => `| ${cells(r).join(' | ')} |`),
  ].join('\n');
}

/** Prints the table (ours ÷ budget and ours ÷ ref beside each figure) and returns it as Markdown. */
export function printTable(): string {
  const table = [HEAD, ...rows.map(cells)];
  const widths = HEAD.map((_, i) => Math.max(...table.map((l) => l[i]!.length)));
  console.log(table.map((l) => l.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n'));
  return markdownTable(rows);
}

/** Writes what is known so far, so a run that fails late still leaves its figures. */
export function save(): void {
  writeFileSync(
    path.resolve(ROOT, process.env.BENCH_OUT ?? path.join('bench', 'results.json')),
    `${JSON.stringify({ ...results, rows }, null, 2)}\n`,
  );
}

/** PRETTY_NAME from /etc/os-release ("Debian GNU/Linux 12 (bookworm)"), else the kernel's name. */
function osName(): string {
  try {
    const line = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (line) return line[1]!;
  } catch {
    // not Linux, or no os-release
  }
  return `${os.type()} ${os.release()}`;
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
    os: osName(),
  };
}
