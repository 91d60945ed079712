#!/usr/bin/env bash
# Prints jar=<path to acs.jar> to GITHUB_OUTPUT: the `jar` input if given; else the jar released
# for this action's ref (checked against its .sha256); else one built from the action's source
# (the repository the action lives in, at the ref the workflow uses).
set -euo pipefail
out="${GITHUB_OUTPUT:-/dev/stdout}"
if [ -n "${ACS_JAR_INPUT:-}" ]; then
  [ -f "$ACS_JAR_INPUT" ] || { echo "::error::jar input $ACS_JAR_INPUT is not a file"; exit 1; }
  echo "jar=$ACS_JAR_INPUT" >> "$out"; exit 0
fi
dir="${RUNNER_TEMP:-/tmp}/acs-jar"
mkdir -p "$dir"
ref="${ACS_ACTION_REF:-}"
repo="${ACS_ACTION_REPOSITORY:-}"
if [ -n "$ref" ] && [ -n "$repo" ] && command -v gh >/dev/null 2>&1; then
  if gh release download "$ref" --repo "$repo" --pattern "acs-$ref.jar" --pattern "acs-$ref.jar.sha256" --dir "$dir" --clobber 2>/dev/null \
     && (cd "$dir" && sha256sum -c "acs-$ref.jar.sha256"); then
    echo "using the released acs-$ref.jar"
    echo "jar=$dir/acs-$ref.jar" >> "$out"; exit 0
  fi
  echo "no release asset acs-$ref.jar in $repo: building ACS from the action's source"
fi
src="$(cd "$(dirname "$0")/.." && pwd)"
java_home="$(cd "$(dirname "$ACS_JAVA")/.." && pwd)"
(cd "$src" && JAVA_HOME="$java_home" ./mvnw -B -ntp -q package -DskipTests)
echo "jar=$src/app/target/acs.jar" >> "$out"
