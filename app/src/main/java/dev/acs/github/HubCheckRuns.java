package dev.acs.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.github.RepoGitHub.AnnotationInfo;
import dev.acs.github.RepoGitHub.CheckRunInfo;
import dev.acs.github.RepoGitHub.CheckRunUpdate;
import dev.acs.github.RepoGitHub.JobInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.kohsuke.github.GHCheckRun;
import org.kohsuke.github.GHCheckRunBuilder;
import org.kohsuke.github.GHRepository;

/**
 * The checks side of {@link HubRepoGitHub}: ACS's own check runs (created and updated through
 * hub4j, their text redacted and capped), the check runs of a ref, and what GitHub Actions
 * reports behind them (annotations, jobs, job logs, re-runs) over plain REST.
 */
final class HubCheckRuns {
  /** Logs larger than this keep their last part only: the failure is at the end. */
  static final int MAX_LOG_BYTES = 4 * 1024 * 1024;
  /** GitHub's limit for check-run summary and text. */
  private static final int MAX_OUTPUT = 65_535;

  private final Supplier<GHRepository> repo;
  private final GitHubHttp http;
  private final HubCalls calls;
  private final String fullName;
  private final String repoPath;

  HubCheckRuns(Supplier<GHRepository> repo, GitHubHttp http, HubCalls calls, String fullName) {
    this.repo = repo;
    this.http = http;
    this.calls = calls;
    this.fullName = fullName;
    this.repoPath = "/repos/" + fullName;
  }

  long createCheckRun(String checkName, String headSha, CheckRunUpdate first, String detailsUrl) {
    GHRepository r = repo.get();
    GHCheckRunBuilder builder = r.createCheckRun(checkName, headSha);
    if (detailsUrl != null) {
      builder.withDetailsURL(detailsUrl);
    }
    apply(builder, first, checkName);
    return calls.call("create check run " + checkName + " on " + headSha + " in " + fullName, () -> builder.create().getId());
  }

  void updateCheckRun(long checkRunId, CheckRunUpdate update) {
    GHRepository r = repo.get();
    GHCheckRunBuilder builder = r.updateCheckRun(checkRunId);
    apply(builder, update, "ACS");
    calls.call("update check run " + checkRunId + " in " + fullName, builder::create);
  }

  private static void apply(GHCheckRunBuilder builder, CheckRunUpdate u, String defaultTitle) {
    if (u.status() != null) {
      builder.withStatus(GHCheckRun.Status.valueOf(u.status().toUpperCase(Locale.ROOT)));
    }
    if (u.conclusion() != null) {
      builder.withConclusion(GHCheckRun.Conclusion.valueOf(u.conclusion().toUpperCase(Locale.ROOT)));
    }
    boolean hasAnnotations = u.annotations() != null && !u.annotations().isEmpty();
    if (u.title() != null || u.summary() != null || u.text() != null || hasAnnotations) {
      GHCheckRunBuilder.Output output = new GHCheckRunBuilder.Output(
          u.title() == null ? defaultTitle : u.title(), cap(u.summary() == null ? "" : u.summary()));
      if (u.text() != null) {
        output.withText(cap(u.text()));
      }
      if (hasAnnotations) {
        for (AnnotationInfo a : u.annotations()) {
          GHCheckRunBuilder.Annotation annotation = new GHCheckRunBuilder.Annotation(
              a.path(), a.startLine(), Math.max(a.startLine(), a.endLine()),
              GHCheckRun.AnnotationLevel.valueOf(a.level().toUpperCase(Locale.ROOT)), a.message());
          if (a.title() != null) {
            annotation.withTitle(a.title());
          }
          output.add(annotation);
        }
      }
      builder.add(output);
    }
  }

  // Check-run text is public like a comment: masked like one (CommentMarker.fit).
  private static String cap(String text) {
    String s = dev.acs.config.SecretPatterns.redact(text);
    return s.length() <= MAX_OUTPUT ? s : s.substring(0, MAX_OUTPUT - 1) + "…";
  }

  List<CheckRunInfo> checkRunsForRef(String ref) {
    GHRepository r = repo.get();
    return calls.call("list check runs of " + ref + " in " + fullName, () -> {
      List<CheckRunInfo> runs = new ArrayList<>();
      for (GHCheckRun run : r.getCheckRuns(ref)) {
        GHCheckRun.Output out = run.getOutput();
        runs.add(new CheckRunInfo(
            run.getId(), run.getName(), run.getHeadSha(),
            run.getStatus() == null ? null : run.getStatus().name().toLowerCase(Locale.ROOT),
            run.getConclusion() == null ? null : run.getConclusion().name().toLowerCase(Locale.ROOT),
            run.getApp() == null ? null : run.getApp().getSlug(),
            out == null ? null : out.getTitle(),
            out == null ? null : out.getSummary(),
            out == null ? null : out.getText(),
            run.getDetailsUrl() == null ? null : run.getDetailsUrl().toString(),
            run.getCheckSuite() == null ? null : run.getCheckSuite().getId()));
      }
      return runs;
    });
  }

  List<AnnotationInfo> annotations(long checkRunId) {
    List<AnnotationInfo> out = new ArrayList<>();
    for (JsonNode a : http.getAll(repoPath + "/check-runs/" + checkRunId + "/annotations?per_page=100", page -> page,
        "list annotations of check run " + checkRunId + " in " + fullName)) {
      out.add(new AnnotationInfo(
          a.path("path").asText(), a.path("start_line").asInt(), a.path("end_line").asInt(),
          a.path("annotation_level").asText(), a.path("message").asText(), GitHubHttp.textOrNull(a, "title")));
    }
    return out;
  }

  List<JobInfo> jobsOfRun(long runId) {
    List<JobInfo> jobs = new ArrayList<>();
    for (JsonNode j : http.getAll(repoPath + "/actions/runs/" + runId + "/jobs?per_page=100", page -> page.path("jobs"),
        "list jobs of workflow run " + runId + " in " + fullName)) {
      jobs.add(new JobInfo(j.path("id").asLong(), j.path("run_id").asLong(), j.path("name").asText(),
          GitHubHttp.textOrNull(j, "status"), GitHubHttp.textOrNull(j, "conclusion"), GitHubHttp.textOrNull(j, "head_sha")));
    }
    return jobs;
  }

  String jobLog(long jobId) {
    return http.download(repoPath + "/actions/jobs/" + jobId + "/logs", MAX_LOG_BYTES,
        "download the log of job " + jobId + " in " + fullName);
  }

  void rerunFailedJobs(long runId) {
    http.send("POST", repoPath + "/actions/runs/" + runId + "/rerun-failed-jobs", null,
        "re-run failed jobs of workflow run " + runId + " in " + fullName);
  }
}
