#!/usr/bin/env bash
# Benchmark for the per-request cost (not a test): tiny work (/work/cpu?iterations=1, one SHA-256 of nothing)
# through each strategy, against a bare Vert.x server on the same Vert.x with the same instances (bench/BareVertx.java)
# answering inline, through executeBlocking(…, false), and on a virtual thread started per request. wrk -t1
# -cCONNS for SECONDS per run after WARMUP seconds of the same load (the JIT needs that long for offload here: with
# 3 s, one run in three came out at half speed), two rounds interleaved (bare, then each offload strategy, then
# again), metrics on as offload ships; the event-loop route once more with "timings": false. Prints req/s per run,
# the ratio of the mean to the bare baseline it is measured against, and the server's CPU time per request (user +
# system, from /proc), which another process on the machine disturbs less than req/s.
#   bench/overhead.sh [SECONDS] [CONNS] [WARMUP]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-8}
CONNS=${2:-32}
WARMUP=${3:-15}
PORT=${PORT:-18280}
INSTANCES=2
POOL=2
. bench/lib.sh
needs_wrk_and_jar
JAVA=$(java21)
DIR=$(mktemp -d)
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$DIR"; }
trap cleanup EXIT

stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""; }
measure() { # measure NAME PATH: prints "NAME req/s µs-of-server-CPU-per-request"; a run that measured nothing ends it
  local rate
  rate=$(rps "$2")
  echo "$1 $rate $(python3 -c "print(round($(cat "$DIR/cpu.txt") / ($rate * $SECONDS_PER_RUN) * 1e6, 1))")"
}
cpu_seconds() { # the server's user + system CPU seconds so far
  awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$SERVER/stat"
}
rps() { # rps PATH: warm up WARMUP s, then SECONDS_PER_RUN measured
  wrk -t1 -c"$CONNS" -d"${WARMUP}s" "http://127.0.0.1:$PORT$1" >/dev/null
  local before
  before=$(cpu_seconds)
  wrk -t1 -c"$CONNS" -d"${SECONDS_PER_RUN}s" "http://127.0.0.1:$PORT$1" > "$DIR/wrk.txt"
  python3 -c "print($(cpu_seconds) - $before)" > "$DIR/cpu.txt"
  if grep -q "Non-2xx" "$DIR/wrk.txt"; then echo "overhead.sh: errors on $1:" >&2; cat "$DIR/wrk.txt" >&2; fi
  grep -q '^Requests/sec:' "$DIR/wrk.txt" || { echo "overhead.sh: wrk measured nothing on $1" >&2; return 1; }
  sed -n 's/^Requests\/sec: *//p' "$DIR/wrk.txt"
}

bare() {
  "$JAVA" -cp target/offload.jar bench/BareVertx.java "$PORT" "$INSTANCES" "$POOL" > "$DIR/server.log" 2>&1 &
  SERVER=$!
  await_health "$DIR/server.log"
  measure "bare inline" /inline
  measure "bare executeBlocking" /blocking
  measure "bare virtual thread" /virtual
  measure "bare plain" /plain
  stop
}

offload() { # offload STRATEGY_JSON NAME
  cat > "$DIR/config.json" <<JSON
{ "http": { "host": "127.0.0.1", "port": $PORT, "instances": $INSTANCES },
  "vertx": { "eventLoopPoolSize": $INSTANCES, "workerPoolSize": $POOL },
  "pools": { "cpu": { "size": $POOL } },
  "routes": { "cpu": $1 } }
JSON
  "$JAVA" ${OFFLOAD_JAVA_OPTS:-} -cp target/offload.jar dev.offload.Main serve --config "$DIR/config.json" \
    > "$DIR/server.log" 2>&1 &
  SERVER=$!
  await_health "$DIR/server.log"
  measure "offload $2" '/work/cpu?iterations=1'
  if [ "$2" = worker-pool ]; then measure "offload /health" /health; fi
  stop
}

round() {
  bare
  offload '{ "strategy": "worker-pool", "pool": "cpu" }' worker-pool
  offload '{ "strategy": "execute-blocking" }' execute-blocking
  offload '{ "strategy": "virtual-thread" }' virtual-thread
  offload '{ "strategy": "event-loop" }' event-loop
  offload '{ "strategy": "event-loop", "timings": false }' "event-loop untimed"
}

# In this shell, not a pipeline's subshell: the EXIT trap must see the server a failed run leaves behind.
round > "$DIR/runs.txt"
round >> "$DIR/runs.txt"
cat "$DIR/runs.txt"
echo
echo "wrk -t1 -c$CONNS, ${SECONDS_PER_RUN} s per run after ${WARMUP} s of warm-up, $INSTANCES HTTP instances, pools of $POOL," \
  "$(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
python3 - "$DIR/runs.txt" <<'PY'
import sys, collections
runs, cpu = collections.defaultdict(list), collections.defaultdict(list)
for line in open(sys.argv[1]):
    *name, value, micros = line.split()
    runs[" ".join(name)].append(float(value))
    cpu[" ".join(name)].append(float(micros))
mean = {k: sum(v) / len(v) for k, v in runs.items()}
mean_cpu = {k: sum(v) / len(v) for k, v in cpu.items()}
rows = [("offload worker-pool", "bare executeBlocking", 0.6), ("offload execute-blocking", "bare executeBlocking", 0.6),
        ("offload virtual-thread", "bare executeBlocking", 0.8), ("offload event-loop", "bare inline", 0.9),
        ("offload /health", "bare plain", 0.9),
        # Not targets: what a virtual thread per request costs any Vert.x server, offload against that floor, and
        # the event-loop route without its per-request histograms (routes.<w>.timings: false).
        ("bare virtual thread", "bare executeBlocking", None), ("offload virtual-thread", "bare virtual thread", None),
        ("offload event-loop untimed", "bare inline", None)]
print("| run | req/s (two rounds) | baseline | baseline req/s | ratio | target | server CPU µs/request (baseline) |")
print("|---|---|---|---|---|---|---|")
for name, base, target in rows:
    if name in runs:
        print(f"| {name} | {' / '.join(f'{v:.0f}' for v in runs[name])} | {base} | "
              f"{' / '.join(f'{v:.0f}' for v in runs[base])} | {mean[name] / mean[base]:.2f} | {target or '—'} | "
              f"{mean_cpu[name]:.1f} ({mean_cpu[base]:.1f}) |")
PY
