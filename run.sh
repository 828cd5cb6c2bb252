#!/usr/bin/env bash
# offload's one entry point.
#   ./run.sh                 build the jar if needed, then serve with conf/config.json on port 8080
#   ./run.sh test            run the whole test suite
#   ./run.sh ARGS...         build if needed, then run offload with ARGS; plug-in jars in plugins/ join the class path
set -euo pipefail
cd "$(dirname "$0")"

java_feature() { # prints the feature version (17, 21, 25...) of the java binary $1
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1
}

# Virtual threads need Java 21+: prefer JAVA_HOME if it is new enough, else the newest JDK under /usr/lib/jvm.
pick_jdk() {
  local best="" best_version=0 candidate version
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    version=$(java_feature "$candidate/bin/java")
    [[ "$version" =~ ^[0-9]+$ ]] || continue
    if [ -n "${JAVA_HOME:-}" ] && [ "$candidate" = "$JAVA_HOME" ] && [ "$version" -ge 21 ]; then
      best=$candidate; best_version=$version; break
    fi
    if [ "$version" -gt "$best_version" ]; then best=$candidate; best_version=$version; fi
  done
  if [ -n "$best" ]; then
    export JAVA_HOME=$best
    export PATH="$JAVA_HOME/bin:$PATH"
  fi
  local v; v=$(java_feature java)
  if [ "${v:-0}" -ge 21 ]; then
    echo "run.sh: using JDK $JAVA_HOME (Java $v)" >&2
  else
    echo "run.sh: using JDK ${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")} (Java $v)" \
      "- no JDK 21+ found: the virtual-thread strategy is refused and its tests are skipped" >&2
  fi
}

needs_build() {
  [ ! -f target/offload.jar ] && return 0
  [ -n "$(find pom.xml src/main -newer target/offload.jar -print -quit)" ]
}

pick_jdk
MVN=(mvn -B --no-transfer-progress -Dstyle.color=never)

# Surefire counts skipped tests but does not say why: list each one with its reason after the run.
print_skipped() {
  local report
  for report in target/surefire-reports/TEST-*.xml; do
    [ -f "$report" ] || continue
    awk '/<testcase /{match($0, /name="[^"]*"/); name=substr($0, RSTART+6, RLENGTH-7)
                      match($0, /classname="[^"]*"/); cls=substr($0, RSTART+11, RLENGTH-12)}
         /<skipped/{reason=$0; sub(/.*Assumption failed: /, "", reason); sub(/.*message="/, "", reason)
                    sub(/".*/, "", reason); print "run.sh: skipped " cls "." name ": " reason}' "$report"
  done
}

if [ "${1:-}" = "test" ]; then
  shift
  rm -rf target/surefire-reports
  status=0
  "${MVN[@]}" test "$@" || status=$?
  print_skipped
  exit $status
fi

if needs_build; then
  echo "run.sh: building target/offload.jar" >&2
  "${MVN[@]}" -q package -DskipTests
fi

# What Hazelcast asks for when the config has a cluster section (the jar's manifest says the same for java -jar,
# which -cp does not read), and on Java 23+ leave for its sun.misc.Unsafe use; see src/main/java/dev/offload/JvmFlags.java.
JVM_FLAGS=(--add-exports java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.management/sun.management=ALL-UNNAMED
  --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED)
if [ "$(java_feature java)" -ge 23 ]; then JVM_FLAGS+=(--sun-misc-unsafe-memory-access=allow); fi

# Not -jar, which would ignore every other class path entry: plug-in workloads are found on the class path.
# OFFLOAD_JAVA_OPTS: more JVM options, e.g. a heap cap (-Xmx256m) for each node of a cluster on one host. For 10,000
# connections waiting on virtual threads docs/performance.md recommends -Xmx144m -XX:+UseSerialGC, with
# -XX:+UseCompactObjectHeaders on Java 25 (bench/virtual-threads.sh measures it).
# shellcheck disable=SC2086
exec java "${JVM_FLAGS[@]}" ${OFFLOAD_JAVA_OPTS:-} -cp "target/offload.jar:plugins/*" dev.offload.Main "$@"
