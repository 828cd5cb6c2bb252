#!/usr/bin/env bash
# Benchmark for virtual threads at the limit (not a test): /work/sleep?ms=SLEEP_MS through the virtual-thread strategy
# with wrk keeping 2,000 and then 10,000 connections open, each waiting for its answer. Little's law allows
# connections / sleep: 20,000/s at 2,000 x 100 ms. Prints req/s against that, latency, and the JVM's peak RSS,
# under the heap setting given in HEAP (default -Xmx256m).
#   bench/virtual-threads.sh [SECONDS] [SLEEP_MS]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-10}
SLEEP_MS=${2:-100}
PORT=${PORT:-18380}
HEAP=${HEAP:--Xmx256m}
. bench/lib.sh
needs_wrk_and_jar
# wrk and the server each hold one descriptor per connection.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
JAVA=$(java21)
DIR=$(mktemp -d)
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$DIR"; }
trap cleanup EXIT

cat > "$DIR/config.json" <<JSON
{ "http": { "host": "127.0.0.1", "port": $PORT, "instances": 2, "maxConnections": 20000 },
  "vertx": { "eventLoopPoolSize": 2 },
  "routes": { "sleep": { "strategy": "virtual-thread" } },
  "admission": { "virtual": { "maxConcurrent": 20000, "maxQueue": 1000 } } }
JSON
# shellcheck disable=SC2086
"$JAVA" $HEAP -cp target/offload.jar dev.offload.Main serve --config "$DIR/config.json" > "$DIR/server.log" 2>&1 &
SERVER=$!
await_health "$DIR/server.log"
echo "offload $HEAP, pid $SERVER, virtual-thread route, sleep ${SLEEP_MS} ms, ${SECONDS_PER_RUN} s per run, $(nproc) cores"
echo "| connections | Little's law req/s | req/s | ratio | p50 ms | p99 ms | non-2xx | socket errors | peak RSS MiB |"
echo "|---|---|---|---|---|---|---|---|---|"
for conns in 2000 10000; do
  wrk -t2 -c"$conns" -d3s "http://127.0.0.1:$PORT/work/sleep?ms=$SLEEP_MS" >/dev/null 2>&1 || true
  wrk -t2 -c"$conns" -d"${SECONDS_PER_RUN}s" --timeout 10s --latency \
    "http://127.0.0.1:$PORT/work/sleep?ms=$SLEEP_MS" > "$DIR/wrk.txt" 2>&1 || true
  python3 - "$conns" "$SLEEP_MS" "$DIR/wrk.txt" "/proc/$SERVER/status" <<'PY'
import sys, re
conns, sleep_ms, wrk, status = int(sys.argv[1]), float(sys.argv[2]), open(sys.argv[3]).read(), sys.argv[4]
little = conns / (sleep_ms / 1000)
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", wrk).group(1))
def ms(label):
    m = re.search(r"\s" + label + r"%\s+([\d.]+)(us|ms|s)", wrk)
    if not m: return float("nan")
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", wrk)
errors = re.search(r"Socket errors: (.*)", wrk)
hwm = [int(l.split()[1]) for l in open(status) if l.startswith("VmHWM")][0] / 1024
print(f"| {conns} | {little:.0f} | {rps:.0f} | {rps / little:.2f} | {ms('50'):.1f} | {ms('99'):.1f} | "
      f"{non2xx.group(1) if non2xx else 0} | {errors.group(1) if errors else 'none'} | {hwm:.0f} |")
PY
done
