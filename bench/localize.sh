#!/usr/bin/env bash
# File localisation: recall@1/5/10 and MRR of ACS's ranking, the agent's repository map and plain
# BM25 on SWE-bench / Multi-SWE-bench records, one line per set. Repositories are read from local
# clones (bare or not) under REPOS_DIR, at each record's base commit; the clones are not changed.
# Usage: bench/localize.sh REPOS_DIR TASKS.jsonl...
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: bench/localize.sh REPOS_DIR TASKS.jsonl..." >&2; exit 2; }
REPOS="$1"; shift
JAVA_HOME="$(.mvn/find-jdk.sh 21)"
[ -f app/target/acs.jar ] || ./mvnw -B -q -o package -DskipTests -Djacoco.skip=true -Dspotbugs.skip=true -Dpmd.skip=true
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
for tasks in "$@"; do
  out="$(mktemp)"
  start=$(date +%s)
  "$JAVA_HOME/bin/java" -jar app/target/acs.jar eval localize --tasks "$tasks" --repos "$REPOS" --json 2>/dev/null > "$out"
  python3 - "$tasks" "$out" "$(( $(date +%s) - start ))" <<'PY'
import json, sys
name, report, secs = sys.argv[1].rsplit("/", 1)[-1], json.load(open(sys.argv[2])), sys.argv[3]
skipped = sum(1 for t in report["tasks"] if t["skipped"])
for ranking, r in report["rankings"].items():
    print(f"{name:45} {ranking:8} tasks {r['tasks']:3}  @1 {100*r['recall_at_1']:5.1f}%  @5 {100*r['recall_at_5']:5.1f}%"
          f"  @10 {100*r['recall_at_10']:5.1f}%  MRR {r['mrr']:.2f}  (skipped {skipped}, {secs} s)")
PY
  rm -f "$out"
done
