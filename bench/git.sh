#!/bin/sh
# Clone and fetch times of ACS's JGit workspace (MirrorCache, Workspaces) against the git CLI.
#
#   bench/git.sh [REPO]        REPO: a local git repository to serve (default $ACS_BENCH_REPO,
#                              else /work/repos/jackson-core). Nothing from it enters the project.
#   ROUNDS=3 COMMITS=20 bench/git.sh ...
#
# The repository is copied to a temporary bare repository that plays the server; both tools fetch
# it over file:// and over http:// (JGit's GitServlet on Jetty, in the bench JVM, no auth). Needs
# app/target/acs.jar (built here if missing) and git. Prints the machine and a table of medians.
set -eu
cd "$(dirname "$0")/.."
repo="${1:-${ACS_BENCH_REPO:-/work/repos/jackson-core}}"
[ -d "$repo" ] || { echo "bench/git.sh: no repository at $repo (pass a path or set ACS_BENCH_REPO)" >&2; exit 2; }
command -v git >/dev/null || { echo "bench/git.sh: git CLI not found" >&2; exit 2; }
java_home=$(.mvn/find-jdk.sh 25 2>/dev/null || .mvn/find-jdk.sh 22)
[ -f app/target/acs.jar ] || ./mvnw -B -q -ntp package -DskipTests
jgit_version=$(sed -n 's:.*<jgit.version>\(.*\)</jgit.version>.*:\1:p' pom.xml)
http_jar="${HOME}/.m2/repository/org/eclipse/jgit/org.eclipse.jgit.http.server/${jgit_version}/org.eclipse.jgit.http.server-${jgit_version}.jar"
cp="app/target/acs.jar"
[ -f "$http_jar" ] && cp="$cp:$http_jar"

echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr)"
echo "tools:   $(git --version), JGit $jgit_version on $("$java_home/bin/java" -version 2>&1 | head -n 1)"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews the figures)"
# Quiet logs: the bench prints its own table.
exec "$java_home/bin/java" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dlogback.configurationFile=bench/logback-quiet.xml -cp "$cp" bench/GitBench.java "$repo"
