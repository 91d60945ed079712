#!/usr/bin/env bash
# Prints java=<path to a java 21+> to GITHUB_OUTPUT, or java= when there is none. Looks at the
# runner's preinstalled JDKs (JAVA_HOME_21_X64 ... on GitHub-hosted runners), then JAVA_HOME, then
# PATH, so that ACS never changes the JAVA_HOME the repository's own build uses.
set -euo pipefail
major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -1; }
candidates=()
for v in 25 21; do
  for arch in X64 ARM64; do
    var="JAVA_HOME_${v}_${arch}"
    [ -n "${!var:-}" ] && candidates+=("${!var}/bin/java")
  done
done
[ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
found=""
for java in "${candidates[@]}"; do
  if [ -x "$java" ] && [ "$(major "$java")" -ge 21 ] 2>/dev/null; then found="$java"; break; fi
done
echo "java=$found" >> "${GITHUB_OUTPUT:-/dev/stdout}"
if [ -n "$found" ]; then echo "ACS runs on $found"; else echo "no Java 21+ found: installing one for ACS"; fi
