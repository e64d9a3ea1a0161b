#!/usr/bin/env bash
# Installs what UM Phone and its lab need on a Debian machine: apt packages (Kamailio with
# WebSocket/TLS/presence modules, Debian's Chromium for the e2e tests, espeak-ng + sox for the
# voicemail prompts, openssl for the lab certificate, iproute2 for the loopback-only test
# namespace) and the npm dependencies. Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  kamailio kamailio-websocket-modules kamailio-tls-modules kamailio-presence-modules
  chromium espeak-ng sox openssl iproute2 util-linux procps ca-certificates
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# The Debian package may start a system Kamailio on a systemd host; the lab runs its own.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet kamailio 2>/dev/null; then
  ${SUDO:-} systemctl disable --now kamailio || true
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund
fi
