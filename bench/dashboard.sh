#!/usr/bin/env bash
# Benchmark (not a test): what open dashboards cost the event loops. With the cpu pool saturated by /work/cpu
# (wrk, 8 connections, ~20 ms of work each) and /health probed at 100/s, rounds alternate between no dashboard and
# STREAMS open /stats/stream readers (each gets what a browser tab gets: a snapshot a second), and print the probe's
# p99 of each round and the difference of the medians.
#   bench/dashboard.sh [ROUND_SECONDS] [STREAMS] [ROUNDS_EACH]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-15}
STREAMS=${2:-20}
ROUNDS=${3:-3}
PORT=${PORT:-18083}
. bench/lib.sh
CORES=$(nproc)

needs_wrk_and_jar

CONF=$(mktemp --suffix=.json)
LOG=$(mktemp --suffix=.log)
cat > "$CONF" <<JSON
{ "http": { "host": "127.0.0.1", "port": $PORT, "instances": 2 },
  "vertx": { "eventLoopPoolSize": 2 },
  "pools": { "cpu": { "size": $CORES } },
  "routes": { "cpu": { "strategy": "worker-pool", "pool": "cpu" } } }
JSON
./run.sh serve --config "$CONF" > "$LOG" 2>&1 &
SERVER=$!
READERS=()
stop_readers() { for r in "${READERS[@]}"; do kill "$r" 2>/dev/null || true; done; READERS=(); }
trap 'stop_readers; kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -f "$CONF" "$LOG"' EXIT
await_health "$LOG"

median_service_ms 20000 200 >/dev/null
probe_ms=$(median_service_ms 20000 20)
ITER=$(python3 -c "print(max(1, int(20000 * 20 / $probe_ms)))")
echo "work: /work/cpu?iterations=$ITER (about 20 ms), $CORES pool threads, 2 HTTP instances; rounds of ${SECONDS_EACH} s"

round() { # round STREAMS: prints the /health p99 of one loaded round with that many dashboard streams open
  local n=$1
  for _ in $(seq "$n"); do
    curl -sN "http://127.0.0.1:$PORT/stats/stream" > /dev/null &
    READERS+=($!)
  done
  sleep 2   # let the streams open and send their history
  local open
  open=$(curl -s "http://127.0.0.1:$PORT/stats" | python3 -c 'import sys,json; print(json.load(sys.stdin)["dashboard"]["streams"])')
  [ "$open" = "$n" ] || { echo "expected $n open streams, /stats says $open" >&2; exit 1; }
  python3 bench/probe.py "http://127.0.0.1:$PORT/health" --rate 100 --seconds "$SECONDS_EACH" > /tmp/offload-dash-probe.json &
  local probe=$!
  wrk -t2 -c8 -d"${SECONDS_EACH}s" "http://127.0.0.1:$PORT/work/cpu?iterations=$ITER" > /tmp/offload-dash-wrk.txt
  wait $probe
  stop_readers
  python3 -c 'import json; p=json.load(open("/tmp/offload-dash-probe.json")); print(p["p99Ms"], p["errors"])'
}

without=()
with=()
for i in $(seq "$ROUNDS"); do
  read -r p99 errors < <(round 0)
  echo "round $i, no dashboard:      /health p99 $p99 ms (errors $errors)"
  without+=("$p99")
  read -r p99 errors < <(round "$STREAMS")
  echo "round $i, $STREAMS dashboards: /health p99 $p99 ms (errors $errors)"
  with+=("$p99")
done
python3 - "${#without[@]}" "${without[@]}" "${with[@]}" <<'PY'
import sys, statistics
n = int(sys.argv[1]); a = list(map(float, sys.argv[2:2 + n])); b = list(map(float, sys.argv[2 + n:]))
ma, mb = statistics.median(a), statistics.median(b)
print(f"median /health p99: {ma:.2f} ms without, {mb:.2f} ms with dashboards: {mb - ma:+.2f} ms")
PY
