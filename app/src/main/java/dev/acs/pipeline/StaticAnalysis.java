package dev.acs.pipeline;

import dev.acs.agent.CheckRunner;
import dev.acs.checks.CheckAnnotation;
import dev.acs.checks.Finding;
import dev.acs.checks.PmdCheck;
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
  private final PmdCheck pmd;

  StaticAnalysis(PmdCheck pmd) {
    this.pmd = pmd;
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
    return new Result(r.newFindings(), files.size(), r.problems());
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
