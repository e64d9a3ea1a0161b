#!/usr/bin/env bash
# Usage: lab/scripts/certs.sh RUNDIR [DOMAIN]
#
# Makes the lab's own certificate authority and the two certificates of the
# proxy <-> voicemail server link (mutual TLS, RFC 5246 7.4.4 / RFC 8446 4.3.2),
# in RUNDIR/certs/, unless they all exist already:
#
#   ca.crt  ca.key    the lab CA (only ever signs the two below)
#   lab.crt lab.key   the proxy (Kamailio): CN proxy.DOMAIN,
#                     SAN DNS:proxy.DOMAIN, DNS:localhost, IP:127.0.0.1, IP:127.0.0.2,
#                     IP:127.0.0.10 .. 127.0.0.19 (the nodes of a lab cluster, lab/cluster.ts;
#                     each node presents it to the other: mutual TLS between the nodes)
#                     (also what browsers see on wss://; serverAuth + clientAuth:
#                     Kamailio presents it when it connects to the voicemail server)
#   um.crt  um.key    the voicemail (UM) server: CN um.DOMAIN,
#                     SAN DNS:um.DOMAIN, IP:127.0.0.2 .. 127.0.0.9 (the lab's UM
#                     addresses); serverAuth + clientAuth (it connects to the proxy too)
#
# Each side trusts only ca.crt and checks the other's name (CN/SAN). DOMAIN
# defaults to umphone.test. Production: use your own CA (or your PKI) and the
# servers' real FQDNs; never ship ca.key on the servers.
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ] || [ -z "$1" ]; then
  echo "usage: $0 RUNDIR [DOMAIN]" >&2
  exit 2
fi
dir="$1/certs"
domain="${2:-umphone.test}"
if ! [[ "$domain" =~ ^[A-Za-z0-9.-]+$ ]]; then
  echo "$0: bad domain '$domain'" >&2
  exit 2
fi

all_there=1
for f in ca.crt ca.key lab.crt lab.key um.crt um.key; do
  [ -s "$dir/$f" ] || all_there=0
done
if [ "$all_there" = 1 ]; then
  exit 0
fi
# Keys are private to this user, and so is the directory that holds them (and the CA key).
umask 077
mkdir -p "$dir"
chmod 700 "$dir"
tmp="$(mktemp -d "$dir/.tmp.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)

# The CA: may sign end-entity certificates only (pathlen 0).
openssl req -x509 "${ec[@]}" -days 3650 -subj "/O=UM Phone lab/CN=UM Phone lab CA" \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout "$tmp/ca.key" -out "$tmp/ca.crt" 2>/dev/null

# issue NAME CN SAN: a leaf certificate signed by the CA, for both TLS roles.
issue() {
  local name="$1" cn="$2" san="$3"
  openssl req "${ec[@]}" -subj "/O=UM Phone lab/CN=$cn" \
    -keyout "$tmp/$name.key" -out "$tmp/$name.csr" 2>/dev/null
  printf '%s\n' \
    "basicConstraints=critical,CA:FALSE" \
    "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=serverAuth,clientAuth" \
    "subjectAltName=$san" >"$tmp/$name.ext"
  openssl x509 -req -in "$tmp/$name.csr" -CA "$tmp/ca.crt" -CAkey "$tmp/ca.key" \
    -CAcreateserial -days 825 -extfile "$tmp/$name.ext" -out "$tmp/$name.crt" 2>/dev/null
}
node_ips=""
for i in 10 11 12 13 14 15 16 17 18 19; do node_ips="$node_ips,IP:127.0.0.$i"; done
issue lab "proxy.$domain" "DNS:proxy.$domain,DNS:localhost,IP:127.0.0.1,IP:127.0.0.2$node_ips"
um_ips=""
for i in 2 3 4 5 6 7 8 9; do um_ips="$um_ips,IP:127.0.0.$i"; done
issue um "um.$domain" "DNS:um.$domain$um_ips"

chmod 644 "$tmp/ca.crt" "$tmp/lab.crt" "$tmp/um.crt"
# Keys first, certificates last: a reader that finds every .crt finds its key too.
for f in ca.key lab.key um.key ca.crt lab.crt um.crt; do mv "$tmp/$f" "$dir/$f"; done
