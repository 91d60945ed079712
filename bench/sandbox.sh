#!/bin/sh
# What running a test command in bubblewrap costs over running it plainly: `true` through
# TestCommandRunner, N times each way (bench/SandboxBench.java). Needs bwrap for the second figure.
#
#   bench/sandbox.sh            N=100 bench/sandbox.sh
set -eu
cd "$(dirname "$0")/.."
java_home=$(.mvn/find-jdk.sh 21)
./mvnw -B -q -o -pl app compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), bwrap: $(command -v bwrap || echo none)"
"$java_home/bin/java" -Dlogback.configurationFile=bench/logback-quiet.xml \
  -cp "app/target/classes:$(cat app/target/bench-classpath.txt)" bench/SandboxBench.java "${N:-30}"
