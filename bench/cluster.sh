#!/usr/bin/env bash
# Benchmark for scale-out (not a test): one front and 1, 2, then 3 worker JVMs on this host, each worker exporting a
# pool "io" of 8 threads; the front routes /work/sleep to the cluster. Sleep work is bounded by pool size, not by the
# 2 cores, so Little's law says 8 threads / 0.1 s = 80 req/s per worker. For each worker count: wrk keeps
# 8 x workers + 4 requests open for DURATION seconds while /health on the front is probed at 100/s.
# The whole table is measured twice, the event bus in clear text and then with mutual TLS (cluster.tls, certificates
# made by scripts/cluster-certs.sh), and the two compared: the capacity ratio, and the latency TLS adds to a trip
# through the cluster (wrk's p50 and p99 of 1-ms sleeps at 4 connections for LATENCY_SECONDS, default 8: no queueing).
# Prints req/s against Little's law, the probe's percentiles, and per node its RSS and start-up time.
#   bench/cluster.sh [DURATION_SECONDS] [SLEEP_MS] [MODES]     MODES: "plain tls" (default), "plain" or "tls"
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-15}
SLEEP_MS=${2:-100}
MODES=${3:-plain tls}
POOL=8
PORT=${PORT:-18180}
HZ=${HZ:-15801}
HEAP=-Xmx256m
LATENCY_SECONDS=${LATENCY_SECONDS:-8}

. bench/lib.sh
needs_wrk_and_jar
DIR=$(mktemp -d)
PIDS=()
stop_all() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; PIDS=(); }
trap 'stop_all; rm -rf "$DIR"' EXIT
bash scripts/cluster-certs.sh "$DIR/certs" front w1 w2 w3 2>/dev/null

ms_now() { date +%s%3N; }
await_ok() { # await_ok PORT PATH: until PATH answers 200
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$1$2" >/dev/null && return 0; sleep 0.1; done
  echo "cluster.sh: node on port $1 never answered 200 on $2" >&2; return 1
}
nodes_up() { # how many worker nodes the front sees up
  curl -s "http://127.0.0.1:$PORT/stats" |
    python3 -c 'import sys,json; print(sum(1 for n in json.load(sys.stdin)["cluster"]["nodes"] if n["state"]=="up"))'
}
rss_mib() { ps -o rss= -p "$1" | awk '{printf "%.0f", $1/1024}'; }
tls_of() { # tls_of MODE NAME: the "tls" member of a cluster section, or nothing
  [ "$1" = tls ] && printf ', "tls": {"certFile": "%s/certs/%s.pem", "keyFile": "%s/certs/%s-key.pem", "caFile": "%s/certs/ca.pem"}' \
    "$DIR" "$2" "$DIR" "$2" "$DIR"
  return 0
}
wrk_ms() { # wrk_ms FILE PERCENT: a latency percentile of wrk --latency, in ms
  awk -v p="$2%" '$1 == p { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) }
    else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }' "$1"
}

declare -A RPS P50 P99
ALL_ROWS=()
for mode in $MODES; do
  cat > "$DIR/front.json" <<JSON
{ "http": { "host": "127.0.0.1", "port": $PORT, "instances": 2 },
  "cluster": { "port": $HZ, "members": ["127.0.0.1:$HZ"]$(tls_of "$mode" front) },
  "routes": { "sleep": { "strategy": "cluster", "pool": "io" } },
  "admission": { "cluster:io": { "maxConcurrent": 256 } },
  "shutdown": { "graceMs": 0, "timeoutMs": 2000 } }
JSON
  START=$(ms_now)
  OFFLOAD_JAVA_OPTS=$HEAP ./run.sh serve --config "$DIR/front.json" > "$DIR/front-$mode.log" 2>&1 &
  PIDS+=($!)
  FRONT=$!
  # A front is not ready (503) until a worker exports the pool of its cluster route: serving is what it can be alone.
  await_ok "$PORT" /health
  echo "$mode: front serving in $(( $(ms_now) - START )) ms (pid $FRONT, $HEAP)"
  for n in 1 2 3; do
    wport=$((PORT + n))
    cat > "$DIR/w$n.json" <<JSON
{ "http": { "host": "127.0.0.1", "port": $wport, "instances": 1 },
  "cluster": { "port": $((HZ + 10 * n)), "members": ["127.0.0.1:$HZ"]$(tls_of "$mode" "w$n") },
  "pools": { "io": { "size": $POOL, "exported": true, "maxQueue": 1000, "maxQueueWaitMs": 10000 } },
  "shutdown": { "graceMs": 0, "timeoutMs": 2000 } }
JSON
    START=$(ms_now)
    OFFLOAD_JAVA_OPTS=$HEAP ./run.sh worker --config "$DIR/w$n.json" > "$DIR/w$n-$mode.log" 2>&1 &
    PIDS+=($!)
    await_ok "$wport" /ready
    READY=$(( $(ms_now) - START ))
    for _ in $(seq 300); do [ "$(nodes_up)" -ge "$n" ] && break; sleep 0.1; done
    echo "$mode: worker $n ready in ${READY} ms, taking the front's work $(( $(ms_now) - START )) ms after launch"
    conns=$((POOL * n + 4))
    # Warm-up, then the measured run.
    wrk -t2 -c"$conns" -d3s "http://127.0.0.1:$PORT/work/sleep?ms=$SLEEP_MS" >/dev/null
    python3 bench/probe.py "http://127.0.0.1:$PORT/health" --rate 100 --seconds "$DURATION" > "$DIR/probe.json" &
    PROBE=$!
    wrk -t2 -c"$conns" -d"${DURATION}s" --latency "http://127.0.0.1:$PORT/work/sleep?ms=$SLEEP_MS" > "$DIR/wrk.txt"
    wait $PROBE
    rps=$(sed -n 's/^Requests\/sec: *//p' "$DIR/wrk.txt")
    errors=$(sed -n 's/^ *Non-2xx or 3xx responses: *//p' "$DIR/wrk.txt")
    RPS[$mode$n]=$rps
    # The trip's own latency: 1-ms sleeps at 4 connections, far below the threads, so nothing queues.
    wrk -t1 -c4 -d"$LATENCY_SECONDS"s --latency "http://127.0.0.1:$PORT/work/sleep?ms=1" > "$DIR/wrk-latency.txt"
    P50[$mode$n]=$(wrk_ms "$DIR/wrk-latency.txt" 50)
    P99[$mode$n]=$(wrk_ms "$DIR/wrk-latency.txt" 99)
    rss="front $(rss_mib "$FRONT")"
    for i in $(seq "$n"); do rss="$rss, w$i $(rss_mib "${PIDS[$i]}")"; done
    ALL_ROWS+=("$(python3 - "$mode" "$n" "$rps" "$POOL" "$SLEEP_MS" "${errors:-0}" "$DIR/probe.json" "$rss" \
        "${P50[$mode$n]}" "${P99[$mode$n]}" <<'PY'
import sys, json
mode, n, rps, pool, sleep_ms, errors, probe_file, rss, p50, p99 = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), \
    int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6]), sys.argv[7], sys.argv[8], sys.argv[9], sys.argv[10]
little = n * pool / (sleep_ms / 1000.0)
probe = json.load(open(probe_file))
print(f"| {mode} | {n} | {n * pool} | {little:.0f} | {rps:.1f} | {rps / little:.2f} | {errors} | {p50} | {p99} | "
      f"{probe['p50Ms']} | {probe['p99Ms']} | {probe['maxMs']} | {rss} |")
PY
)")
    echo "${ALL_ROWS[-1]}"
  done
  stop_all
  sleep 2
done

echo
echo "sleep ${SLEEP_MS} ms, pool $POOL per worker, ${DURATION} s per row, wrk connections = 8 x workers + 4; $(nproc) cores"
echo "| bus | workers | threads | Little's law req/s | req/s | ratio | non-2xx | 1-ms trip p50 ms | trip p99 ms | /health p50 ms | p99 ms | max ms | RSS MiB |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ALL_ROWS[@]}"
if [[ " $MODES " == *" plain "* && " $MODES " == *" tls "* ]]; then
  echo
  echo "| workers | TLS req/s ÷ plain | trip p50 TLS − plain ms | trip p99 TLS − plain ms |"
  echo "|---|---|---|---|"
  for n in 1 2 3; do
    python3 -c "import sys; a,b,c,d,e,f=map(float,sys.argv[2:]); print(f'| {sys.argv[1]} | {b/a:.3f} | {d-c:+.2f} | {f-e:+.2f} |')" \
      "$n" "${RPS[plain$n]}" "${RPS[tls$n]}" "${P50[plain$n]}" "${P50[tls$n]}" "${P99[plain$n]}" "${P99[tls$n]}"
  done
fi
