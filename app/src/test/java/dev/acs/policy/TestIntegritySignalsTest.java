package dev.acs.policy;

import static dev.acs.policy.UnifiedDiffTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.policy.PolicyInput.TestIntegrity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestIntegritySignalsTest {

  // fixture, tests deleted, test files deleted, assertions removed, skips added, CI config, test config
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "java-test-method-deleted, 1, 0, 1, 0, false, false",
    "java-test-commented-out,  1, 0, 1, 0, false, false",
    "java-assertion-removed,   0, 0, 1, 0, false, false",
    "java-disabled-added,      0, 0, 0, 1, false, false",
    "java-ignore-added,        0, 0, 0, 1, false, false",
    "test-file-deleted,        1, 1, 1, 0, false, false",
    "js-it-skipped,            1, 0, 0, 1, false, false",
    "js-test-removed,          1, 0, 1, 0, false, false",
    "python-test-removed,      1, 0, 1, 0, false, false",
    "python-skip-added,        0, 0, 0, 1, false, false",
    "workflow-skip-tests,      0, 0, 0, 1, true,  false",
    "pom-surefire-skip,        0, 0, 0, 1, false, true",
    "pom-surefire-excludes,    0, 0, 0, 0, false, true",
    "pom-unrelated,            0, 0, 0, 0, false, false",
    "jest-config-changed,      0, 0, 0, 0, false, true",
    "pytest-config-changed,    0, 0, 0, 0, false, true",
    "clean-fix-with-test,      0, 0, 0, 0, false, false",
    "assertion-rewritten,      0, 0, 0, 0, false, false",
    "test-file-renamed,        0, 0, 0, 0, false, false",
    "main-stream-skip,         0, 0, 0, 0, false, false",
  })
  void readsSignalsFromRealDiffs(
      String fixture,
      int testsDeleted,
      int testFilesDeleted,
      int assertionsRemoved,
      int skipsAdded,
      boolean ciConfigChanged,
      boolean testConfigChanged) {
    TestIntegrity t = TestIntegritySignals.of(fixture(fixture));
    assertThat(t.testsDeleted()).as("tests deleted").isEqualTo(testsDeleted);
    assertThat(t.testFilesDeleted()).as("test files deleted").isEqualTo(testFilesDeleted);
    assertThat(t.assertionsRemoved()).as("assertions removed").isEqualTo(assertionsRemoved);
    assertThat(t.skipsAdded()).as("skips added").isEqualTo(skipsAdded);
    assertThat(t.ciConfigChanged()).as("CI config changed").isEqualTo(ciConfigChanged);
    assertThat(t.testConfigChanged()).as("test config changed").isEqualTo(testConfigChanged);
    assertThat(t.clean()).isEqualTo(t.details().isEmpty());
  }

  @Test
  void detailsSayWhereWithLineNumbers() {
    TestIntegrity t = TestIntegritySignals.of(fixture("java-disabled-added"));
    assertThat(t.details()).containsExactly("src/test/java/org/acme/ParserTest.java: 1 skip(s) or disabled test(s) added (line 17)");
    TestIntegrity deleted = TestIntegritySignals.of(fixture("test-file-deleted"));
    assertThat(deleted.details())
        .contains("src/test/java/org/acme/LegacyTest.java: test file deleted")
        .anyMatch(d -> d.startsWith("src/test/java/org/acme/LegacyTest.java: 1 test(s) removed"));
  }

  @Test
  void signalsAddUpOverFiles() {
    String both = fixture("java-test-method-deleted") + fixture("python-skip-added") + fixture("workflow-skip-tests");
    TestIntegrity t = TestIntegritySignals.of(both);
    assertThat(t.testsDeleted()).isEqualTo(1);
    assertThat(t.skipsAdded()).isEqualTo(2);
    assertThat(t.ciConfigChanged()).isTrue();
    assertThat(t.details()).hasSize(5);
  }

  @Test
  void aTestMovedToAnotherFileStillCounts() {
    // Deleting a hard test in one file and adding a trivial one elsewhere is not a move.
    String moved =
        fixture("java-test-method-deleted")
            + """
            diff --git a/src/test/java/org/acme/OtherTest.java b/src/test/java/org/acme/OtherTest.java
            index 1111111..2222222 100644
            --- a/src/test/java/org/acme/OtherTest.java
            +++ b/src/test/java/org/acme/OtherTest.java
            @@ -1,2 +1,5 @@
             class OtherTest {
            +  @Test
            +  void trivial() {
            +  }
             }
            """;
    assertThat(TestIntegritySignals.of(moved).testsDeleted()).isEqualTo(1);
  }

  @Test
  void noDiffIsClean() {
    assertThat(TestIntegritySignals.of("")).isEqualTo(PolicyInput.TestIntegrity.CLEAN);
  }
}
