/**
 * The benchmark's knobs (environment, defaults in brackets in bench/run.ts), its fixed ports and
 * its log: what every figure and the harness share.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumArgs } from '../../e2e/support/chromium';
import { reexecInNetns } from '../netns';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const knob = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
export const RUNS = knob('BENCH_RUNS', 20);
export const RING_RUNS = knob('BENCH_RING_RUNS', 30);
export const REF_STUN_RUNS = knob('BENCH_REF_STUN_RUNS', 5);
export const LEAK_CALLS = knob('BENCH_LEAK_CALLS', 200);
/** Missed calls for figure 10 (the heap once the 200-entry history is full). */
export const LONG_LEAK_CALLS = knob('BENCH_LONG_LEAK_CALLS', 1000);
export const IDLE_SECONDS = knob('BENCH_IDLE_SECONDS', 60);
export const BURSTS = knob('BENCH_BURSTS', 5);
/** Runs of figure 12 (repeat views: each a fresh browser profile per page, three views in it). */
export const REPEAT_RUNS = knob('BENCH_REPEAT_RUNS', 10);
/** How long a returning user takes to type the password on the SPA's sign-in form (ms). */
export const TYPING_MS = knob('BENCH_TYPING_MS', 1000);
export const FIGURES = new Set(
  (process.env.BENCH_FIGURES ?? '1,2,3,4,5,6,7,8,9,10,11,12').split(',').map((s) => Number(s.trim())),
);

// Ports of our own, apart from the demo's and the e2e suite's (in a private namespace anyway).
export const PORTS = {
  app: 28080,
  ws: 28066,
  wss: 28443,
  tcp: 28060,
  tls: 28061,
  um: 28071,
  umHttp: 28091,
  stun: 28478,
};
export const HOST = '127.0.0.1';
export const APP = `http://${HOST}:${PORTS.app}`;

export const CHROMIUM_ARGS = chromiumArgs({ extra: ['--enable-precise-memory-info'] });

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const log = (line: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

/** Inside a network namespace of its own (bench/netns.ts) when one can be made here. */
export function enterNetns(): void {
  if (!reexecInNetns() && process.env.UM_BENCH_INNER !== '1')
    log('no network namespace available here: running on the host loopback');
}
