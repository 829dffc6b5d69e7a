#!/usr/bin/env bash
# Wall time of sequential 1,000-user CreateUsers requests (SQLite, pre-hashed, the (b) request)
# on a fresh database: 3 warm-ups, then N timed requests one after another; prints the median,
# mean, worst and best. Tail effects (a checkpoint inside one request) show in mean and worst.
#   bench/scripts/sequential-create-users.sh [GATEWAY_BINARY] [N] [OUT_DIR]
# Needs curl and a release build of the bench (cargo build --release --manifest-path bench/Cargo.toml).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bin="${1:-$root/target/release/chamilo-gateway}"
n="${2:-20}"
out="${3:-$(mktemp -d)}"
port=18183
mkdir -p "$out"
total=$((n + 3))
for i in $(seq 1 "$total"); do
  [ -f "$out/r$i.xml" ] || "$bench" envelope "r$i" 1000 > "$out/r$i.xml"
done
gateway_env "$out" "$port"
export RUST_LOG=warn
start_gateway "$bin" "$out"
trap 'kill "$pid" 2> /dev/null || true' EXIT
for i in $(seq 1 "$total"); do
  curl -s -o /dev/null -w "%{time_total}\n" -H 'Content-Type: text/xml; charset=utf-8' \
    --data-binary "@$out/r$i.xml" "http://127.0.0.1:$port/main/webservices/soap.php"
done | tail -n "$n" | sort -n |
  awk '{ t[NR] = $1 * 1000; sum += t[NR] }
    END { printf "%d requests: median %.1f ms, mean %.1f ms, worst %.1f ms, best %.1f ms\n",
      NR, t[int((NR + 1) / 2)], sum / NR, t[NR], t[1] }'
