package dev.acs.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BranchNameTest {

  static Stream<Arguments> titles() {
    return Stream.of(
        Arguments.of("Fix NPE in JsonParser", "fix-npe-in-jsonparser"),
        Arguments.of("  leading and trailing  ", "leading-and-trailing"),
        Arguments.of("Crash when parsing: `\"\\u0000\"`!!", "crash-when-parsing-u0000"),
        Arguments.of("Café crème brûlée", "cafe-creme-brulee"),
        Arguments.of("Straße größer", "strasse-grosser"),
        Arguments.of("Łódź naïve Ørsted", "lodz-naive-orsted"),
        Arguments.of("ﬁx ｆｕｌｌｗｉｄｔｈ", "fix-fullwidth"),
        Arguments.of("🚀 Launch 🎉 party 🎉", "launch-party"),
        Arguments.of("🔥🔥🔥", BranchName.EMPTY_SLUG),
        Arguments.of("Ошибка в парсере", BranchName.EMPTY_SLUG),
        Arguments.of("修复 bug 123", "bug-123"),
        Arguments.of("feature/sub/branch", "feature-sub-branch"),
        Arguments.of("../../etc/passwd", "etc-passwd"),
        Arguments.of("a..b", "a-b"),
        Arguments.of("refs/heads/main.lock", "refs-heads-main-lock"),
        Arguments.of("@{-1} ~^:?*[\\", "1"),
        Arguments.of("@{} ~^:?*[\\", BranchName.EMPTY_SLUG),
        Arguments.of("tab\there\nnewline\u0000nul", "tab-here-newline-nul"),
        Arguments.of("---", BranchName.EMPTY_SLUG),
        Arguments.of("", BranchName.EMPTY_SLUG),
        Arguments.of(null, BranchName.EMPTY_SLUG),
        Arguments.of("UPPER lower 123", "upper-lower-123"),
        // Over 40: cut at the last word boundary in the second half...
        Arguments.of("Make the streaming parser handle very long numbers correctly", "make-the-streaming-parser-handle-very"),
        // ...exactly at a boundary...
        Arguments.of("aaaaaaaaaa bbbbbbbbbb cccccccccc ddddddd eeee", "aaaaaaaaaa-bbbbbbbbbb-cccccccccc-ddddddd"),
        // ...or mid-word when the only boundary is early.
        Arguments.of("ab " + "x".repeat(60), "ab-" + "x".repeat(37)),
        Arguments.of("y".repeat(100), "y".repeat(40)));
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @MethodSource("titles")
  void slugs(String title, String expected) {
    String slug = BranchName.slug(title);
    assertThat(slug).isEqualTo(expected);
    assertThat(slug).hasSizeLessThanOrEqualTo(BranchName.MAX_SLUG).matches("[a-z0-9]+(-[a-z0-9]+)*");
    String branch = BranchName.forIssue(12, title);
    assertThat(Repository.isValidRefName("refs/heads/" + branch)).as(branch).isTrue();
    assertThat(BranchName.issueOf(branch)).isEqualTo(OptionalInt.of(12));
  }

  static Stream<Arguments> branches() {
    return Stream.of(
        Arguments.of("acs/12-fix-npe", OptionalInt.of(12)),
        Arguments.of("acs/7-issue", OptionalInt.of(7)),
        Arguments.of("acs/0-zero", OptionalInt.empty()),
        Arguments.of("acs/12", OptionalInt.empty()),
        Arguments.of("acs/12-Fix", OptionalInt.empty()),
        Arguments.of("feature/12-fix", OptionalInt.empty()),
        Arguments.of("acs/99999999999-overflow", OptionalInt.empty()),
        Arguments.of("acs/12-fix/../x", OptionalInt.empty()),
        Arguments.of(null, OptionalInt.empty()));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("branches")
  void issueOf(String branch, OptionalInt issue) {
    assertThat(BranchName.issueOf(branch)).isEqualTo(issue);
  }

  @Test
  void forIssueBuildsTheDocumentedShape() {
    assertThat(BranchName.forIssue(345, "Support JSON5 comments")).isEqualTo("acs/345-support-json5-comments");
    assertThatThrownBy(() -> BranchName.forIssue(0, "x")).isInstanceOf(IllegalArgumentException.class);
  }
}
