#!/usr/bin/env bash
# Wall time of sequential 1,000-user CreateUsers requests (SQLite, pre-hashed, the (b) request)
# on a fresh database: 3 warm-ups, then N timed requests one after another; prints the median,
# mean, worst and best. Tail effects (a checkpoint inside one request) show in mean and worst.
#   bench/scripts/sequential-create-users.sh [GATEWAY_BINARY] [N] [OUT_DIR]
# Needs curl and a release build of the bench (cargo build --release --manifest-path bench/Cargo.toml).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${1:-$root/target/release/chamilo-gateway}"
n="${2:-20}"
out="${3:-$(mktemp -d)}"
bench="$root/bench/target/release/chamilo-gateway-bench"
port=18183
mkdir -p "$out"
rm -f "$out"/gw.db*
total=$((n + 3))
for i in $(seq 1 "$total"); do
  [ -f "$out/r$i.xml" ] || "$bench" envelope "r$i" 1000 > "$out/r$i.xml"
done
export GATEWAY_DATABASE_URL="sqlite://$out/gw.db?mode=rwc" GATEWAY_BIND="127.0.0.1:$port" \
  GATEWAY_SECURITY_KEY=bench-security-key RUST_LOG=warn
"$bin" > "$out/gateway.out" 2> "$out/gateway.err" &
pid=$!
trap 'kill "$pid" 2> /dev/null || true' EXIT
for _ in $(seq 1 200); do
  curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break
  sleep 0.05
done
for i in $(seq 1 "$total"); do
  curl -s -o /dev/null -w "%{time_total}\n" -H 'Content-Type: text/xml; charset=utf-8' \
    --data-binary "@$out/r$i.xml" "http://127.0.0.1:$port/main/webservices/soap.php"
done | tail -n "$n" | sort -n |
  awk '{ t[NR] = $1 * 1000; sum += t[NR] }
    END { printf "%d requests: median %.1f ms, mean %.1f ms, worst %.1f ms, best %.1f ms\n",
      NR, t[int((NR + 1) / 2)], sum / NR, t[NR], t[1] }'
