package dev.acs.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Commit subjects in the repository's style: the style read from real JGit histories (Conventional
 * Commits with scopes, and a plain capitalised history with issue references), and ACS's commits
 * made in a local checkout of each, read back from git.
 */
class CommitStyleTest {
  static final PersonIdent DEV = new PersonIdent("Dev", "dev@example.org");
  static final BotIdentity BOT = BotIdentity.forApp("acs", 77L);

  @TempDir Path tmp;

  static final List<String> CONVENTIONAL = List.of(
      "feat(api): add pagination to the list endpoint", "fix(cli): exit 2 on a bad flag", "docs: explain the cache",
      "chore(deps): bump jackson to 2.18", "fix(api): keep the order of headers", "refactor(core): split the parser",
      "feat(cli): --json output", "test(core): cover empty input", "Update README.md", "fix(core): handle a null name",
      "ci: cache maven", "feat(api)!: drop the v1 routes");

  static final List<String> PLAIN = List.of(
      "Add pagination to the list endpoint (#41)", "Fix the exit code on a bad flag (#40)", "Explain the cache in the docs",
      "Bump jackson to 2.18 (#38)", "Keep the order of headers", "Split the parser (#36)", "Support --json output (#35)",
      "Cover empty input", "Handle a null name (#33)", "Cache maven in CI (#32)");

  @Test
  void aConventionalHistoryWithScopesIsReadFromGitAndFollowed() throws Exception {
    Path dir = repoWith("conv", CONVENTIONAL);
    Workspaces workspaces = new Workspaces(new WorkspaceSettings(tmp.resolve("work"), false, BOT));
    try (Workspace ws = workspaces.openLocal(dir, "acs/7-null-name", null)) {
      CommitStyle style = CommitStyle.detect(BranchReading.recentSubjects(ws, ws.startedFrom(), CommitStyle.SAMPLE));
      assertThat(style.conventional()).isTrue();
      assertThat(style.scopes()).isTrue();
      assertThat(style.knownScopes()).contains("api", "cli", "core", "deps");
      assertThat(style.capitalised()).isFalse();
      assertThat(style.issueReference()).isFalse();

      Files.createDirectories(dir.resolve("core/src"));
      Files.writeString(dir.resolve("core/src/Name.java"), "class Name {}\n");
      String subject = style.subject(new CommitStyle.Change("Handle a blank name in greet()", null,
          "NullPointerException for a blank name", List.of("bug"), List.of("core/src/Name.java"), 7));
      ws.commitAll(subject + "\n\nbody\n", "t-1");
      Files.writeString(dir.resolve("README.md"), "# docs\n\nmore\n");
      String docs = style.subject(new CommitStyle.Change(null, null, "Document the flags", List.of(), List.of("README.md"), 7));
      ws.commitAll(docs + "\n", "t-1");
    }
    try (Git git = Git.open(dir.toFile())) {
      List<String> mine = new ArrayList<>();
      git.log().add(git.getRepository().resolve("acs/7-null-name")).setMaxCount(2).call().forEach(c -> mine.add(c.getShortMessage()));
      assertThat(mine).containsExactly("docs: document the flags", "fix(core): handle a blank name in greet()");
    }
  }

  @Test
  void aPlainHistoryKeepsItsCapitalsAndIssueReferences() throws Exception {
    Path dir = repoWith("plain", PLAIN);
    Workspaces workspaces = new Workspaces(new WorkspaceSettings(tmp.resolve("work"), false, BOT));
    try (Workspace ws = workspaces.openLocal(dir, "acs/9-x", null)) {
      CommitStyle style = CommitStyle.detect(BranchReading.recentSubjects(ws, ws.startedFrom(), CommitStyle.SAMPLE));
      assertThat(style.conventional()).isFalse();
      assertThat(style.capitalised()).isTrue();
      assertThat(style.issueReference()).isTrue();
      assertThat(style.period()).isFalse();
      // The model wrote a Conventional prefix and a lower-case start: this repository does neither.
      assertThat(style.subject(new CommitStyle.Change("fix: handle a null name.", null, "t", List.of(), List.of("A.java"), 9)))
          .isEqualTo("Handle a null name (#9)");
      assertThat(style.subject(new CommitStyle.Change(null, null, "Crash when the name is null", List.of(), List.of("A.java"), 9)))
          .isEqualTo("Fix crash when the name is null (#9)");
    }
  }

  @Test
  void mergedBranchesDoNotCountOnlyTheMainLineDoes() throws Exception {
    Path dir = repoWith("merged", PLAIN.subList(0, 6));
    try (Git git = Git.open(dir.toFile())) {
      git.checkout().setCreateBranch(true).setName("topic").call();
      for (int i = 0; i < 12; i++) {
        commit(git, dir, "f" + i, "feat: topic work " + i);
      }
      git.checkout().setName("main").call();
      commit(git, dir, "main-only", "Keep main moving");
      RevCommit topic = git.getRepository().parseCommit(git.getRepository().resolve("topic"));
      git.merge().include(topic).setFastForward(MergeCommand.FastForwardMode.NO_FF).setMessage("Merge branch 'topic'").call();
    }
    Workspaces workspaces = new Workspaces(new WorkspaceSettings(tmp.resolve("work"), false, BOT));
    try (Workspace ws = workspaces.openLocal(dir, "acs/1-y", null)) {
      List<String> subjects = BranchReading.recentSubjects(ws, ws.startedFrom(), CommitStyle.SAMPLE);
      assertThat(subjects).first().isEqualTo("Merge branch 'topic'");
      assertThat(subjects).noneMatch(s -> s.startsWith("feat: topic work"));
      assertThat(CommitStyle.detect(subjects).conventional()).isFalse();
    }
  }

  @ParameterizedTest(name = "{0} conventional of 10 → {1}")
  @CsvSource({"5, false", "6, true", "10, true", "0, false"})
  void conventionalFromSixtyPercent(int conventional, boolean expected) {
    List<String> subjects = IntStream.range(0, 10)
        .mapToObj(i -> i < conventional ? "fix: thing " + i : "Change thing " + i).toList();
    assertThat(CommitStyle.detect(subjects).conventional()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "docs/guide.md,README.md | docs",
      "src/test/java/a/ATest.java | test",
      ".github/workflows/ci.yml | ci",
      "src/main/java/A.java | feat"})
  void theTypeComesFromThePathsFirst(String paths, String type) {
    CommitStyle conv = new CommitStyle(true, false, Set.of(), false, false, false, 20);
    assertThat(conv.subject(new CommitStyle.Change("Change it", null, "Greet politely", List.of(), List.of(paths.split(",")), 3)))
        .isEqualTo(type + ": change it");
  }

  @Test
  void labelsAndTitleWordsTellAFixFromAFeature() {
    CommitStyle conv = new CommitStyle(true, false, Set.of(), false, false, false, 20);
    List<String> code = List.of("src/A.java");
    assertThat(conv.subject(new CommitStyle.Change("Guard the name", null, "Greeter", List.of("bug"), code, 3))).startsWith("fix: ");
    assertThat(conv.subject(new CommitStyle.Change("Guard the name", null, "Greeter", List.of("enhancement"), code, 3))).startsWith("feat: ");
    assertThat(conv.subject(new CommitStyle.Change("Guard the name", null, "greet() throws an exception", List.of(), code, 3))).startsWith("fix: ");
    assertThat(conv.subject(new CommitStyle.Change("Guard the name", "fix", "Add a greeting", List.of(), code, 3))).startsWith("fix: ");
  }

  @Test
  void subjectsAreOneShortLineWithoutCiSwitches() {
    CommitStyle plain = CommitStyle.PLAIN;
    String s = plain.subject(new CommitStyle.Change("Rewrite the greeting [skip ci] so that every caller in the whole code base gets"
        + " a much politer text than before\nsecond line", null, "t", List.of(), List.of("A.java"), 12));
    assertThat(s).doesNotContain("skip ci").doesNotContain("\n").endsWith("… (#12)");
    assertThat(s.length()).isLessThanOrEqualTo(72);
    assertThat(CommitStyle.withoutCiSkips("Done. [ci skip] skip-checks: true")).doesNotContainIgnoringCase("skip");
  }

  @Test
  void aRepeatedSubjectGetsItsCountBeforeTheIssueReference() {
    List<String> used = List.of("Repair failing checks build (#4)", "Repair failing checks build, 2nd time (#4)");
    assertThat(CommitStyle.unique("Repair failing checks build (#4)", used)).isEqualTo("Repair failing checks build, 3rd time (#4)");
    assertThat(CommitStyle.unique("fix: repair failing checks build", List.of("fix: repair failing checks build")))
        .isEqualTo("fix: repair failing checks build, 2nd time");
    assertThat(CommitStyle.unique("New one", used)).isEqualTo("New one");
  }

  @Test
  void tooLittleHistoryMeansThePlainStyle() {
    assertThat(CommitStyle.detect(List.of("feat: a", "feat: b", "Merge pull request #3 from x/y"))).isEqualTo(CommitStyle.PLAIN);
  }

  private Path repoWith(String name, List<String> subjectsNewestFirst) throws Exception {
    Path dir = tmp.resolve(name);
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      for (int i = subjectsNewestFirst.size() - 1; i >= 0; i--) {
        commit(git, dir, "file" + i + ".txt", subjectsNewestFirst.get(i));
      }
    }
    return dir;
  }

  private static void commit(Git git, Path dir, String file, String subject) throws Exception {
    Files.writeString(dir.resolve(file), subject + "\n");
    git.add().addFilepattern(".").call();
    git.commit().setMessage(subject + "\n\nDetails.\n").setAuthor(DEV).setCommitter(DEV).setSign(false).call();
  }
}
