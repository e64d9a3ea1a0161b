#!/usr/bin/env bash
# Starts the lab SIP proxy in the foreground; Ctrl-C or SIGTERM stops it and
# removes its runtime dir. Options: --quiet, --keep. Environment: LAB_WS_PORT,
# LAB_WSS_PORT, LAB_TCP_PORT, LAB_TLS_PORT, LAB_DOMAIN, LAB_UM_ADDR,
# LAB_UM_PORT, LAB_NAME, LAB_RUN_DIR, LAB_USERS_FILE, LAB_DEBUG; LAB_NODES=2 runs a two-node
# cluster (lab/cluster.ts: 127.0.0.11 and 127.0.0.12, same ports) instead of one proxy.
set -euo pipefail
cd "$(dirname "$0")/.."
# One Node process (no tsx wrapper process) so signals reach lab/cli.ts directly.
exec node --import tsx lab/cli.ts "$@"
