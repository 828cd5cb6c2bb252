# Functions the benchmarks share; source it after setting PORT.

needs_wrk_and_jar() { # wrk from Debian's packages when missing, and target/offload.jar built when needed
  command -v wrk >/dev/null || { apt-get update -q && apt-get install -y -q wrk; }
  ./run.sh --help >/dev/null
}

median_service_ms() { # median serviceMs of N sequential /work/cpu requests with ITERATIONS: median_service_ms ITERATIONS N
  for _ in $(seq "$2"); do curl -s "http://127.0.0.1:$PORT/work/cpu?iterations=$1"; echo; done |
    python3 -c 'import sys,json; v=sorted(json.loads(l)["serviceMs"] for l in sys.stdin if l.strip()); print(v[len(v)//2])'
}

service_totals() { # "sum count" of offload_service_seconds for the cpu route, over every instance, from /metrics
  curl -s "http://127.0.0.1:$PORT/metrics" \
    | awk '/^offload_service_seconds_(sum|count)\{.*route="cpu"/{v[$1 ~ /_sum/ ? "s" : "c"]+=$2} END{print v["s"], v["c"]}'
}

java21() { # prints a java of version 21 or later (virtual threads): JAVA_HOME's if new enough, else one in /usr/lib/jvm
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/java" ] && "$candidate/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
      echo "$candidate/bin/java"; return
    fi
  done
  echo java
}

await_health() { # await_health LOG: until http://127.0.0.1:$PORT/health answers, else print LOG and fail
  for _ in $(seq 150); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && return 0; sleep 0.2; done
  echo "$(basename "$0"): the server on port $PORT did not start" >&2; cat "$1" >&2; return 1
}
