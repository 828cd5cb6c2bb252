#!/usr/bin/env bash
# Makes the docs' pictures (docs/img) again with headless Chromium (Debian's chromium and chromium-driver, installed when
# missing): docs/img/dashboard.png (the live page after a minute of changing load) and docs/img/report-*.png (charts of
# a quick compare's report). Takes about two and a half minutes. Needs root only to install the browser.
#   scripts/screenshots.sh [OUT_DIR]   (default docs/img)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-docs/img}

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  echo "screenshots.sh: installing chromium and chromium-driver from Debian's packages" >&2
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
fi
# The same JDK choice as run.sh (21+ when there is one: the quick compare has a virtual-thread strategy).
JAVA=$(. bench/lib.sh && java21)
export JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$JAVA")")")
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
"$JAVA" -Xmx512m $(grep -o -- '--add-[a-z]* [^ ]*' <<< "$(sed -n 's:.*<argLine>\(.*\)</argLine>.*:\1:p' pom.xml)") \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" dev.offload.Screenshots "$OUT"
