# Functions both benchmarks use; source it after setting PORT.

median_service_ms() { # median serviceMs of N sequential /work/cpu requests with ITERATIONS: median_service_ms ITERATIONS N
  for _ in $(seq "$2"); do curl -s "http://127.0.0.1:$PORT/work/cpu?iterations=$1"; echo; done |
    python3 -c 'import sys,json; v=sorted(json.loads(l)["serviceMs"] for l in sys.stdin if l.strip()); print(v[len(v)//2])'
}

service_totals() { # "sum count" of offload_service_seconds for the cpu route, from /metrics
  curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^offload_service_seconds_(sum|count)\{route="cpu"/{v[$1 ~ /_sum/ ? "s" : "c"]=$2} END{print v["s"], v["c"]}'
}
