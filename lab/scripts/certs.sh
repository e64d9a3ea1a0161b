#!/usr/bin/env bash
# Usage: lab/scripts/certs.sh RUNDIR
# Creates RUNDIR/certs/lab.crt and RUNDIR/certs/lab.key (self-signed, CN localhost,
# SAN DNS:localhost, IP:127.0.0.1, IP:127.0.0.2) unless both already exist.
set -euo pipefail

if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: $0 RUNDIR" >&2
  exit 2
fi
dir="$1/certs"
crt="$dir/lab.crt"
key="$dir/lab.key"

if [ -s "$crt" ] && [ -s "$key" ]; then
  exit 0
fi
mkdir -p "$dir"
umask 077
tmp="$(mktemp -d "$dir/.tmp.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
  -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:127.0.0.2" \
  -addext "basicConstraints=critical,CA:TRUE" \
  -keyout "$tmp/lab.key" -out "$tmp/lab.crt" 2>/dev/null
chmod 644 "$tmp/lab.crt"
mv "$tmp/lab.key" "$key"
mv "$tmp/lab.crt" "$crt"
