#!/usr/bin/env bash
# The dashboard page (`/`) over 1,000,000 audit rows spread over the last week, on SQLite:
# BIN=path/to/chamilo-gateway bench/scripts/dashboard-1m-audit-rows.sh [ROWS]
# Prints the time of five page loads (each: 3 window counts + 24 hourly counts).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bin="${BIN:-$root/target/release/chamilo-gateway}"
rows="${1:-1000000}"
out="$(mktemp -d)"
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$out"' EXIT
gateway_env "$out" 18093
"$bin" migrate > /dev/null
"$bin" admin create --username admin --password admin-pw > /dev/null
# 40 operations (20 SOAP, 20 REST), one row every ~0.6 s of the last week
sqlite3 "$out/gw.db" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
INSERT INTO track_e_default (default_user_id, c_id, default_date, default_event_type,
  default_value_type, default_value, session_id)
SELECT 0, 0, strftime('%Y-%m-%d %H:%M:%f', 'now', '-' || (i * 604800.0 / $rows) || ' seconds'),
  CASE WHEN i % 2 = 0 THEN 'access_ws_WSUser.Op' || (i % 20) ELSE 'access_ws_action_' || (i % 20) END,
  'ip', '10.0.0.' || (i % 200), 0 FROM n;
SQL
start_gateway "$bin" "$out"
cookie="$(curl -s -o /dev/null -D - -d username=admin -d password=admin-pw \
  http://127.0.0.1:18093/login | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p')"
for _ in 1 2 3 4 5; do
  curl -s -o /dev/null -w '%{http_code} %{time_total}s\n' -H "cookie: $cookie" http://127.0.0.1:18093/
done
