package dev.acs.pipeline;

import dev.acs.agent.CheckRunner;
import dev.acs.checks.CheckAnnotation;
import dev.acs.checks.Finding;
import dev.acs.checks.PmdCheck;
import dev.acs.checks.SpotBugsCheck;
import dev.acs.github.RepoGitHub;
import dev.acs.policy.PolicyInput;
import dev.acs.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * PMD on the Java files a branch changes, before (at the base) and after: only findings the change
 * brings count. On the App's server this is also what the agent's {@code run_checks} tool does,
 * since the repository's own build must not run there.
 */
final class StaticAnalysis {
  /** Where builds put compiled classes, relative to a module's folder (Maven, Gradle). */
  static final List<String> CLASS_DIRS = List.of("target/classes", "build/classes/java/main");

  private final PmdCheck pmd;
  private final boolean bytecode;

  StaticAnalysis(PmdCheck pmd) {
    this(pmd, false);
  }

  /**
   * @param bytecode true where the repository is built in the working tree (the Action): then
   *     SpotBugs also looks at the compiled classes of the changed files
   */
  StaticAnalysis(PmdCheck pmd, boolean bytecode) {
    this.pmd = pmd;
    this.bytecode = bytecode;
  }

  record Result(List<Finding> findings, int javaFiles, List<String> problems) {
    PolicyInput.Findings forPolicy() {
      return new PolicyInput.Findings(findings.stream().map(Finding::toPolicyFinding).toList());
    }

    List<RepoGitHub.AnnotationInfo> annotations() {
      return CheckAnnotation.fromFindings(findings).stream()
          .map(a -> new RepoGitHub.AnnotationInfo(a.path(), a.startLine(), a.endLine(), a.level(), a.message(), a.title()))
          .toList();
    }

    String describe() {
      StringBuilder sb = new StringBuilder();
      for (Finding f : findings) {
        sb.append(f.path()).append(':').append(f.line()).append(" [").append(f.rule()).append(", ").append(f.severity()).append("] ")
            .append(f.message()).append('\n');
      }
      return sb.toString();
    }
  }

  /** New findings in the given changed paths of the working tree, compared with {@code base}. */
  Result newFindings(Workspace ws, String base, List<String> changedPaths) {
    List<PmdCheck.ChangedFile> files = new ArrayList<>();
    for (String path : changedPaths) {
      if (!path.endsWith(".java")) {
        continue;
      }
      Path file = ws.dir().resolve(path);
      if (!Files.isRegularFile(file)) {
        continue; // deleted: nothing new can be found in it
      }
      try {
        files.add(new PmdCheck.ChangedFile(path, ws.fileAt(base, path).orElse(null), Files.readString(file)));
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + path + ": " + e.getMessage(), e);
      }
    }
    if (files.isEmpty()) {
      return new Result(List.of(), 0, List.of());
    }
    PmdCheck.Result r = pmd.newFindings(files);
    if (!bytecode) {
      return new Result(r.newFindings(), files.size(), r.problems());
    }
    List<Path> classes = classDirs(ws.dir());
    if (classes.isEmpty()) {
      return new Result(r.newFindings(), files.size(), r.problems());
    }
    SpotBugsCheck.Result bugs = SpotBugsCheck.newHighFindings(classes, List.of(), files);
    List<Finding> all = new ArrayList<>(r.newFindings());
    all.addAll(bugs.newFindings());
    List<String> problems = new ArrayList<>(r.problems());
    problems.addAll(bugs.problems());
    return new Result(List.copyOf(all), files.size(), List.copyOf(problems));
  }

  /** Build output folders in the working tree: at the top and in modules up to three levels down. */
  static List<Path> classDirs(Path root) {
    List<Path> found = new ArrayList<>();
    try (java.util.stream.Stream<Path> dirs = Files.walk(root, 3)) {
      dirs.filter(Files::isDirectory)
          .filter(d -> !d.startsWith(root.resolve(".git")))
          .forEach(module -> CLASS_DIRS.stream().map(module::resolve).filter(Files::isDirectory).forEach(found::add));
    } catch (IOException | java.io.UncheckedIOException e) {
      return List.of();
    }
    return List.copyOf(found);
  }

  /** The agent's run_checks on a server: PMD on what it changed, failing on new high-severity findings. */
  CheckRunner asCheckRunner(Workspace ws, String base) {
    return changed -> {
      Result r = newFindings(ws, base, changed);
      boolean high = r.findings().stream().anyMatch(f -> "high".equals(f.severity()));
      String text = r.javaFiles() == 0
          ? "No Java files changed; PMD had nothing to check. (The repository's own build and tests do not run on the ACS server; CI runs them after the push.)"
          : (r.findings().isEmpty() ? "PMD: no new findings in " + r.javaFiles() + " changed Java file(s)." : "PMD found new problems:\n" + r.describe())
              + "\n(The repository's own build and tests do not run on the ACS server; CI runs them after the push.)";
      return new CheckRunner.CheckResult(!high, text);
    };
  }
}
