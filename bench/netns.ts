/**
 * The benchmarks run inside a private network namespace with only `lo` up (like the e2e suite,
 * scripts/e2e.sh): nothing they do can reach, or be disturbed by, another network, and their fixed
 * ports cannot collide with a lab running on the host.
 */
import { spawnSync } from 'node:child_process';

/**
 * Re-runs this script inside `unshare -n` with loopback up and exits with its status. Returns
 * (false) when already inside, when UM_E2E_NETNS=0 asks for the host loopback, or when no
 * namespace can be made here; the child sees UM_BENCH_INNER=1 and UM_BENCH_NETNS=1.
 */
export function reexecInNetns(): boolean {
  if (process.env.UM_BENCH_INNER === '1' || process.env.UM_E2E_NETNS === '0') return false;
  const unshare = process.getuid?.() === 0 ? ['unshare', '-n'] : ['unshare', '-rn'];
  if (spawnSync(unshare[0]!, [...unshare.slice(1), 'true']).status !== 0) return false;
  const result = spawnSync(
    unshare[0]!,
    [
      ...unshare.slice(1),
      'bash',
      '-c',
      'ip link set lo up && exec "$@"',
      '_',
      process.execPath,
      ...process.execArgv,
      ...process.argv.slice(1),
    ],
    { stdio: 'inherit', env: { ...process.env, UM_BENCH_INNER: '1', UM_BENCH_NETNS: '1' } },
  );
  process.exit(result.status ?? 1);
}

/** The p-th percentile (nearest rank) of ascending `sorted`; NaN when empty. */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
