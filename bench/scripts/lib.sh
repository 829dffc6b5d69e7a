# Sourced by the scripts here: where things are, and starting a gateway on a fresh SQLite file.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bench="$root/bench/target/release/chamilo-gateway-bench"

# gateway_env OUT PORT: the environment of a gateway on a fresh SQLite database in OUT
gateway_env() {
  rm -f "$1"/gw.db*
  export GATEWAY_DATABASE_URL="sqlite://$1/gw.db?mode=rwc" GATEWAY_BIND="127.0.0.1:$2" \
    GATEWAY_SECURITY_KEY=bench-security-key
}

# start_gateway BIN OUT [callgrind]: starts BIN (serve) in the background, under callgrind with
# instrumentation off when asked, and waits for /healthz; sets $pid
start_gateway() {
  local port="${GATEWAY_BIND##*:}"
  if [ "${3:-}" = callgrind ]; then
    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$2/callgrind.out" \
      "$1" > "$2/gateway.out" 2> "$2/gateway.err" &
  else
    "$1" > "$2/gateway.out" 2> "$2/gateway.err" &
  fi
  pid=$!
  for _ in $(seq 1 300); do
    curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && return 0
    sleep 0.2
  done
  echo "the gateway did not answer /healthz" >&2
  return 1
}
