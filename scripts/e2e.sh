#!/usr/bin/env bash
# Runs the Playwright journeys against the real lab. Where we can (root or user namespaces),
# the run happens inside a private network namespace that has only the loopback interface,
# so no test traffic can leave the machine (LAB-NOTES: network rule for tests).
set -euo pipefail
cd "$(dirname "$0")/.."
run=(npx playwright test "$@")
if [ "${UM_E2E_NETNS:-1}" = "1" ] && command -v unshare >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then ns=(unshare -n); else ns=(unshare -rn); fi
  if "${ns[@]}" true 2>/dev/null; then
    exec "${ns[@]}" bash -c 'ip link set lo up && exec "$@"' _ "${run[@]}"
  fi
  echo "e2e: no network namespace available here; running on the host's loopback" >&2
fi
exec "${run[@]}"
