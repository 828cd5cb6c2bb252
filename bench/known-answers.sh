#!/usr/bin/env bash
# How often conf/compare-known.json's expected verdicts come out right (not a test): RUNS compare runs in a row, each
# report in OUT/run-N, then per expected verdict how many runs got it right, and per route how often each strategy
# was recommended. The goal in docs/compare.md: every verdict right in at least 9 of 10 runs.
#   bench/known-answers.sh [RUNS] [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-10}
OUT=${2:-reports/known-answers-$(date +%Y%m%d-%H%M%S)}
command -v jq >/dev/null || { apt-get update -q && apt-get install -y -q jq; }
mkdir -p "$OUT"
start=$(date +%s)
for i in $(seq "$RUNS"); do
  # compare exits 1 when an expectation is not met: that is a result here, not a failure of the benchmark.
  rc=0
  ./run.sh compare --config conf/compare-known.json --out "$OUT/run-$i" > "$OUT/run-$i.log" 2>&1 || rc=$?
  if [ "$rc" -gt 1 ]; then
    echo "run $i: compare failed (exit $rc), see $OUT/run-$i.log" >&2; exit 1
  fi
  echo "run $i of $RUNS: $(jq -r '"\(.expectations.met) of \(.expectations.total) right, \(.elapsedSeconds) s"' "$OUT/run-$i/report.json")"
done
echo
echo "conf/compare-known.json, $RUNS runs, $(( $(date +%s) - start )) s, $(git rev-parse --short HEAD), $(nproc) cores:"
echo "| scenario | figure | strategy | expected | right in |"
echo "|---|---|---|---|---|"
jq -s -r --argjson runs "$RUNS" '
  [.[].expectations.checks[]] | group_by([.scenario, .figure, .check, .name])[]
  | "| \(.[0].scenario) | \(.[0].figure) | \(.[0].name) | \(.[0].check) | \(map(select(.met)) | length) of \($runs) |"' \
  "$OUT"/run-*/report.json
echo
echo "| route | recommended (runs) |"
echo "|---|---|"
jq -s -r '
  [.[].verdicts.recommendations | to_entries[] | {route: .key, strategy: .value.strategy}]
  | group_by(.route)[] | "| \(.[0].route) | \(group_by(.strategy) | map("\(.[0].strategy) \(length)") | join(", ")) |"' \
  "$OUT"/run-*/report.json
