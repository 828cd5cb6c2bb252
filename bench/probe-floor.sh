#!/usr/bin/env bash
# What the /health probe of bench/core-throughput.sh reads when offload is not there (not a test): bare Vert.x
# (bench/BareVertx.java, 2 instances) answers /health while one busy loop per core (sha256sum of /dev/zero) runs at
# Linux nice NICE, as the cpu pool's threads do there, and bench/probe.py asks at 100/s for DURATION seconds. The
# probe's p99 here is the floor that machine, kernel and probe set for offload's.
#   [NICE=19] bench/probe-floor.sh [DURATION_SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20}
PORT=${PORT:-18084}
. bench/lib.sh
./run.sh --help > /dev/null # builds target/offload.jar when needed
JAVA=$(java21)
PIDS=""
trap 'kill $PIDS 2>/dev/null; wait 2>/dev/null' EXIT
"$JAVA" -cp target/offload.jar bench/BareVertx.java "$PORT" 2 2 > /tmp/offload-floor.log 2>&1 &
PIDS=$!
await_health /tmp/offload-floor.log
python3 bench/probe.py "http://127.0.0.1:$PORT/health" --rate 100 --seconds 5 > /dev/null # warm-up
for _ in $(seq "$(nproc)"); do
  nice -n "${NICE:-19}" sha256sum /dev/zero > /dev/null &
  PIDS="$PIDS $!"
done
echo "bare Vert.x /health at 100/s for ${DURATION} s beside $(nproc) busy loops at nice ${NICE:-19}:"
python3 bench/probe.py "http://127.0.0.1:$PORT/health" --rate 100 --seconds "$DURATION"
