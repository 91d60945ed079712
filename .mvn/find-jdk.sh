#!/bin/sh
# Prints the home of a JDK whose feature version is at least $1 (default 21), or fails with a
# clear message. Used by mvnw and .ci/run so that the build never runs on the machine's older
# default java. Order: JAVA_HOME, `java` on PATH, then the usual install folders.
want="${1:-21}"
feature() { # prints the feature version of the JDK at $1, or nothing
  [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
ok() { v=$(feature "$1"); [ -n "$v" ] && [ "$v" -ge "$want" ]; }
if [ -n "${JAVA_HOME-}" ] && ok "$JAVA_HOME"; then echo "$JAVA_HOME"; exit 0; fi
if command -v javac >/dev/null 2>&1; then
  home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
  if ok "$home"; then echo "$home"; exit 0; fi
fi
best=""; bestv=0
for d in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/*jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
  [ -d "$d" ] || continue
  v=$(feature "$d")
  if [ -n "$v" ] && [ "$v" -ge "$want" ] && [ "$v" -gt "$bestv" ]; then best="$d"; bestv="$v"; fi
done
if [ -n "$best" ]; then echo "$best"; exit 0; fi
echo "ACS needs a JDK $want or newer to build and run, and none was found (looked at JAVA_HOME, PATH, /usr/lib/jvm, /opt, ~/.sdkman, ~/.jdks). Install one (e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+) and set JAVA_HOME to it." >&2
exit 1
