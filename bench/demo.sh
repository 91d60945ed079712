#!/bin/sh
# Wall time of `acs demo` (target: under a minute), and of each of its parts as the demo reports
# them, over ROUNDS runs in fresh folders. Needs app/target/acs.jar (built here if missing).
#
#   bench/demo.sh            ROUNDS=3 bench/demo.sh
set -eu
cd "$(dirname "$0")/.."
rounds="${ROUNDS:-3}"
java_home=$(.mvn/find-jdk.sh 21)
[ -f app/target/acs.jar ] || ./mvnw -B -q -ntp package -DskipTests
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg), $("$java_home/bin/java" -version 2>&1 | head -1)"
times=""
i=1
while [ "$i" -le "$rounds" ]; do
  dir=$(mktemp -d -t acs-demo-bench-XXXXXX)
  start=$(date +%s%N)
  "$java_home/bin/java" -jar app/target/acs.jar demo --dir "$dir/demo" > "$dir/out.txt" 2>&1 || { echo "round $i: demo failed, see $dir/out.txt" >&2; exit 1; }
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  inner=$(sed -n 's/^took \([0-9.]*\) s.*/\1/p' "$dir/out.txt")
  echo "round $i: ${ms} ms wall (JVM start included), demo's own clock ${inner} s"
  times="$times $ms"
  rm -rf "$dir"
  i=$((i + 1))
done
echo "$times" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{a[NR]=$1} END {printf "median %d ms over %d runs (target < 60000 ms)\n", a[int((NR+1)/2)], NR}'
