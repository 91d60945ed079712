#!/bin/sh
# Fuzzes each @FuzzTest target with Jazzer for a set time, one target at a time (one JVM, niced),
# then prints executions and findings per target. A finding stops that target's run; Jazzer writes
# its input under app/src/test/resources/<package>/<Class>Inputs/<method>/crash-*, where the
# normal test run replays it from then on: fix the code, keep the file.
#
#   bench/fuzz.sh                 every target, 10 minutes each
#   bench/fuzz.sh 30s             every target, 30 seconds each
#   bench/fuzz.sh 10m SecretScan  only targets whose name contains SecretScan
#
# Logs: bench/results/fuzz-<Class>.log (the generated corpus stays in app/.cifuzz-corpus/).
set -eu
cd "$(dirname "$0")/.."
duration="${1:-10m}"
only="${2:-}"
targets="
dev.acs.webhook.EventParserFuzzTest#answersEveryBody
dev.acs.policy.UnifiedDiffFuzzTest#parsesOrRefuses
dev.acs.workspace.EditApplierFuzzTest#appliesOrRejects
dev.acs.workspace.ConfinedFilesFuzzTest#staysInsideTheTree
dev.acs.checks.FailureExtractorFuzzTest#readsAnyLog
dev.acs.config.RepoConfigFuzzTest#loadsOrExplains
dev.acs.policy.SecretScanFuzzTest#findsPlantedSecrets
dev.acs.policy.SecretScanFuzzTest#scansAnyBytes
"
mkdir -p bench/results
java_home=$(.mvn/find-jdk.sh 21)
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg), $("$java_home/bin/java" -version 2>&1 | head -1)"
./mvnw -B -q -o test-compile -Djacoco.skip=true
summary=""
for target in $targets; do
  case "$target" in *"$only"*) ;; *) continue ;; esac
  class=${target%%#*}
  method=${target#*#}
  simple=${class##*.}
  pkg_dir=$(echo "${class%.*}" | tr . /)
  inputs="app/src/test/resources/$pkg_dir/${simple}Inputs/$method"
  before=$(ls "$inputs" 2>/dev/null | grep -c '^crash-' || true)
  log="bench/results/fuzz-$simple-$method.log"
  echo "fuzzing $target for $duration (log: $log)"
  status=passed
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION="$duration" nice -n 19 ./mvnw -B -o test -Djacoco.skip=true \
    -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false -DargLine=-Xmx1g > "$log" 2>&1 || status=failed
  # libFuzzer ends with "Done N runs in S second(s)"; after a finding, the last #N status line counts.
  runs=$(sed -n 's/^Done \([0-9][0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
  [ -n "$runs" ] || runs=$(sed -n 's/^#\([0-9][0-9]*\)[[:space:]].*/\1/p' "$log" | tail -n 1)
  after=$(ls "$inputs" 2>/dev/null | grep -c '^crash-' || true)
  line=$(printf '%-62s %12s executions  %2d new findings  (%s)' "$target" "${runs:-?}" $((after - before)) "$status")
  echo "$line"
  summary="$summary$line
"
done
echo
echo "per target, $duration each:"
printf '%s' "$summary"
