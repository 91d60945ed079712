#!/usr/bin/env bash
# Time from a failing check_suite webhook to the pushed repair commit, with the replayed model, a
# JGit HTTP server as the remote, H2, PMD and the in-memory GitHub; the durable queue's pick-up
# delay (ACS_JOB_POLL_SECONDS, 5 s at least) comes on top in `acs serve`. Prints the machine.
#   bench/repair.sh [rounds=10] [warmup=2]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="$(.mvn/find-jdk.sh 21)"
offline=""
if [ "${BENCH_OFFLINE:-1}" = 1 ]; then offline="-o"; fi
./mvnw -B -q -ntp $offline test-compile
./mvnw -B -q -ntp $offline dependency:build-classpath -pl app -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath >/dev/null
cp="app/target/test-classes:app/target/classes:$(cat app/target/bench.classpath)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB; $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
exec "$JAVA_HOME/bin/java" -Xmx1g -Dacs.shared.dir="$(cd .. && pwd)/shared" -Dlogback.configurationFile=bench/logback-quiet.xml -cp "$cp" dev.acs.pipeline.RepairLatencyBench "$@"
