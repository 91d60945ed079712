package dev.acs.pipeline;

import dev.acs.checks.FailureExtractor;
import dev.acs.checks.FailureKind;
import dev.acs.checks.FailureReport;
import dev.acs.github.GitHubException;
import dev.acs.github.RepoGitHub;
import dev.acs.github.RepoGitHub.AnnotationInfo;
import dev.acs.github.RepoGitHub.CheckRunInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What failed on a commit, read from GitHub: for each failing check run its output, its
 * annotations and, for GitHub Actions, the job's log boiled down by {@link FailureExtractor}
 * (the part that matters, at most 8 KB). Also whether the same check fails on the base branch's
 * head (then it is not this pull request's fault) and whether the log points at the
 * infrastructure rather than the code.
 */
public record FailedChecks(List<Failure> failures) {
  private static final Logger log = LoggerFactory.getLogger(FailedChecks.class);
  static final String ACTIONS_APP = "github-actions";
  /** GitHub Actions check runs link to {@code …/actions/runs/<run>/job/<job>}; the job id is the check run's id. */
  private static final Pattern RUN_URL = Pattern.compile("/actions/runs/(\\d+)(?:/job/\\d+)?");
  private static final int MAX_ANNOTATIONS = 20;
  private static final int MAX_OUTPUT = 1500;
  /** The whole context for the model; each check's log excerpt is already at most 8 KB. */
  static final int MAX_CONTEXT = 24_000;

  /**
   * One failing check run.
   *
   * @param report what the job log says, or null when there is no log (not Actions, or expired)
   * @param workflowRunId the Actions workflow run, or null when the check is not from Actions
   * @param failsOnBase the check of the same name (and App) also fails on the base branch's head
   */
  public record Failure(
      CheckRunInfo run, List<AnnotationInfo> annotations, FailureReport report, Long workflowRunId, boolean failsOnBase, String logProblem) {

    public FailureKind kind() {
      return report == null ? FailureKind.UNKNOWN : report.kind();
    }

    public String name() {
      return run.name();
    }
  }

  /** Reads the details of the failing runs; a detail GitHub cannot give (expired log) is noted, not fatal. */
  public static FailedChecks read(RepoGitHub github, List<CheckRunInfo> failing, String baseBranch, boolean cancelledFails) {
    List<CheckRunInfo> onBase = baseBranch == null ? List.of() : safeRuns(github, baseBranch);
    List<Failure> out = new ArrayList<>();
    for (CheckRunInfo run : failing) {
      List<AnnotationInfo> annotations = safeAnnotations(github, run.id());
      FailureReport report = null;
      String problem = null;
      Long workflowRun = null;
      if (ACTIONS_APP.equals(run.appSlug())) {
        workflowRun = workflowRunOf(run.detailsUrl());
        try {
          report = FailureExtractor.withoutCheckout().extract(github.jobLog(run.id()));
        } catch (GitHubException e) {
          problem = "the job log could not be read (HTTP " + e.status() + ")";
          log.info("log of job {} in {} not read: {}", run.id(), github.fullName(), e.getMessage());
        }
      }
      boolean failsOnBase = onBase.stream().anyMatch(b -> b.name().equals(run.name())
          && java.util.Objects.equals(b.appSlug(), run.appSlug()) && HeadChecks.failed(b.conclusion(), cancelledFails));
      out.add(new Failure(run, annotations, report, workflowRun, failsOnBase, problem));
    }
    return new FailedChecks(List.copyOf(out));
  }

  /** The failures this pull request may have caused: those that do not fail on the base branch too. */
  public List<Failure> ours() {
    return failures.stream().filter(f -> !f.failsOnBase()).toList();
  }

  public List<Failure> alsoOnBase() {
    return failures.stream().filter(Failure::failsOnBase).toList();
  }

  /** True when every failure of ours is the infrastructure's by its log (runner lost, cancelled, network). */
  public boolean onlyInfrastructure() {
    List<Failure> ours = ours();
    return !ours.isEmpty() && ours.stream().allMatch(f -> f.kind() == FailureKind.INFRA);
  }

  static String names(List<Failure> failures) {
    return String.join(", ", failures.stream().map(f -> "`" + f.name().replace("`", "") + "`").distinct().toList());
  }

  /** A short line for comments and the task's last failure: which checks, which tests (made safe to post). */
  public String describe() {
    StringBuilder sb = new StringBuilder(names(ours()));
    List<String> tests = ours().stream().filter(f -> f.report() != null).flatMap(f -> f.report().failingTestNames().stream()).distinct().toList();
    if (!tests.isEmpty()) {
      // Test names come from the build's output: untrusted, so no HTML or mentions in ACS's comments.
      sb.append(" (failing tests: ").append(TaskRepairs.sanitize(String.join(", ", tests.subList(0, Math.min(5, tests.size())))))
          .append(tests.size() > 5 ? ", …" : "").append(')');
    }
    return sb.toString();
  }

  /**
   * The failure context for the model: untrusted text (logs and outputs are written by the build,
   * i.e. by the code under change), framed as such by the coder's prompt.
   */
  public String context() {
    StringBuilder sb = new StringBuilder("These CI checks fail on the pull request's head commit. Make them pass without weakening or deleting tests.\n");
    for (Failure f : ours()) {
      StringBuilder part = new StringBuilder("\n## Check `").append(f.name()).append("`: ").append(f.run().conclusion()).append('\n');
      String output = join(f.run().outputTitle(), f.run().outputSummary(), f.run().outputText());
      if (!output.isBlank()) {
        part.append("Output:\n").append(cap(output, MAX_OUTPUT)).append('\n');
      }
      List<AnnotationInfo> annotations = f.annotations().stream()
          .sorted(Comparator.comparingInt(a -> "failure".equals(a.level()) ? 0 : "warning".equals(a.level()) ? 1 : 2))
          .limit(MAX_ANNOTATIONS).toList();
      if (!annotations.isEmpty()) {
        part.append("Annotations:\n");
        for (AnnotationInfo a : annotations) {
          part.append("- ").append(a.path()).append(':').append(a.startLine()).append(" [").append(a.level()).append("] ")
              .append(a.title() == null ? "" : a.title() + ": ").append(cap(a.message(), 400).replace('\n', ' ')).append('\n');
        }
      }
      if (f.report() != null) {
        part.append("What the job log says (").append(f.report().tool()).append(", ").append(f.report().kind()).append(": ")
            .append(f.report().reason()).append("):\n").append(f.report().excerpt()).append('\n');
      } else if (f.logProblem() != null) {
        part.append("(").append(f.logProblem()).append(")\n");
      }
      if (sb.length() + part.length() > MAX_CONTEXT) {
        sb.append("\n(further failing checks left out to keep this short: ").append(f.name()).append(" and after)\n");
        break;
      }
      sb.append(part);
    }
    return sb.toString();
  }

  static Long workflowRunOf(String detailsUrl) {
    if (detailsUrl == null) {
      return null;
    }
    Matcher m = RUN_URL.matcher(detailsUrl);
    return m.find() ? Long.valueOf(m.group(1)) : null;
  }

  private static List<CheckRunInfo> safeRuns(RepoGitHub github, String ref) {
    try {
      return github.checkRunsForRef(ref);
    } catch (GitHubException e) {
      log.info("check runs of {} in {} not read: {}", ref, github.fullName(), e.getMessage());
      return List.of();
    }
  }

  private static List<AnnotationInfo> safeAnnotations(RepoGitHub github, long checkRunId) {
    try {
      return github.annotations(checkRunId);
    } catch (GitHubException e) {
      log.info("annotations of check run {} in {} not read: {}", checkRunId, github.fullName(), e.getMessage());
      return List.of();
    }
  }

  private static String join(String... parts) {
    StringBuilder sb = new StringBuilder();
    for (String p : parts) {
      if (p != null && !p.isBlank()) {
        sb.append(sb.length() == 0 ? "" : "\n").append(p.strip());
      }
    }
    return sb.toString();
  }

  private static String cap(String s, int max) {
    return s == null ? "" : s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
