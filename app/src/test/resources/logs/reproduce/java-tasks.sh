#!/bin/sh
# Re-runs the real builds of the two java-tasks (test patch applied, no fix) and the two compile-error
# builds. Needs the full clones in /work/repos and JDK 17 + Maven 3.8 as the default java/mvn.
# OUT is where the logs go (default: current directory). Scratch copies go to /tmp and /home/runner.
set -u
OUT="${OUT:-$PWD}"
HERE="$(cd "$(dirname "$0")" && pwd)"
TASKS=/work/shared/java-tasks
patch_of() { python3 -c "import json,sys; sys.stdout.write(json.load(open('$1'))['test_patch'])"; }

# 1. jackson-core-1309 (Surefire 3.2.5): base commit, parent version 2.17.2-SNAPSHOT -> 2.17.2, test patch.
git -C /work/repos/jackson-core worktree add --detach /tmp/jc-1309 449ed86748bf672b0a65f13e7f8573298b543384
cd /tmp/jc-1309
sed -i '11s/2.17.2-SNAPSHOT/2.17.2/' pom.xml          # line 11 is the <parent> version
patch_of $TASKS/fasterxml__jackson-core-1309.json | git apply --whitespace=nowarn
JC_CMD="mvn -B -Dtest=com.fasterxml.jackson.core.io.NumberInputTest -DfailIfNoTests=false -Dsurefire.failIfNoSpecifiedTests=false test"
$JC_CMD > "$OUT/jackson-core-1309-surefire3.log" 2>&1                     # exit 1
mkdir -p "$OUT/junit-xml/jackson-core-1309" && cp target/surefire-reports/*.xml "$OUT/junit-xml/jackson-core-1309/"

# 2. The same build in the GitHub-hosted runner's workspace layout, timestamped like a job log.
mkdir -p /home/runner/work/jackson-core && cp -a /tmp/jc-1309 /home/runner/work/jackson-core/jackson-core
(cd /home/runner/work/jackson-core/jackson-core && rm -rf target && \
  "$HERE/actions-format.py" $JC_CMD > "$OUT/jackson-core-1309-surefire3.actions.log")   # exit 1
rm -rf /home/runner/work/jackson-core

# 3. jackson-core compile error: two real javac errors in main code.
sed -i '585s/s.isEmpty()/s.isBlankish()/' src/main/java/com/fasterxml/jackson/core/io/NumberInput.java
sed -i '347s/return _maxNumLen;/return String.valueOf(_maxNumLen);/' src/main/java/com/fasterxml/jackson/core/StreamReadConstraints.java
$JC_CMD > "$OUT/jackson-core-compile-error.log" 2>&1                      # exit 1
git checkout src/main

# 3b. Surefire 3 shapes the task does not show: an error, a parameterised failure, a @Nested class,
# a failing @BeforeAll, and a test that fails once (then, with re-runs, a flake). Scratch tests only.
D=src/test/java/com/fasterxml/jackson/core/acsshapes
mkdir -p $D
cat > $D/ShapesTest.java <<'ACS_EOF'
package com.fasterxml.jackson.core.acsshapes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.io.NumberInput;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShapesTest {
    @Test
    void passes() {
        assertEquals(12, NumberInput.parseInt("12"));
    }

    @Test
    void throwsInsteadOfAsserting() {
        NumberInput.parseInt((String) null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "2", "x"})
    void parsesEveryValue(String text) {
        assertEquals(text.length(), String.valueOf(NumberInput.parseInt(text)).length());
    }

    @Nested
    class WhenNegative {
        @Test
        void keepsTheSign() {
            assertEquals("-5", String.valueOf(NumberInput.parseInt("5")));
        }
    }
}
ACS_EOF
cat > $D/SetupFailsTest.java <<'ACS_EOF'
package com.fasterxml.jackson.core.acsshapes;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SetupFailsTest {
    @BeforeAll
    static void startServer() {
        throw new IllegalStateException("port 8080 already in use");
    }

    @Test
    void never() {
    }
}
ACS_EOF
cat > $D/FlakyTest.java <<'ACS_EOF'
package com.fasterxml.jackson.core.acsshapes;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FlakyTest {
    private static int runs;

    @Test
    void passesOnTheSecondRun() {
        runs++;
        assertTrue(runs > 1, "first run fails");
    }
}
ACS_EOF
SH_CMD="mvn -B -Dtest=com.fasterxml.jackson.core.acsshapes.*Test -DfailIfNoTests=false -Dsurefire.failIfNoSpecifiedTests=false"
$SH_CMD test > "$OUT/jackson-core-surefire3-shapes.log" 2>&1                                   # exit 1
$SH_CMD -Dsurefire.rerunFailingTestsCount=1 test > "$OUT/jackson-core-surefire3-shapes-rerun.log" 2>&1   # exit 1
rm -r $D

# 4. gson-1093 (Surefire 2.12.4, multi-module): base commit, test patch, -Djava.version=1.8.
git -C /work/repos/gson worktree add --detach /tmp/gson-1093 0aaef0fd1bb1b9729543dc40168adfb829eb75a4
cd /tmp/gson-1093
patch_of $TASKS/google__gson-1093.json | git apply --whitespace=nowarn
GS_CMD="mvn -B -Dtest=com.google.gson.stream.JsonWriterTest -DfailIfNoTests=false -Dsurefire.failIfNoSpecifiedTests=false -Djava.version=1.8 test"
$GS_CMD > "$OUT/gson-1093-surefire2.log" 2>&1                             # exit 1
mkdir -p "$OUT/junit-xml/gson-1093" && cp gson/target/surefire-reports/*.xml "$OUT/junit-xml/gson-1093/"

# 5. gson whole suite on JDK 17 (20 failing methods: 19 JDK-related + the F2P one).
mvn -B -Djava.version=1.8 test > "$OUT/gson-1093-full-suite-surefire2.log" 2>&1   # exit 1

# 6. gson test-compile error, built in the runner's workspace layout and timestamped.
mkdir -p /home/runner/work/gson && cp -a /tmp/gson-1093 /home/runner/work/gson/gson
cd /home/runner/work/gson/gson && rm -rf target gson/target
sed -i '220s/setLenient(true)/setLenientMode(true)/' gson/src/test/java/com/google/gson/stream/JsonWriterTest.java
sed -i '41s/assertEquals(true, reader.nextBoolean());/String b = reader.nextBoolean();/' gson/src/test/java/com/google/gson/stream/JsonReaderTest.java
"$HERE/actions-format.py" $GS_CMD > "$OUT/gson-test-compile-error.actions.log"   # exit 1
rm -rf /home/runner/work/gson
