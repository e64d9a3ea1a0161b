#!/usr/bin/env bash
# The one command for the demo: installs what is missing, then starts the lab (Kamailio),
# the voicemail server and the phone, and prints the URL and the demo sign-ins.
# Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# One Node process (no wrapper) so Ctrl-C reaches scripts/start.ts directly.
exec node --import tsx scripts/start.ts "$@"
