#!/usr/bin/env bash
# Benchmark for virtual threads at the limit (not a test): /work/sleep through the virtual-thread strategy with wrk
# keeping 2,000 connections open on SLEEP_MS sleeps, then 10,000 on LONG_SLEEP_MS sleeps, each waiting for its answer.
# Little's law allows connections / sleep: 20,000/s at 2,000 x 100 ms, 10,000/s at 10,000 x 1 s. (10,000 x 100 ms
# would be 100,000/s, more than 2 cores shared with wrk can send and answer at this per-request cost.) Prints req/s
# against that, latency, and the JVM's peak RSS under HEAP, default the setting docs/performance.md recommends for many
# connections: -Xmx144m -XX:+UseSerialGC, and -XX:+UseCompactObjectHeaders where the JVM has it as a product option
# (Java 25). The service's db table is cut to 1,000 rows: it is not used here.
#   bench/virtual-threads.sh [SECONDS] [SLEEP_MS] [LONG_SLEEP_MS]   (WARMUP=seconds of the same load first, default 15;
#   JAR=another build's offload.jar to measure it instead of target/offload.jar)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-30}
SLEEP_MS=${2:-100}
LONG_SLEEP_MS=${3:-1000}
PORT=${PORT:-18380}
WARMUP=${WARMUP:-15}
. bench/lib.sh
needs_wrk_and_jar
# wrk and the server each hold one descriptor per connection.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
JAVA=$(java21)
if [ -z "${HEAP:-}" ]; then
  HEAP="-Xmx144m -XX:+UseSerialGC"
  # Smaller headers hold the same 10,000 connections in less heap (docs/performance.md); Java 24 has them only as an
  # experimental option, older ones not at all, and the JVM refuses a flag it does not know.
  if "$JAVA" -XX:+UseCompactObjectHeaders -version >/dev/null 2>&1; then HEAP="$HEAP -XX:+UseCompactObjectHeaders"; fi
fi
DIR=$(mktemp -d)
SERVER=""
# A server that ran out of memory may not stop on SIGTERM: it is killed after 5 s.
cleanup() {
  if [ -n "$SERVER" ]; then
    kill "$SERVER" 2>/dev/null
    for _ in $(seq 25); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$SERVER" 2>/dev/null
  fi
  wait 2>/dev/null; rm -rf "$DIR"
}
trap cleanup EXIT

cat > "$DIR/config.json" <<JSON
{ "http": { "host": "127.0.0.1", "port": $PORT, "instances": 2, "maxConnections": 20000 },
  "vertx": { "eventLoopPoolSize": 2 },
  "routes": { "sleep": { "strategy": "virtual-thread" } },
  "admission": { "virtual": { "maxConcurrent": 20000, "maxQueue": 1000 } },
  "workloads": { "db": { "rows": 1000 } } }
JSON
# shellcheck disable=SC2086
"$JAVA" $HEAP -cp "${JAR:-target/offload.jar}" dev.offload.Main serve --config "$DIR/config.json" > "$DIR/server.log" 2>&1 &
SERVER=$!
await_health "$DIR/server.log"
echo "offload $HEAP, pid $SERVER, virtual-thread route, ${SECONDS_PER_RUN} s per run after ${WARMUP} s, $(nproc) cores"
echo "| connections | sleep ms | Little's law req/s | req/s | ratio | p50 ms | p99 ms | non-2xx | socket errors | peak RSS MiB |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for run in "2000 $SLEEP_MS" "10000 $LONG_SLEEP_MS"; do
  read -r conns sleep_ms <<<"$run"
  wrk -t2 -c"$conns" -d"${WARMUP}s" "http://127.0.0.1:$PORT/work/sleep?ms=$sleep_ms" >/dev/null 2>&1 || true
  # The warm-up's connections must be gone first: both sides together would pass the open-files limit at 10,000.
  for _ in $(seq 50); do [ "$(ls "/proc/$SERVER/fd" | wc -l)" -lt 1000 ] && break; sleep 0.2; done
  wrk -t2 -c"$conns" -d"${SECONDS_PER_RUN}s" --timeout 10s --latency \
    "http://127.0.0.1:$PORT/work/sleep?ms=$sleep_ms" > "$DIR/wrk.txt" 2>&1 || true
  python3 - "$conns" "$sleep_ms" "$DIR/wrk.txt" "/proc/$SERVER/status" <<'PY'
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
print(f"| {conns} | {sleep_ms:.0f} | {little:.0f} | {rps:.0f} | {rps / little:.2f} | {ms('50'):.1f} | {ms('99'):.1f} | "
      f"{non2xx.group(1) if non2xx else 0} | {errors.group(1) if errors else 'none'} | {hwm:.0f} |")
PY
done
