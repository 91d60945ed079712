#!/bin/sh
# Runs `acs explain-failure` on every real log in app/src/test/resources/logs and prints, per log,
# what it found (failing tests, compile errors, lint, kind), the log size and the wall time of one
# CLI run (JVM start included), then the machine. Needs app/target/acs.jar (./mvnw -B package).
set -eu
cd "$(dirname "$0")/.."
JAR=app/target/acs.jar
LOGS=app/src/test/resources/logs
JAVA_HOME="$(./.mvn/find-jdk.sh 21)"
[ -f "$JAR" ] || { echo "build $JAR first: ./mvnw -B package" >&2; exit 1; }
printf '%-44s %9s %6s %7s %5s %-7s %9s %8s\n' log bytes tests compile lint kind excerpt ms
for f in "$LOGS"/*.log; do
  start=$(date +%s%N)
  out=$("$JAVA_HOME/bin/java" -jar "$JAR" explain-failure --log "$f")
  end=$(date +%s%N)
  printf "%s\n" "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
name, size, ms = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
print("%-44s %9d %6d %7d %5d %-7s %9d %8d" % (name, size, len(d["failing_tests"]), len(d["compile_errors"]), len(d["lint_errors"]),
      d["kind"], len(d["excerpt"].encode("utf-8")), ms))
' "$(basename "$f")" "$(wc -c < "$f")" $(( (end - start) / 1000000 ))
done
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg); $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
