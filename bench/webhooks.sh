#!/usr/bin/env bash
# Webhook intake bench: `acs serve` (app/target/acs.jar) against a reference receiver built on
# @octokit/webhooks, in the same run, on loopback, at a fixed concurrency, with real fixture
# payloads signed like GitHub signs them. Prints throughput and p50/p99 ack latency of each, and
# the ratio. Target: ACS >= 1.5x the reference's throughput, ACS p99 < 25 ms at 200 connections.
#
#   bench/webhooks.sh                      # defaults below
#   CONNECTIONS=200 DURATION=20s WARMUP=10s PAYLOADS=stored bench/webhooks.sh
#
# PAYLOADS=stored (default): the fixture events ACS stores and enqueues today (installation,
#   installation_repositories, ping), so every ACS request commits a row and enqueues a job.
# PAYLOADS=all: every fixture (most are answered "ignored" by ACS until handlers are added).
# ACS uses its default database kind (an H2 file, here in a temporary folder) unless
# BENCH_DATABASE_URL is set. BENCH_ACS_WORKERS=0 runs ACS as a receive-only node (jobs are left
# for other nodes), which shows the intake alone. ACS_JAR runs another build of ACS (e.g. one from
# before a change, to see what the change cost), default app/target/acs.jar. Needs: JDK 21+, wrk (apt-get install wrk), node + npm, openssl, curl.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CONNECTIONS="${CONNECTIONS:-200}"
THREADS="${THREADS:-2}"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-30s}"
PAYLOADS="${PAYLOADS:-stored}"
ACS_BENCH_PORT="${ACS_BENCH_PORT:-3901}"
REF_PORT="${REF_PORT:-3902}"
ACS_JAR="${ACS_JAR:-$ROOT/app/target/acs.jar}"
FIXTURES="${ACS_SHARED_DIR:-$ROOT/../shared}/fixtures/webhooks"

die() { echo "bench: $*" >&2; exit 2; }
for tool in wrk node npm openssl curl; do
  command -v "$tool" >/dev/null || die "$tool is not installed (wrk: apt-get install -y wrk)"
done
[ -d "$FIXTURES" ] || die "no fixtures at $FIXTURES (set ACS_SHARED_DIR)"
JAVA_HOME="$("$ROOT/.mvn/find-jdk.sh" 21)" || die "no JDK 21+ found"
export JAVA_HOME

WORK="$(mktemp -d /tmp/acs-bench.XXXXXX)"
RESULTS="$ROOT/bench/results/webhooks-$(date -u +%Y%m%dT%H%M%SZ)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  mkdir -p "$RESULTS"
  cp "$WORK"/*.log "$WORK"/*.result "$WORK"/summary.txt "$RESULTS/" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "building app/target/acs.jar ..."
  (cd "$ROOT" && ./mvnw -B -q -ntp package -DskipTests)
fi
[ -f "$ACS_JAR" ] || die "$ACS_JAR is missing"
if [ ! -d "$ROOT/bench/node_modules/@octokit/webhooks" ]; then
  echo "installing @octokit/webhooks into bench/node_modules ..."
  (cd "$ROOT/bench" && npm install --no-audit --no-fund --loglevel=error)
fi

SECRET="bench-$(openssl rand -hex 16)"
RUN="$(openssl rand -hex 4)"

# Manifest for the wrk script: event, HMAC-SHA256 of the exact file bytes, file.
MANIFEST="$WORK/manifest.tsv"
case "$PAYLOADS" in
  stored) FILES=$(cd "$FIXTURES" && ls installation/*.json installation_repositories/*.json ping/*.json) ;;
  all) FILES=$(cd "$FIXTURES" && ls */*.json) ;;
  *) die "PAYLOADS must be stored or all" ;;
esac
BYTES=0
COUNT=0
for f in $FILES; do
  sig="$(openssl dgst -sha256 -hmac "$SECRET" -r "$FIXTURES/$f" | cut -d' ' -f1)"
  printf '%s\t%s\t%s\n' "${f%%/*}" "$sig" "$FIXTURES/$f" >>"$MANIFEST"
  BYTES=$((BYTES + $(wc -c <"$FIXTURES/$f")))
  COUNT=$((COUNT + 1))
done

wait_up() {
  for _ in $(seq 1 120); do
    curl -fs "$1" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  die "$1 did not come up"
}

cpu_ms() { awk '{print ($14 + $15) * 1000 / '"$(getconf CLK_TCK)"'}' "/proc/$1/stat"; }

# Runs a warm-up (JIT, connection set-up; results discarded), then the measured run. Also records
# the server's CPU time per request during the measured run: on a machine shared with other work,
# throughput depends on what else runs, CPU per request much less.
load() {
  local name=$1 port=$2 pid=$3
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$ROOT/bench/signed-deliveries.lua" \
    "http://127.0.0.1:$port/webhooks" -- "$MANIFEST" "warm-$RUN-$name" >/dev/null
  local before after
  before=$(cpu_ms "$pid")
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s "$ROOT/bench/signed-deliveries.lua" \
    "http://127.0.0.1:$port/webhooks" -- "$MANIFEST" "$RUN-$name" | grep '^RESULT' >"$WORK/$name.result"
  after=$(cpu_ms "$pid")
  sed -i "s/\$/ cpu_ms=$((after - before))/" "$WORK/$name.result"
  cat "$WORK/$name.result"
}

field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" "$WORK/$1.result"; }

echo "== ACS (java -jar ${ACS_JAR#$ROOT/} serve)"
ACS_WEBHOOK_SECRET="$SECRET" ACS_PORT="$ACS_BENCH_PORT" ACS_WORKERS="${BENCH_ACS_WORKERS:-8}" \
  ACS_DATABASE_URL="${BENCH_DATABASE_URL:-jdbc:h2:file:$WORK/acs}" \
  "$JAVA_HOME/bin/java" ${ACS_JAVA_OPTS:-} -jar "$ACS_JAR" serve >"$WORK/acs.log" 2>&1 &
ACS_PID=$!
PIDS+=("$ACS_PID")
wait_up "http://127.0.0.1:$ACS_BENCH_PORT/healthz"
load acs "$ACS_BENCH_PORT" "$ACS_PID"
curl -fs "http://127.0.0.1:$ACS_BENCH_PORT/metrics" | grep '^acs_webhook_deliveries_total' >"$WORK/acs.metrics" || true
# Under the flood ACS acknowledges first and processes after (docs/webhooks.md): measure how long
# the node then takes to process every delivery it accepted (warm-up and measured run together).
metric_sum() { curl -fs "http://127.0.0.1:$ACS_BENCH_PORT/metrics" | awk -v m="$1" '$1 ~ "^"m {s += $2} END {printf "%d", s}'; }
ACCEPTED=$(metric_sum 'acs_webhook_deliveries_total[{].*outcome="accepted"')
DRAIN="not measured (receive-only node)"
if [ "${BENCH_ACS_WORKERS:-8}" != 0 ]; then
  START_DRAIN=$(date +%s.%N)
  AT_END=$(metric_sum 'acs_webhook_deliveries_processed_total[{]outcome="(handled|failed)"')
  for _ in $(seq 1 1200); do
    [ "$(metric_sum 'acs_webhook_deliveries_processed_total[{]outcome="(handled|failed)"')" -ge "$ACCEPTED" ] && break
    sleep 0.5
  done
  DONE_N=$(metric_sum 'acs_webhook_deliveries_processed_total[{]outcome="(handled|failed)"')
  SECS=$(awk -v a="$START_DRAIN" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
  DRAIN="$AT_END of $ACCEPTED processed when the load stopped; $DONE_N after a further $SECS s ($(awk -v n=$((DONE_N - AT_END)) -v s="$SECS" 'BEGIN {printf "%.0f", (s > 0 ? n / s : 0)}') deliveries/s)"
fi
kill "$ACS_PID" && wait "$ACS_PID" 2>/dev/null || true
grep -c '"level":"ERROR"' "$WORK/acs.log" >"$WORK/acs.errors" || true

echo "== reference (@octokit/webhooks $(node -p 'require("'"$ROOT"'/bench/node_modules/@octokit/webhooks/package.json").version'))"
PORT="$REF_PORT" SECRET="$SECRET" node "$ROOT/bench/reference-receiver.mjs" >"$WORK/ref.log" 2>&1 &
REF_PID=$!
PIDS+=("$REF_PID")
wait_up "http://127.0.0.1:$REF_PORT/healthz"
load reference "$REF_PORT" "$REF_PID"
kill "$REF_PID" && wait "$REF_PID" 2>/dev/null || true

CPU="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
{
echo
echo "machine: $(nproc) cores ($CPU), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "         $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), node $(node --version); load and servers share these cores"
echo "acs:     ${ACS_JAR#$ROOT/}, ACS_WORKERS=${BENCH_ACS_WORKERS:-8}, database ${BENCH_DATABASE_URL:-H2 file (default kind)}"
echo "load:    wrk, $CONNECTIONS connections, $THREADS threads, $DURATION measured after $WARMUP warm-up, loopback"
echo "         $COUNT fixture payloads ($PAYLOADS set, mean $((BYTES / COUNT)) bytes), each request a new delivery id"
printf '%-10s %10s %9s %9s %9s %8s %12s\n' receiver req/s p50_ms p90_ms p99_ms errors cpu_us/req
for r in acs reference; do
  printf '%-10s %10s %9s %9s %9s %8s %12s\n' "$r" "$(field $r rps)" "$(field $r p50_ms)" "$(field $r p90_ms)" "$(field $r p99_ms)" \
    "$(( $(field $r non2xx) + $(field $r socket_errors) ))" "$(( $(field $r cpu_ms) * 1000 / $(field $r requests) ))"
done
echo "acs outcomes: $(sed 's/acs_webhook_deliveries_total//' "$WORK/acs.metrics" | tr '\n' ' ')"
echo "acs log errors: $(cat "$WORK/acs.errors")"
echo "acs processing after the flood: $DRAIN"
awk -v a="$(field acs rps)" -v r="$(field reference rps)" -v p="$(field acs p99_ms)" \
  -v ac="$(field acs cpu_ms)" -v an="$(field acs requests)" -v rc="$(field reference cpu_ms)" -v rn="$(field reference requests)" 'BEGIN {
  ratio = a / r
  printf "throughput ratio acs/reference: %.2fx (target >= 1.5x: %s); acs p99 %.2f ms (target < 25 ms: %s)\n",
    ratio, (ratio >= 1.5 ? "met" : "MISSED"), p, (p < 25 ? "met" : "MISSED")
  if (ac > 0 && rc > 0) printf "server CPU per request, reference/acs: %.2fx (above 1: ACS needs less CPU per delivery)\n", (rc / rn) / (ac / an) }'
echo "load average during the run (other processes on this machine count too): $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$WORK/summary.txt"
echo "(logs and results kept in ${RESULTS#$ROOT/})"
