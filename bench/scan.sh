#!/usr/bin/env bash
# The repository map on a large repository: cold, warm and incremental times of the cached scan,
# ACS's ranking and the whole map (bench/scan/ScanBench.java).
# Usage: bench/scan.sh [REPO_DIR [REV]]   (default: a synthetic git repository of 10,000 files in target/bench-scan-repo)
# Last, a second working tree of the same repository (clone --shared, the same origin, as a task's
# tree) at the commit before the bench's own, or at REV of REPO_DIR: cold, then seeded from the first.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="$(.mvn/find-jdk.sh 21)"
./mvnw -B -q -ntp -o compile -Djacoco.skip=true -Dspotbugs.skip=true -Dpmd.skip=true
./mvnw -B -q -ntp -o dependency:build-classpath -pl app -Dmdep.outputFile=target/bench-cp.txt >/dev/null
CP="app/target/classes:$(cat app/target/bench-cp.txt)"
OUT=target/bench-scan
mkdir -p "$OUT"
"$JAVA_HOME/bin/javac" -cp "$CP" -d "$OUT" bench/scan/ScanBench.java
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg), java $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
if [ $# -ge 1 ]; then
  # A copy: the bench commits to the repository it measures.
  REPO="$(mktemp -d)"; trap 'rm -rf "$REPO"' EXIT
  git clone -q "$1" "$REPO/repo"
  ARGS=("$REPO/repo" "${2:-HEAD~1}")
else
  rm -rf target/bench-scan-repo target/bench-scan-repo-second
  ARGS=(--synthetic 10000 "$PWD/target/bench-scan-repo")
fi
"$JAVA_HOME/bin/java" -Dlogback.configurationFile=/dev/null -cp "$OUT:$CP" ScanBench "${ARGS[@]}" 2>&1 | grep -v ' DEBUG \|^{"@timestamp\|^WARNING: \|^$'
