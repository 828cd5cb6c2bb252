#!/usr/bin/env bash
# Benchmark for the service core (not a test): /work/cpu on a worker pool sized to the cores, 2 HTTP instances,
# 8 concurrent connections for DURATION seconds, while /health is probed at 100 requests/s.
# Prints single-request service time S, the throughput reached, the ideal cores/S, and the probe's percentiles.
#   bench/core-throughput.sh [DURATION_SECONDS] [TARGET_SERVICE_MS]
# NICE=N gives the cpu pool's threads Linux nice N (pools.cpu.nice), below the event loops.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-30}
TARGET_MS=${2:-20}
PORT=${PORT:-18080}
. bench/lib.sh
CORES=$(nproc)

needs_wrk_and_jar

CONF=$(mktemp --suffix=.json)
cat > "$CONF" <<JSON
{ "http": { "host": "127.0.0.1", "port": $PORT, "instances": 2 },
  "vertx": { "eventLoopPoolSize": 2 },
  "pools": { "cpu": { "size": $CORES, "nice": ${NICE:-0} } },
  "routes": { "cpu": { "strategy": "worker-pool", "pool": "cpu" } } }
JSON
./run.sh serve --config "$CONF" > /tmp/offload-bench.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -f "$CONF"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done


# Warm up the JIT, then size the work to about TARGET_MS.
median_service_ms 20000 200 >/dev/null
probe_ms=$(median_service_ms 20000 20)
ITER=$(python3 -c "print(max(1, int(20000 * $TARGET_MS / $probe_ms)))")
median_service_ms "$ITER" 50 >/dev/null
S=$(median_service_ms "$ITER" 50)
echo "work: iterations=$ITER, single-request service time S=${S} ms (median of 50 sequential requests)"

BEFORE=$(service_totals)
python3 bench/probe.py "http://127.0.0.1:$PORT/health" --rate 100 --seconds "$DURATION" > /tmp/offload-probe.json &
PROBE=$!
wrk -t2 -c8 -d"${DURATION}s" --latency "http://127.0.0.1:$PORT/work/cpu?iterations=$ITER" > /tmp/offload-wrk.txt
wait $PROBE
AFTER=$(service_totals)
# The machine is shared, so S drifts: measure it again after the load and use the mean of both.
S_AFTER=$(median_service_ms "$ITER" 50)
echo "S measured again after the load: ${S_AFTER} ms"
RPS=$(sed -n 's/^Requests\/sec: *//p' /tmp/offload-wrk.txt)
python3 - "$RPS" "$S" "$S_AFTER" "$CORES" $BEFORE $AFTER <<'PY'
import sys, json
rps, s, cores = float(sys.argv[1]), (float(sys.argv[2]) + float(sys.argv[3])) / 2, int(sys.argv[4])
sum0, count0, sum1, count1 = map(float, sys.argv[5:9])
loaded = (sum1 - sum0) / (count1 - count0) * 1000.0
ideal = cores / (s / 1000.0)
probe = json.load(open("/tmp/offload-probe.json"))
print(f"cpu pool nice {__import__('os').environ.get('NICE', '0')}")
print(f"throughput: {rps:.1f} req/s with 8 connections; ideal cores/S = {cores}/{s:.2f} ms = {ideal:.1f} req/s;"
      f" ratio {rps/ideal:.1%}")
print(f"mean service time under load: {loaded:.2f} ms ({loaded/s - 1:+.0%} against S); "
      f"pool busy {rps * loaded / 1000.0 / cores:.0%} of {cores} threads")
print(f"/health probe at 100/s: p50 {probe['p50Ms']} ms, p90 {probe['p90Ms']} ms, p99 {probe['p99Ms']} ms, "
      f"max {probe['maxMs']} ms, errors {probe['errors']}, sent late {probe['sentLate']} of {probe['requests']}")
PY
grep -E "^ +Latency +[0-9]|Non-2xx|Socket errors" /tmp/offload-wrk.txt || true
