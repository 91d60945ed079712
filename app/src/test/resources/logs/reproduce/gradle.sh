#!/bin/sh
# Re-creates the scratch project and re-runs the failing build that produced the logs named below.
# Writes into a fresh temporary directory; OUT is where the logs go (default: current directory).
set -u
OUT="${OUT:-$PWD}"
HERE="$(cd "$(dirname "$0")" && pwd)"
W="$(mktemp -d)"
cd "$W"
mkdir -p "$(dirname 'build.gradle')"
cat > 'build.gradle' <<'ACS_EOF'
apply plugin: 'java'

sourceCompatibility = 1.8
targetCompatibility = 1.8

repositories { mavenCentral() }

dependencies {
    testCompile 'junit:junit:4.13.2'
}
ACS_EOF
mkdir -p "$(dirname 'settings.gradle')"
cat > 'settings.gradle' <<'ACS_EOF'
rootProject.name = 'text'
ACS_EOF
mkdir -p "$(dirname 'src/main/java/com/example/text/Slug.java')"
cat > 'src/main/java/com/example/text/Slug.java' <<'ACS_EOF'
package com.example.text;

public final class Slug {
    private Slug() {}

    /** Lower-case words joined by dashes; the bug: punctuation is kept. */
    public static String of(String title) {
        return title.trim().toLowerCase().replace(' ', '-');
    }

    public static String truncate(String slug, int max) {
        return slug.substring(0, max);
    }
}
ACS_EOF
mkdir -p "$(dirname 'src/test/java/com/example/text/SlugTest.java')"
cat > 'src/test/java/com/example/text/SlugTest.java' <<'ACS_EOF'
package com.example.text;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class SlugTest {
    @Test
    public void joinsWordsWithDashes() {
        assertEquals("fix-the-bug", Slug.of("Fix the bug"));
    }

    @Test
    public void dropsPunctuation() {
        assertEquals("fix-npe-in-parser", Slug.of("Fix NPE in parser!"));
    }

    @Test
    public void truncateShortSlugKeepsIt() {
        assertEquals("abc", Slug.truncate("abc", 10));
    }
}
ACS_EOF
mkdir -p "$(dirname 'src/test/java/com/example/text/SlugEdgeTest.java')"
cat > 'src/test/java/com/example/text/SlugEdgeTest.java' <<'ACS_EOF'
package com.example.text;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class SlugEdgeTest {
    @Test
    public void trimsSpaces() {
        assertEquals("a-b", Slug.of("  a b  "));
    }

    @Test
    public void nullTitleIsRejected() {
        Slug.of(null);
    }
}
ACS_EOF
gradle --no-daemon test > "$OUT/gradle-test.log" 2>&1   # exit 1 (Debian's gradle 4.4.1 on JDK 17)
mkdir -p "$OUT/junit-xml/gradle" && cp build/test-results/test/*.xml "$OUT/junit-xml/gradle/"
sed -i 's/return slug.substring(0, max);/return slug.substring(0, maxLength);/; s/return title.trim().toLowerCase().replace/return title.trim().toLowerCase().replaceAllChars/' src/main/java/com/example/text/Slug.java
gradle --no-daemon test > "$OUT/gradle-compile-error.log" 2>&1   # exit 1
