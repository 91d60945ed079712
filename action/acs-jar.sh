#!/usr/bin/env bash
# Prints jar=<path to acs.jar> to GITHUB_OUTPUT, and says which jar it is:
#   1. the `jar` input, if given;
#   2. the jar released for the action's own ref (github.action_ref: a tag such as v1 or v1.2.0, a
#      branch, or a commit SHA): the release named like the ref, else a release whose tag points
#      at the same commit as the ref (so `@v1`, a tag moved along with each v1.x.y release, finds
#      the v1.x.y jar), checked against its .sha256;
#   3. else a jar built from the action's source with Maven, saying why.
set -euo pipefail
out="${GITHUB_OUTPUT:-/dev/stdout}"
if [ -n "${ACS_JAR_INPUT:-}" ]; then
  [ -f "$ACS_JAR_INPUT" ] || { echo "::error::jar input $ACS_JAR_INPUT is not a file"; exit 1; }
  echo "ACS jar: $ACS_JAR_INPUT (the jar input)"
  echo "jar=$ACS_JAR_INPUT" >> "$out"; exit 0
fi
dir="${RUNNER_TEMP:-/tmp}/acs-jar"
mkdir -p "$dir"
ref="${ACS_ACTION_REF:-}"
repo="${ACS_ACTION_REPOSITORY:-}"

# Downloads acs-<tag>.jar of release <tag> and checks it; fails quietly when there is none.
download() {
  local tag="$1"
  gh release download "$tag" --repo "$repo" --pattern "acs-$tag.jar" --pattern "acs-$tag.jar.sha256" --dir "$dir" --clobber 2>/dev/null \
    && (cd "$dir" && sha256sum --quiet -c "acs-$tag.jar.sha256")
}

why=""
if [ -z "$ref" ] || [ -z "$repo" ]; then
  why="the action's ref or repository is unknown (github.action_ref, github.action_repository)"
elif ! command -v gh >/dev/null 2>&1; then
  why="the runner has no gh CLI to fetch releases with"
else
  if download "$ref"; then
    echo "ACS jar: the release $ref of $repo (acs-$ref.jar, checksum checked)"
    echo "jar=$dir/acs-$ref.jar" >> "$out"; exit 0
  fi
  sha="$(gh api "repos/$repo/commits/$ref" --jq .sha 2>/dev/null || true)"
  if [ -z "$sha" ]; then
    why="GitHub does not resolve $ref in $repo to a commit"
  else
    # Release tags at the ref's commit, newest version first (v1 and v1.2.0 may share it).
    tags="$(gh api "repos/$repo/tags?per_page=100" --paginate --jq ".[] | select(.commit.sha == \"$sha\") | .name" 2>/dev/null | sort -rV || true)"
    for tag in $tags; do
      [ "$tag" = "$ref" ] && continue
      if download "$tag"; then
        echo "ACS jar: the release $tag of $repo (acs-$tag.jar, checksum checked), at the commit $ref points to (${sha:0:12})"
        echo "jar=$dir/acs-$tag.jar" >> "$out"; exit 0
      fi
    done
    why="no release of $repo has a jar for $ref (commit ${sha:0:12})"
  fi
fi
echo "::notice title=ACS is built from source::$why: building ACS from the action's source with Maven (a few minutes)"
src="$(cd "$(dirname "$0")/.." && pwd)"
java_home="$(cd "$(dirname "$ACS_JAVA")/.." && pwd)"
(cd "$src" && JAVA_HOME="$java_home" ./mvnw -B -ntp -q package -DskipTests)
echo "ACS jar: built from $src at $ref"
echo "jar=$src/app/target/acs.jar" >> "$out"
