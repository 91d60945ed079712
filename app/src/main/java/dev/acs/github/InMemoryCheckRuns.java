package dev.acs.github;

import dev.acs.github.RepoGitHub.AnnotationInfo;
import dev.acs.github.RepoGitHub.CheckRunInfo;
import dev.acs.github.RepoGitHub.CheckRunUpdate;
import dev.acs.github.RepoGitHub.JobInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The checks of an {@link InMemoryRepoGitHub}: check runs (ACS's and other apps'), grouped in one
 * suite per app and commit, and the GitHub Actions jobs behind them with their logs and re-run
 * requests. It validates an update as GitHub does (known status, conclusion and annotation level;
 * a conclusion completes the run) and appends annotations on every update.
 *
 * <p>Not thread-safe on its own: only called under its repository's lock, which also hands out the
 * ids ({@code ids}), shared with the repository's issues and comments as on GitHub.
 */
final class InMemoryCheckRuns {
  static final Set<String> STATUSES = Set.of("queued", "in_progress", "completed");
  static final Set<String> CONCLUSIONS =
      Set.of("action_required", "cancelled", "failure", "neutral", "success", "skipped", "stale", "timed_out");
  static final Set<String> LEVELS = Set.of("notice", "warning", "failure");

  private final String fullName;
  private final LongSupplier ids;
  private final Map<Long, CheckRun> checkRuns = new LinkedHashMap<>();
  private final Map<String, Long> suites = new HashMap<>();
  private final Map<Long, JobInfo> jobs = new LinkedHashMap<>();
  private final Map<Long, String> jobLogs = new HashMap<>();
  private final List<Long> reruns = new ArrayList<>();

  private static final class CheckRun {
    final long id;
    final String name;
    final String headSha;
    final String appSlug;
    final long suiteId;
    String detailsUrl;
    String status;
    String conclusion;
    String title;
    String summary;
    String text;
    final List<AnnotationInfo> annotations = new ArrayList<>();

    CheckRun(long id, String name, String headSha, String appSlug, long suiteId) {
      this.id = id;
      this.name = name;
      this.headSha = headSha;
      this.appSlug = appSlug;
      this.suiteId = suiteId;
    }

    CheckRunInfo info() {
      return new CheckRunInfo(id, name, headSha, status, conclusion, appSlug, title, summary, text,
          detailsUrl != null ? detailsUrl : "https://example.invalid/check-runs/" + id, suiteId);
    }
  }

  InMemoryCheckRuns(String fullName, LongSupplier ids) {
    this.fullName = fullName;
    this.ids = ids;
  }

  /** A new check run of {@code appSlug}, queued, then brought to {@code state}; returns its id. */
  long create(String appSlug, String name, String headSha, CheckRunUpdate state) {
    if (name == null || name.isBlank() || headSha == null || headSha.isBlank()) {
      throw new GitHubException(422, "Validation Failed: name and head_sha are required", null);
    }
    CheckRun run = new CheckRun(ids.getAsLong(), name, headSha, appSlug,
        suites.computeIfAbsent(appSlug + "@" + headSha, k -> ids.getAsLong()));
    run.status = "queued";
    apply(run, state);
    checkRuns.put(run.id, run);
    return run.id;
  }

  /**
   * A GitHub Actions job as GitHub shows it: a check run of the {@code github-actions} App whose id
   * is the job's id and whose details link to {@code …/actions/runs/<runId>/job/<id>}, plus the
   * job with its log. Returns the id.
   */
  long addActionsJob(long runId, String name, String headSha, CheckRunUpdate state, String log) {
    long id = create("github-actions", name, headSha, state);
    CheckRun run = checkRuns.get(id);
    run.detailsUrl = "https://github.com/" + fullName + "/actions/runs/" + runId + "/job/" + id;
    jobs.put(id, new JobInfo(id, runId, name, run.status, run.conclusion, headSha));
    jobLogs.put(id, log);
    return id;
  }

  /** A finished Actions job with its log; returns the job id. */
  long addJob(long runId, String name, String conclusion, String headSha, String log) {
    long id = ids.getAsLong();
    jobs.put(id, new JobInfo(id, runId, name, "completed", conclusion, headSha));
    jobLogs.put(id, log);
    return id;
  }

  void update(long checkRunId, CheckRunUpdate update) {
    apply(require(checkRunId), update);
  }

  private static void apply(CheckRun run, CheckRunUpdate u) {
    if (u == null) {
      return;
    }
    if (u.status() != null && !STATUSES.contains(u.status())) {
      throw new GitHubException(422, "Validation Failed: status '" + u.status() + "' is not one of " + STATUSES, null);
    }
    // As on GitHub: a conclusion completes the run whatever status came with it.
    String status = u.conclusion() != null ? "completed" : u.status() == null ? run.status : u.status();
    if (u.conclusion() != null && !CONCLUSIONS.contains(u.conclusion())) {
      throw new GitHubException(422, "Validation Failed: conclusion '" + u.conclusion() + "' is not one of "
          + CONCLUSIONS, null);
    }
    if (status.equals("completed") && u.conclusion() == null && run.conclusion == null) {
      throw new GitHubException(422, "Validation Failed: conclusion is required when status is completed", null);
    }
    for (AnnotationInfo a : u.annotations() == null ? List.<AnnotationInfo>of() : u.annotations()) {
      if (!LEVELS.contains(a.level())) {
        throw new GitHubException(422, "Validation Failed: annotation_level '" + a.level() + "' is not one of "
            + LEVELS, null);
      }
    }
    run.status = status;
    if (u.conclusion() != null) {
      run.conclusion = u.conclusion();
    }
    if (u.title() != null || u.summary() != null) {
      run.title = u.title();
      run.summary = u.summary();
    }
    if (u.text() != null) {
      run.text = u.text();
    }
    if (u.annotations() != null) {
      run.annotations.addAll(u.annotations()); // GitHub appends annotations on every update
    }
  }

  /** The latest run per app and name on commit {@code sha}. */
  List<CheckRunInfo> forCommit(String sha) {
    Map<String, CheckRun> latest = new LinkedHashMap<>();
    checkRuns.values().stream()
        .filter(r -> r.headSha.equals(sha))
        .sorted(Comparator.comparingLong(r -> r.id))
        .forEach(r -> latest.put(r.appSlug + "/" + r.name, r));
    return latest.values().stream().map(CheckRun::info).toList();
  }

  CheckRunInfo info(long id) {
    return require(id).info();
  }

  List<AnnotationInfo> annotations(long checkRunId) {
    return List.copyOf(require(checkRunId).annotations);
  }

  List<JobInfo> jobsOfRun(long runId) {
    List<JobInfo> ofRun = jobs.values().stream().filter(j -> j.runId() == runId).toList();
    if (ofRun.isEmpty()) {
      throw InMemoryRepoGitHub.notFound(fullName, "workflow run " + runId);
    }
    return ofRun;
  }

  String jobLog(long jobId) {
    String log = jobLogs.get(jobId);
    if (log == null) {
      throw InMemoryRepoGitHub.notFound(fullName, "job " + jobId);
    }
    return log;
  }

  void rerunFailedJobs(long runId) {
    jobsOfRun(runId);
    reruns.add(runId);
  }

  List<Long> rerunRequests() {
    return List.copyOf(reruns);
  }

  private CheckRun require(long id) {
    CheckRun run = checkRuns.get(id);
    if (run == null) {
      throw InMemoryRepoGitHub.notFound(fullName, "check run " + id);
    }
    return run;
  }
}
