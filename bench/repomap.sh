#!/usr/bin/env bash
# Times the repository map (JavaParser outline + ranking) on real Java repositories.
# Usage: bench/repomap.sh [REPO_DIR...]   (default: the clones in /work/repos)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="$(.mvn/find-jdk.sh 21)"
./mvnw -B -q -ntp -o compile
./mvnw -B -q -ntp -o dependency:build-classpath -pl app -Dmdep.outputFile=target/bench-cp.txt >/dev/null
CP="app/target/classes:$(cat app/target/bench-cp.txt)"
OUT=target/bench-repomap
mkdir -p "$OUT"
"$JAVA_HOME/bin/javac" -cp "$CP" -d "$OUT" bench/repomap/RepoMapBench.java
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg), java $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
REPOS=("$@")
if [ ${#REPOS[@]} -eq 0 ]; then REPOS=(/work/repos/jackson-core /work/repos/gson); fi
"$JAVA_HOME/bin/java" -Dlogback.configurationFile=/dev/null -cp "$OUT:$CP" RepoMapBench "${REPOS[@]}" 2>&1 | grep -v ' DEBUG '
