#!/usr/bin/env bash
# Policy decision latency: built-in guardrails, embedded OPA wasm, and an OPA server (WireMock on
# loopback), p50/p99 per decision after a warm-up. Prints the machine it ran on.
#   bench/policy.sh [decisions=2000] [warmup=500] [bundle.tar.gz]
# Without a bundle the wasm figure is for opa-java-wasm's one-rule demo module; give a bundle built
# with `opa build -t wasm -e acs/decision -b policies/ -o bundle.tar.gz` to measure ACS's policy.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="$(.mvn/find-jdk.sh 21)"
offline=""
if [ "${BENCH_OFFLINE:-1}" = 1 ]; then offline="-o"; fi
./mvnw -B -q -ntp $offline test-compile
./mvnw -B -q -ntp $offline dependency:build-classpath -pl app -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath >/dev/null
cp="app/target/test-classes:app/target/classes:$(cat app/target/bench.classpath)"
exec "$JAVA_HOME/bin/java" -Xmx1g -cp "$cp" dev.acs.policy.PolicyLatencyBench "$@"
