#!/usr/bin/env bash
# Benchmark for admission control (not a test): open-loop load at 2x the CPU pool's capacity for DURATION seconds,
# first with an effectively unbounded queue, then with maxQueue sized to about 1 s of work.
#   bench/overload.sh [DURATION_SECONDS] [TARGET_SERVICE_MS]   (WARMUP=seconds, default 5)
# NICE=N gives the cpu pool's threads Linux nice N (pools.cpu.nice), below the event loops.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-30}
WARMUP=${WARMUP:-5}  # seconds of the same load before measuring: JIT, connections, a full queue
TARGET_MS=${2:-20}
PORT=${PORT:-18081}
. bench/lib.sh
CORES=$(nproc)
POOL_SIZE=${POOL_SIZE:-$CORES}   # threads of the cpu pool; cores - 1 leaves a core to the event loops
./run.sh --help >/dev/null   # builds the jar when needed, and picks the JDK
JAVA=$(java21)

SERVER=""
CONF=$(mktemp --suffix=.json)
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -f "$CONF"; }
trap cleanup EXIT

serve() { # serve MAX_QUEUE MAX_QUEUE_WAIT_MS
  cat > "$CONF" <<JSON
{ "http": { "host": "127.0.0.1", "port": $PORT, "instances": 2 },
  "vertx": { "eventLoopPoolSize": 2 },
  "pools": { "cpu": { "size": $POOL_SIZE, "maxQueue": $1, "maxQueueWaitMs": $2, "nice": ${NICE:-0} } },
  "routes": { "cpu": { "strategy": "worker-pool", "pool": "cpu" } },
  "shutdown": { "graceMs": 0, "timeoutMs": 1000 } }
JSON
  "$JAVA" -jar target/offload.jar --config "$CONF" > /tmp/offload-overload.log 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && return; sleep 0.2; done
  echo "server did not start"; cat /tmp/offload-overload.log; exit 1
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""; }



load() { # load RATE -> JSON on stdout. The generator runs at a higher priority (nice -10): on 2 cores shared with
  # a saturated pool it would otherwise fall behind its own schedule, and its lateness would count as latency.
  nice -n -10 "$JAVA" -cp target/offload.jar dev.offload.load.LoadMain --url "http://127.0.0.1:$PORT/work/cpu?iterations=$ITER" \
    --rate "$1" --seconds "$DURATION" --warmup "$WARMUP" --connections 4000 --window-seconds 5
}

serve 1000000 3600000
median_service_ms 20000 200 >/dev/null
probe=$(median_service_ms 20000 20)
ITER=$(python3 -c "print(max(1, int(20000 * $TARGET_MS / $probe)))")
median_service_ms "$ITER" 30 >/dev/null
S=$(median_service_ms "$ITER" 50)
read -r CAPACITY RATE QUEUE <<<"$(python3 -c "c=$POOL_SIZE/($S/1000); print(round(c,1), round(2*c,1), max(1, round(c)))")"
echo "work: iterations=$ITER, S=$S ms; capacity = $POOL_SIZE threads / S = $CAPACITY req/s; offered load $RATE req/s for ${DURATION}s"

run() { # run NAME: S just before, the load, then the mean service time under load from /metrics
  local before after s_now
  s_now=$(median_service_ms "$ITER" 30)
  before=$(service_totals)
  load "$RATE" > "/tmp/offload-$1.json"
  after=$(service_totals)
  curl -s "http://127.0.0.1:$PORT/stats" > "/tmp/offload-$1-stats.json"
  echo "$s_now $before $after" > "/tmp/offload-$1-service.txt"
}
echo "== unbounded queue (maxQueue 1000000, maxQueueWaitMs 3600000)"
run unbounded
stop
serve "$QUEUE" 1000
median_service_ms "$ITER" 30 >/dev/null
echo "== bounded queue (maxQueue $QUEUE = about 1 s of work, maxQueueWaitMs 1000)"
run bounded
stop

python3 - "$S" "$CAPACITY" <<'PY'
import json, sys
s, capacity = float(sys.argv[1]), float(sys.argv[2])
cores = capacity * s / 1000
for name in ("unbounded", "bounded"):
    r = json.load(open(f"/tmp/offload-{name}.json"))
    s_now, sum0, count0, sum1, count1 = map(float, open(f"/tmp/offload-{name}-service.txt").read().split())
    loaded = (sum1 - sum0) / (count1 - count0) * 1000
    cap_now = cores / (s_now / 1000)
    ok, rej, rej_wire = r["okLatencyMs"], r["rejectedLatencyMs"], r["rejectedFromSendMs"]
    print(f"{name:>9}: sent {r['sent']}, 200 {r['ok']}, 503 {r['overloaded503']}, 504 {r['deadline504']}, "
          f"errors {r['errors']}; goodput {r['completedPerSecond']} req/s = {r['completedPerSecond']/capacity:.0%} of "
          f"capacity ({r['completedPerSecond']/cap_now:.0%} of {cap_now:.1f} from S={s_now} ms measured just before)")
    # The capacity under this very load: threads / the mean service time measured during it (issue 12's measure).
    print(f"{'':>9}  mean service time under load {loaded:.2f} ms; goodput = {r['completedPerSecond'] * loaded / 1000 / cores:.0%}"
          f" of the capacity under this load ({cores:.0f} threads / {loaded:.2f} ms = {cores / loaded * 1000:.1f} req/s)")
    print(f"{'':>9}  200s: p50 {ok['p50']} ms, p99 {ok['p99']} ms, max {ok['max']} ms")
    print(f"{'':>9}  503s: p50 {rej['p50']} ms, p99 {rej['p99']} ms from schedule; p50 {rej_wire['p50']} ms, "
          f"p99 {rej_wire['p99']} ms from send; generator send lag p50 {r['sendLagMs']['p50']} ms, p99 {r['sendLagMs']['p99']} ms")
    print(f"{'':>9}  p99 of 200s per 5 s window: " + ", ".join(str(w['okP99Ms']) for w in r["windows"]))
    stats = json.load(open(f"/tmp/offload-{name}-stats.json"))["pools"]["cpu"]
    print(f"{'':>9}  /stats cpu pool: " + json.dumps({k: stats[k] for k in ("admitted", "rejected", "expired", "completed", "failed")}))
print(f"bound to check: p99 of 200s <= maxQueueWaitMs + 2 x S = {1000 + 2 * s:.0f} ms")
PY
