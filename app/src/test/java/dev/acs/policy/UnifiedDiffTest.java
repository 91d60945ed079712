package dev.acs.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.policy.UnifiedDiff.FileDiff;
import dev.acs.policy.UnifiedDiff.Kind;
import dev.acs.policy.UnifiedDiff.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UnifiedDiffTest {

  static String fixture(String name) {
    try (InputStream in = UnifiedDiffTest.class.getResourceAsStream("/policy/diffs/" + name + ".diff")) {
      if (in == null) {
        throw new IllegalStateException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void readsAModifiedFileWithLineNumbers() {
    FileDiff f = UnifiedDiff.parse(fixture("java-assertion-removed")).files().get(0);
    assertThat(f.path()).isEqualTo("src/test/java/org/acme/ParserTest.java");
    assertThat(f.status()).isEqualTo(Status.MODIFIED);
    assertThat(f.additions()).isZero();
    assertThat(f.deletions()).isEqualTo(1);
    assertThat(f.lines(Kind.REMOVED).get(0).text()).contains("assertEquals(7");
    assertThat(f.lines(Kind.REMOVED).get(0).oldLine()).isEqualTo(13);
  }

  @Test
  void readsDeletedAddedAndRenamedFiles() {
    FileDiff deleted = UnifiedDiff.parse(fixture("test-file-deleted")).files().get(0);
    assertThat(deleted.status()).isEqualTo(Status.REMOVED);
    assertThat(deleted.newPath()).isNull();
    assertThat(deleted.path()).isEqualTo("src/test/java/org/acme/LegacyTest.java");

    FileDiff renamed = UnifiedDiff.parse(fixture("test-file-renamed")).files().get(0);
    assertThat(renamed.status()).isEqualTo(Status.RENAMED);
    assertThat(renamed.oldPath()).isEqualTo("src/test/java/org/acme/LegacyTest.java");
    assertThat(renamed.newPath()).isEqualTo("src/test/java/org/acme/LegacyParserTest.java");

    String added =
        """
        diff --git a/docs/new.md b/docs/new.md
        new file mode 100644
        index 0000000..3b18e51
        --- /dev/null
        +++ b/docs/new.md
        @@ -0,0 +1,2 @@
        +hello
        +world
        """;
    FileDiff f = UnifiedDiff.parse(added).files().get(0);
    assertThat(f.status()).isEqualTo(Status.ADDED);
    assertThat(f.lines(Kind.ADDED)).extracting(UnifiedDiff.Line::newLine).containsExactly(1, 2);
  }

  @Test
  void aRemovedLineStartingWithDashesIsNotAFileHeader() {
    String diff =
        """
        diff --git a/db/schema.sql b/db/schema.sql
        index 1111111..2222222 100644
        --- a/db/schema.sql
        +++ b/db/schema.sql
        @@ -1,3 +1,3 @@
        --- a comment in SQL
        +++ also not a header
         CREATE TABLE t (id INT);
        -DROP TABLE u;
        +DROP TABLE v;
        diff --git a/b.txt b/b.txt
        index 1111111..2222222 100644
        --- a/b.txt
        +++ b/b.txt
        @@ -1 +1 @@
        -x
        \\ No newline at end of file
        +y
        \\ No newline at end of file
        """;
    UnifiedDiff d = UnifiedDiff.parse(diff);
    assertThat(d.files()).extracting(FileDiff::path).containsExactly("db/schema.sql", "b.txt");
    assertThat(d.files().get(0).lines(Kind.REMOVED)).extracting(UnifiedDiff.Line::text).containsExactly("-- a comment in SQL", "DROP TABLE u;");
    assertThat(d.files().get(0).lines(Kind.ADDED)).extracting(UnifiedDiff.Line::text).containsExactly("++ also not a header", "DROP TABLE v;");
    assertThat(d.files().get(1).additions()).isEqualTo(1);
  }

  @Test
  void readsBinaryFilesAndPlainDiffs() {
    String binary =
        """
        diff --git a/img/logo.png b/img/logo.png
        index 1111111..2222222 100644
        Binary files a/img/logo.png and b/img/logo.png differ
        """;
    FileDiff f = UnifiedDiff.parse(binary).files().get(0);
    assertThat(f.binary()).isTrue();
    assertThat(f.path()).isEqualTo("img/logo.png");
    assertThat(f.status()).isEqualTo(Status.MODIFIED);

    String plain =
        """
        --- a.txt\t2024-01-01 10:00:00
        +++ a.txt\t2024-01-02 10:00:00
        @@ -1 +1 @@
        -old
        +new
        --- b.txt
        +++ b.txt
        @@ -1 +1,2 @@
         same
        +more
        """;
    assertThat(UnifiedDiff.parse(plain).files()).extracting(FileDiff::path).containsExactly("a.txt", "b.txt");
  }

  @Test
  void unquotesGitPaths() {
    String diff =
        """
        diff --git "a/dir/caf\\303\\251 menu.txt" "b/dir/caf\\303\\251 menu.txt"
        index 1111111..2222222 100644
        --- "a/dir/caf\\303\\251 menu.txt"
        +++ "b/dir/caf\\303\\251 menu.txt"
        @@ -1 +1 @@
        -a
        +b
        """;
    assertThat(UnifiedDiff.parse(diff).files().get(0).path()).isEqualTo("dir/café menu.txt");
  }

  @Test
  void truncatedOrMalformedHunksAreErrors() {
    String truncated =
        """
        diff --git a/a.txt b/a.txt
        --- a/a.txt
        +++ b/a.txt
        @@ -1,3 +1,3 @@
         one
        """;
    assertThatThrownBy(() -> UnifiedDiff.parse(truncated)).hasMessageContaining("truncated hunk in a.txt");
    String malformed =
        """
        diff --git a/a.txt b/a.txt
        --- a/a.txt
        +++ b/a.txt
        @@ -1,2 +1,2 @@
        ?what
        """;
    assertThatThrownBy(() -> UnifiedDiff.parse(malformed)).hasMessageContaining("malformed hunk in a.txt");
  }

  @Test
  void noDiffIsAnEmptyDiff() {
    assertThat(UnifiedDiff.parse("").files()).isEmpty();
    assertThat(UnifiedDiff.parse(null).files()).isEmpty();
  }
}
