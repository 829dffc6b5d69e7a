#!/usr/bin/env bash
# Instructions the gateway spends on three 1,000-user CreateUsers requests (SQLite, pre-hashed,
# the (b) request), counted by callgrind after three warm-up requests (as the bench does: every
# pooled connection has prepared its statements by then). Deterministic, unlike wall
# or CPU time on a shared machine: use it to compare two builds.
#   bench/scripts/callgrind-create-users.sh [GATEWAY_BINARY] [OUT_DIR]
# Needs valgrind (apt-get install valgrind) and a release build of the bench
# (cargo build --release --manifest-path bench/Cargo.toml).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bin="${1:-$root/target/release/chamilo-gateway}"
out="${2:-$(mktemp -d)}"
port=18181
mkdir -p "$out"
for prefix in warm1 warm2 warm3 a b c; do
  "$bench" envelope "$prefix" 1000 > "$out/$prefix.xml"
done
gateway_env "$out" "$port"
export RUST_LOG=warn
start_gateway "$bin" "$out" callgrind
post() {
  curl -s -o "$out/answer.xml" -H 'Content-Type: text/xml; charset=utf-8' \
    --data-binary "@$out/$1.xml" "http://127.0.0.1:$port/main/webservices/soap.php"
  local ok
  ok=$(grep -o '<code xsi:type="xsd:int">0<' "$out/answer.xml" | wc -l)
  [ "$ok" = 1000 ] || { echo "request $1: $ok of 1000 created" >&2; kill "$pid"; exit 1; }
}
post warm1
post warm2
post warm3
callgrind_control -i on "$pid" > /dev/null
post a
post b
post c
callgrind_control -i off "$pid" > /dev/null
callgrind_control -d "$pid" > /dev/null
kill "$pid"
wait "$pid" 2> /dev/null || true
echo "profile: $out/callgrind.out.1 (callgrind_annotate --inclusive=yes $out/callgrind.out.1)"
callgrind_annotate "$out/callgrind.out.1" 2> /dev/null | grep -m1 'PROGRAM TOTALS'
