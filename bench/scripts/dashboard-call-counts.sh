#!/usr/bin/env bash
# The dashboard page (`/`) over a busy week of hourly call counts, on SQLite:
# BIN=path/to/chamilo-gateway bench/scripts/dashboard-call-counts.sh CLIENTS OPS_PER_CLIENT CALLS
# Fills `gateway_call_count` as a week of CALLS calls would leave it: every hour of the week,
# CLIENTS addresses each calling OPS_PER_CLIENT of 40 operations (20 SOAP, 20 REST), each key
# ok and a tenth refused; the day rows are those hours summed per day, as the gateway counts. The rows depend on CLIENTS x OPS_PER_CLIENT, not on CALLS: run it with
# two CALLS to see the page cost follow the rows only. Prints the rows, then five page loads.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bin="${BIN:-$root/target/release/chamilo-gateway}"
clients="${1:-20}"
ops="${2:-10}"
calls="${3:-1000000}"
out="$(mktemp -d)"
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$out"' EXIT
gateway_env "$out" 18094
"$bin" migrate > /dev/null
"$bin" admin create --username admin --password admin-pw > /dev/null
keys=$((168 * clients * ops * 2))
sqlite3 "$out/gw.db" <<SQL
WITH RECURSIVE
  h(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM h WHERE i < 167),
  c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < $clients - 1),
  o(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM o WHERE i < $ops - 1),
  r(outcome, share) AS (VALUES ('ok', 0.9), ('refused', 0.1))
INSERT INTO gateway_call_count (period, period_start, protocol, operation, outcome, client, calls, last_call)
SELECT 'hour', strftime('%Y-%m-%d %H:00:00', 'now', '-' || h.i || ' hours'),
  CASE WHEN (c.i + o.i) % 2 = 0 THEN 'soap.php' ELSE 'v2.php' END,
  CASE WHEN (c.i + o.i) % 2 = 0 THEN 'WSUser.Op' ELSE 'action_' END || ((c.i + o.i) % 40),
  r.outcome, '10.' || (c.i / 65536) || '.' || (c.i / 256 % 256) || '.' || (c.i % 256),
  max(1, CAST($calls * r.share / ($keys / 2) AS INTEGER)),
  strftime('%Y-%m-%d %H:00:00', 'now', '-' || h.i || ' hours')
FROM h, c, o, r;
INSERT INTO gateway_call_count (period, period_start, protocol, operation, outcome, client, calls, last_call)
SELECT 'day', date(period_start) || ' 00:00:00', protocol, operation, outcome, client, SUM(calls), MAX(last_call)
FROM gateway_call_count WHERE period = 'hour'
GROUP BY date(period_start), protocol, operation, outcome, client;
SQL
echo "hour rows: $(sqlite3 "$out/gw.db" "SELECT COUNT(*) FROM gateway_call_count WHERE period = 'hour'"), day rows: $(sqlite3 "$out/gw.db" "SELECT COUNT(*) FROM gateway_call_count WHERE period = 'day'"), calls: $(sqlite3 "$out/gw.db" "SELECT SUM(calls) FROM gateway_call_count WHERE period = 'hour'")"
start_gateway "$bin" "$out"
cookie="$(curl -s -o /dev/null -D - -d username=admin -d password=admin-pw \
  http://127.0.0.1:18094/login | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p')"
for _ in 1 2 3 4 5; do
  curl -s -o /dev/null -w '%{http_code} %{time_total}s\n' -H "cookie: $cookie" http://127.0.0.1:18094/
done
