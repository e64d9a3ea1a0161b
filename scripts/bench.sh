#!/usr/bin/env bash
# `npm run bench`: the performance figures (bench/run.ts) against the real lab. Like the e2e run,
# it happens inside a private network namespace that has only loopback where we can (root or user
# namespaces), so nothing leaves the machine. Knobs: see bench/run.ts (BENCH_RUNS, BENCH_LEAK_CALLS, …).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
run=(node --import tsx bench/run.ts "$@")
if [ "${UM_E2E_NETNS:-1}" = "1" ] && command -v unshare >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then ns=(unshare -n); else ns=(unshare -rn); fi
  if "${ns[@]}" true 2>/dev/null; then
    exec "${ns[@]}" env UM_BENCH_INNER=1 UM_BENCH_NETNS=1 bash -c 'ip link set lo up && exec "$@"' _ "${run[@]}"
  fi
  echo "bench: no network namespace available here; running on the host's loopback" >&2
fi
exec "${run[@]}"
