#!/usr/bin/env bash
# Where a small request's time goes (not a test): starts offload with Java Flight Recorder sampling every 1 ms,
# drives /work/cpu?iterations=1 through one strategy with wrk -t1 -cCONNS for SECONDS (after 3 s of warm-up), and
# prints the methods that held the CPU most: by self time, and inclusive for offload's, Vert.x's and Micrometer's
# own methods (each stack counted once per method). The same set-up as bench/overhead.sh.
#   [TOP=40] bench/profile.sh [STRATEGY] [SECONDS] [CONNS]      STRATEGY: worker-pool (default), execute-blocking,
#                                                       virtual-thread, event-loop, health
set -euo pipefail
cd "$(dirname "$0")/.."
STRATEGY=${1:-worker-pool}
SECONDS_PER_RUN=${2:-10}
CONNS=${3:-32}
PORT=${PORT:-18281}
. bench/lib.sh
needs_wrk_and_jar
JAVA=$(java21)
JFR="$(dirname "$JAVA")/jfr"
DIR=$(mktemp -d)
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$DIR"; }
trap cleanup EXIT

case "$STRATEGY" in
  worker-pool) ROUTE='{ "strategy": "worker-pool", "pool": "cpu" }'; TARGET='/work/cpu?iterations=1' ;;
  health) ROUTE='{ "strategy": "worker-pool", "pool": "cpu" }'; TARGET=/health ;;
  execute-blocking|virtual-thread|event-loop) ROUTE="{ \"strategy\": \"$STRATEGY\" }"; TARGET='/work/cpu?iterations=1' ;;
  *) echo "profile.sh: unknown strategy $STRATEGY" >&2; exit 2 ;;
esac
cat > "$DIR/config.json" <<JSON
{ "http": { "host": "127.0.0.1", "port": $PORT, "instances": 2 },
  "vertx": { "eventLoopPoolSize": 2, "workerPoolSize": 2 },
  "pools": { "cpu": { "size": 2 } },
  "routes": { "cpu": $ROUTE } }
JSON
"$JAVA" -XX:StartFlightRecording=filename="$DIR/rec.jfr",settings=profile,jdk.ExecutionSample#period=1ms,delay=3s \
  -cp target/offload.jar dev.offload.Main serve --config "$DIR/config.json" > "$DIR/server.log" 2>&1 &
SERVER=$!
await_health "$DIR/server.log"
wrk -t1 -c"$CONNS" -d3s "http://127.0.0.1:$PORT$TARGET" >/dev/null
wrk -t1 -c"$CONNS" -d"${SECONDS_PER_RUN}s" "http://127.0.0.1:$PORT$TARGET" | grep -E 'Requests/sec|Non-2xx' || true
"$(dirname "$JAVA")/jcmd" "$SERVER" JFR.dump filename="$DIR/rec.jfr" >/dev/null
"$JFR" print --events jdk.ExecutionSample --stack-depth 128 "$DIR/rec.jfr" > "$DIR/samples.txt"
TOP=${TOP:-40} python3 - "$DIR/samples.txt" <<'PY'
import os, re, sys, collections
samples, self_time, inclusive = 0, collections.Counter(), collections.Counter()
stack = None
frame = re.compile(r'^\s+([\w$.<>/]+)\(')
for line in open(sys.argv[1]):
    if line.startswith('jdk.ExecutionSample'):
        stack = []
    elif stack is not None and frame.match(line):
        stack.append(frame.match(line).group(1))
    elif stack is not None and line.startswith('}'):
        if stack:
            samples += 1
            self_time[stack[0]] += 1
            for m in set(stack):
                if m.startswith(('dev.offload.', 'io.vertx.', 'io.micrometer.')):
                    inclusive[m] += 1
        stack = None
print(f"{samples} samples")
print("\nself time (top 25)")
for m, n in self_time.most_common(25):
    print(f"{100 * n / samples:5.1f}%  {m}")
top = int(os.environ["TOP"])
print(f"\ninclusive, offload / Vert.x / Micrometer methods (top {top})")
for m, n in inclusive.most_common(top):
    print(f"{100 * n / samples:5.1f}%  {m}")
PY
