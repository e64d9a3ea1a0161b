#!/usr/bin/env bash
# Installs what UM Phone and its lab need on a Debian machine: apt packages (Kamailio with
# WebSocket/TLS/presence modules, Debian's Chromium for the e2e tests, espeak-ng + sox for the
# voicemail prompts, openssl for the lab certificate, iproute2 for the loopback-only test
# namespace, rtpengine as the lab's media relay between WebRTC and plain RTP, baresip and sipp
# (Debian `sip-tester`) as third-party SIP clients in the e2e suite, pocketsphinx with its English
# model for the voicemail server's offline previews and festival's HTS voice that speaks the lab's
# test messages) and the npm dependencies.
# Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  kamailio kamailio-websocket-modules kamailio-tls-modules kamailio-presence-modules
  chromium espeak-ng sox openssl iproute2 util-linux procps ca-certificates
  rtpengine-daemon baresip sip-tester
  pocketsphinx pocketsphinx-en-us festival festvox-us-slt-hts
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
# Likewise rtpengine: the lab starts one per instance, in user space, on its own ports.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet rtpengine-daemon 2>/dev/null; then
  ${SUDO:-} systemctl disable --now rtpengine-daemon || true
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund
fi
