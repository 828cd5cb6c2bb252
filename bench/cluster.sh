#!/usr/bin/env bash
# Benchmark for scale-out (not a test): one front and 1, 2, then 3 worker JVMs on this host, each worker exporting a
# pool "io" of 8 threads; the front routes /work/sleep to the cluster. Sleep work is bounded by pool size, not by the
# 2 cores, so Little's law says 8 threads / 0.1 s = 80 req/s per worker. For each worker count: wrk keeps
# 8 x workers + 4 requests open for DURATION seconds while /health on the front is probed at 100/s.
# Prints req/s against Little's law, the probe's percentiles, and per node its RSS and start-up time.
#   bench/cluster.sh [DURATION_SECONDS] [SLEEP_MS]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-15}
SLEEP_MS=${2:-100}
POOL=8
PORT=${PORT:-18180}
HZ=${HZ:-15801}
HEAP=-Xmx256m

. bench/lib.sh
needs_wrk_and_jar
DIR=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$DIR"' EXIT

ms_now() { date +%s%3N; }
await_ready() { # await_ready PORT: until /ready answers 200
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$1/ready" >/dev/null && return 0; sleep 0.1; done
  echo "cluster.sh: node on port $1 never became ready" >&2; return 1
}
nodes_up() { # how many worker nodes the front sees up
  curl -s "http://127.0.0.1:$PORT/stats" |
    python3 -c 'import sys,json; print(sum(1 for n in json.load(sys.stdin)["cluster"]["nodes"] if n["state"]=="up"))'
}
rss_mib() { ps -o rss= -p "$1" | awk '{printf "%.0f", $1/1024}'; }

cat > "$DIR/front.json" <<JSON
{ "http": { "host": "127.0.0.1", "port": $PORT, "instances": 2 },
  "cluster": { "port": $HZ, "members": ["127.0.0.1:$HZ"] },
  "routes": { "sleep": { "strategy": "cluster", "pool": "io" } },
  "admission": { "cluster:io": { "maxConcurrent": 256 } },
  "shutdown": { "graceMs": 0, "timeoutMs": 2000 } }
JSON
START=$(ms_now)
OFFLOAD_JAVA_OPTS=$HEAP ./run.sh serve --config "$DIR/front.json" > "$DIR/front.log" 2>&1 &
PIDS+=($!)
FRONT=$!
await_ready "$PORT"
FRONT_START=$(( $(ms_now) - START ))
echo "front: ready in ${FRONT_START} ms (pid $FRONT, $HEAP)"

ROWS=()
STARTS=()
for n in 1 2 3; do
  wport=$((PORT + n))
  cat > "$DIR/w$n.json" <<JSON
{ "http": { "host": "127.0.0.1", "port": $wport, "instances": 1 },
  "cluster": { "port": $((HZ + 10 * n)), "members": ["127.0.0.1:$HZ"] },
  "pools": { "io": { "size": $POOL, "exported": true, "maxQueue": 1000, "maxQueueWaitMs": 10000 } },
  "shutdown": { "graceMs": 0, "timeoutMs": 2000 } }
JSON
  START=$(ms_now)
  OFFLOAD_JAVA_OPTS=$HEAP ./run.sh worker --config "$DIR/w$n.json" > "$DIR/w$n.log" 2>&1 &
  PIDS+=($!)
  await_ready "$wport"
  READY=$(( $(ms_now) - START ))
  for _ in $(seq 300); do [ "$(nodes_up)" -ge "$n" ] && break; sleep 0.1; done
  SEEN=$(( $(ms_now) - START ))
  STARTS+=("worker $n: ready in ${READY} ms, taking the front's work ${SEEN} ms after launch")
  echo "${STARTS[-1]}"
  conns=$((POOL * n + 4))
  # Warm-up, then the measured run.
  wrk -t2 -c"$conns" -d3s "http://127.0.0.1:$PORT/work/sleep?ms=$SLEEP_MS" >/dev/null
  python3 bench/probe.py "http://127.0.0.1:$PORT/health" --rate 100 --seconds "$DURATION" > "$DIR/probe.json" &
  PROBE=$!
  wrk -t2 -c"$conns" -d"${DURATION}s" --latency "http://127.0.0.1:$PORT/work/sleep?ms=$SLEEP_MS" > "$DIR/wrk.txt"
  wait $PROBE
  rps=$(sed -n 's/^Requests\/sec: *//p' "$DIR/wrk.txt")
  errors=$(sed -n 's/^ *Non-2xx or 3xx responses: *//p' "$DIR/wrk.txt")
  rss="front $(rss_mib "$FRONT")"
  for i in $(seq "$n"); do rss="$rss, w$i $(rss_mib "${PIDS[$i]}")"; done
  ROWS+=("$(python3 - "$n" "$rps" "$POOL" "$SLEEP_MS" "${errors:-0}" "$DIR/probe.json" "$rss" <<'PY'
import sys, json
n, rps, pool, sleep_ms, errors, probe_file, rss = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), \
    float(sys.argv[4]), int(sys.argv[5]), sys.argv[6], sys.argv[7]
little = n * pool / (sleep_ms / 1000.0)
probe = json.load(open(probe_file))
print(f"| {n} | {n * pool} | {little:.0f} | {rps:.1f} | {rps / little:.2f} | {errors} | {probe['p50Ms']} | "
      f"{probe['p99Ms']} | {probe['maxMs']} | {rss} |")
PY
)")
  echo "${ROWS[-1]}"
done

echo
echo "sleep ${SLEEP_MS} ms, pool $POOL per worker, ${DURATION} s per row, wrk connections = 8 x workers + 4; $(nproc) cores"
echo "| workers | threads | Little's law req/s | req/s | ratio | non-2xx | /health p50 ms | p99 ms | max ms | RSS MiB |"
echo "|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
echo
echo "front: ready in ${FRONT_START} ms"
printf '%s\n' "${STARTS[@]}"
