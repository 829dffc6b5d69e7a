#!/usr/bin/env bash
# Instructions the gateway spends per REST call, counted by callgrind over N keep-alive GETs of
# one action (user_profile or get_users, as in bench (a): admin caller, 100 listed users) after
# 200 warm-up calls. The HTTP worker's share is deterministic; the audit writer's (and so the
# total) depends on how many rows each of its batches gathers, i.e. on timing. The sqlx SQLite
# worker thread (queries) is counted in the total only.
#   bench/scripts/callgrind-rest.sh [GATEWAY_BINARY] [OUT_DIR] [N] [ACTION]
# Needs valgrind, curl, python3 and a release build of the bench
# (cargo build --release --manifest-path bench/Cargo.toml).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bin="${1:-$root/target/release/chamilo-gateway}"
out="${2:-$(mktemp -d)}"
n="${3:-2000}"
action="${4:-user_profile}"
port=18182
v2="http://127.0.0.1:$port/main/webservices/api/v2.php"
mkdir -p "$out"
gateway_env "$out" "$port"
"$bin" admin create --username admin --password bench-admin-pass > /dev/null
start_gateway "$bin" "$out" callgrind
"$bench" envelope listed 100 > "$out/users.xml"
curl -s -o /dev/null -H 'Content-Type: text/xml; charset=utf-8' --data-binary "@$out/users.xml" \
  "http://127.0.0.1:$port/main/webservices/soap.php"
key=$(curl -s -d 'action=authenticate&username=admin&password=bench-admin-pass' "$v2" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["data"]["apiKey"])')
# one curl process, one keep-alive connection, URLs from a config file
calls() {
  for _ in $(seq 1 "$1"); do
    echo "url = \"$v2?action=$action&username=admin&api_key=$key&status=*\""
    echo "output = /dev/null"
  done
}
calls 200 > "$out/warm.cfg"
calls "$n" > "$out/run.cfg"
curl -s -K "$out/warm.cfg"
callgrind_control -i on "$pid" > /dev/null
curl -s -K "$out/run.cfg"
callgrind_control -i off "$pid" > /dev/null
callgrind_control -d "$pid" > /dev/null
kill "$pid"
wait "$pid" || true
profile=$(ls -t "$out"/callgrind.out.* | head -1)
echo "profile: $profile (callgrind_annotate --inclusive=yes $profile)"
callgrind_annotate --inclusive=yes "$profile" 2>/dev/null |
  awk -v n="$n" '
    /PROGRAM TOTALS/ { name = "all threads" }
    /as core::future::future::Future>::poll/ && /h1::dispatcher::Dispatcher</ { name = "HTTP worker (connection task)" }
    /audit::writer::run/ { name = "audit writer task" }
    name != "" { gsub(",", "", $1); printf "%-30s %6.0f k instructions per call\n", name, $1 / n / 1000; name = "" }'
