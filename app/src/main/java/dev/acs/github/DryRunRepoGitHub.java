package dev.acs.github;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.acs.config.Json;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads through to another {@link RepoGitHub} (the real one, or an in-memory one) and writes
 * nothing: each write is printed as one line, {@code DRY-RUN POST /repos/o/r/issues/12/comments
 * body: …}, recorded in {@link #writes()}, and answered with a made-up id (from 9,000,000,001 up,
 * far from real ones). Pull requests it pretends to open can be read back, so a pipeline can go on
 * as if they existed. {@link #pushToken()} hands out no token: a dry run must not push.
 */
public final class DryRunRepoGitHub implements RepoGitHub {
  static final int PRINTED_BODY = 200;
  /** What {@link #pushToken()} returns: not a credential, so a push attempt fails at the remote. */
  public static final String NO_PUSH_TOKEN = "dry-run-no-push";

  /** One write ACS would have made; {@code body} in full (the printed line has 200 characters). */
  public record Write(String method, String path, String body) {
    public String line() {
      String line = "DRY-RUN " + method + " " + path;
      if (body == null) {
        return line;
      }
      String oneLine = body.replace("\r", "").replace("\n", "\\n");
      return line + "  body: " + (oneLine.length() <= PRINTED_BODY ? oneLine : oneLine.substring(0, PRINTED_BODY) + "…");
    }
  }

  private final RepoGitHub reads;
  private final PrintStream out;
  private final List<Write> writes = new ArrayList<>();
  private final AtomicLong ids = new AtomicLong(9_000_000_000L);
  private final Map<Integer, PullRequestInfo> pretendPulls = new LinkedHashMap<>();
  private final Map<Integer, String> pretendTitles = new LinkedHashMap<>();

  public DryRunRepoGitHub(RepoGitHub reads, PrintStream out) {
    this.reads = reads;
    this.out = out;
  }

  /** Every write so far, in order. */
  public synchronized List<Write> writes() {
    return List.copyOf(writes);
  }

  private synchronized long record(String method, String tail, String body) {
    // Repository endpoints are given by their tail; "/graphql" and the git push are not under /repos.
    String path = tail.startsWith("/") && !tail.equals("/graphql") ? "/repos/" + fullName() + tail : tail;
    Write w = new Write(method, path, body);
    writes.add(w);
    out.println(w.line());
    return ids.incrementAndGet();
  }

  private static String json(Map<String, ?> body) {
    try {
      return Json.MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a dry-run body", e);
    }
  }

  // ---- reads ----

  @Override
  public String fullName() {
    return reads.fullName();
  }

  @Override
  public String botLogin() {
    return reads.botLogin();
  }

  @Override
  public RepoInfo repository() {
    return reads.repository();
  }

  @Override
  public String permissionOf(String login) {
    return reads.permissionOf(login);
  }

  @Override
  public Optional<RepoGitHub> otherRepository(String fullName) {
    return reads.otherRepository(fullName).map(other -> new DryRunRepoGitHub(other, out));
  }

  @Override
  public Optional<String> cacheScope() {
    return reads.cacheScope();
  }

  @Override
  public Optional<String> readFile(String path, String ref) {
    return reads.readFile(path, ref);
  }

  @Override
  public synchronized IssueInfo issue(int number) {
    PullRequestInfo pretend = pretendPulls.get(number);
    if (pretend != null) {
      return new IssueInfo(number, pretendTitles.get(number), pretend.body(), botLogin(), List.of(), true);
    }
    return reads.issue(number);
  }

  @Override
  public synchronized Optional<Long> markedComment(int issueNumber, String key) {
    return pretendPulls.containsKey(issueNumber) ? Optional.empty() : reads.markedComment(issueNumber, key);
  }

  @Override
  public synchronized Optional<PullRequestInfo> pullRequest(int number) {
    PullRequestInfo pretend = pretendPulls.get(number);
    return pretend != null ? Optional.of(pretend) : reads.pullRequest(number);
  }

  @Override
  public synchronized Optional<PullRequestInfo> openPullRequestForBranch(String branch) {
    for (PullRequestInfo p : pretendPulls.values()) {
      if (p.headRef().equals(branch)) {
        return Optional.of(p);
      }
    }
    return reads.openPullRequestForBranch(branch);
  }

  @Override
  public List<CheckRunInfo> checkRunsForRef(String ref) {
    return reads.checkRunsForRef(ref);
  }

  @Override
  public List<AnnotationInfo> annotations(long checkRunId) {
    return reads.annotations(checkRunId);
  }

  @Override
  public List<JobInfo> jobsOfRun(long runId) {
    return reads.jobsOfRun(runId);
  }

  @Override
  public String jobLog(long jobId) {
    return reads.jobLog(jobId);
  }

  @Override
  public List<ReviewCommentInfo> reviewComments(int pullNumber, long reviewId) {
    return reads.reviewComments(pullNumber, reviewId);
  }

  // ---- writes ----

  @Override
  public long upsertComment(int issueNumber, String key, String markdown) {
    String body = CommentMarker.attach(key, markdown);
    Optional<Long> earlier = markedComment(issueNumber, key);
    if (earlier.isPresent()) {
      record("PATCH", "/issues/comments/" + earlier.get(), body);
      return earlier.get();
    }
    return record("POST", "/issues/" + issueNumber + "/comments", body);
  }

  @Override
  public long editComment(int issueNumber, long commentId, String key, String markdown) {
    record("PATCH", "/issues/comments/" + commentId, CommentMarker.attach(key, markdown));
    return commentId;
  }

  @Override
  public long comment(int issueNumber, String markdown) {
    return record("POST", "/issues/" + issueNumber + "/comments", CommentMarker.fit(markdown));
  }

  @Override
  public void reactToIssueComment(long commentId, String content) {
    record("POST", "/issues/comments/" + commentId + "/reactions", json(Map.of("content", content)));
  }

  @Override
  public void reactToReviewComment(long commentId, String content) {
    record("POST", "/pulls/comments/" + commentId + "/reactions", json(Map.of("content", content)));
  }

  @Override
  public List<IssueInfo> openIssuesBy(String login) {
    return reads.openIssuesBy(login);
  }

  @Override
  public int createIssue(String title, String body) {
    return (int) (record("POST", "/issues", json(Map.of("title", title, "body", body))) % 1_000_000 + 900_000);
  }

  @Override
  public void updateIssueBody(int number, String body) {
    record("PATCH", "/issues/" + number, json(Map.of("body", body)));
  }

  @Override
  public synchronized PullRequestInfo openDraftPullRequest(String title, String head, String base, String body) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("title", title);
    request.put("head", head);
    request.put("base", base);
    request.put("draft", true);
    request.put("body", body);
    int number = (int) (record("POST", "/pulls", json(request)) % 1_000_000 + 900_000);
    PullRequestInfo pretend = new PullRequestInfo(number, "https://github.com/" + fullName() + "/pull/" + number
        + " (dry run)", head, null, base, true, "open", body);
    pretendPulls.put(number, pretend);
    pretendTitles.put(number, title);
    return pretend;
  }

  @Override
  public synchronized void updatePullRequestBody(int number, String body) {
    record("PATCH", "/pulls/" + number, json(Map.of("body", body)));
    PullRequestInfo p = pretendPulls.get(number);
    if (p != null) {
      pretendPulls.put(number, new PullRequestInfo(p.number(), p.url(), p.headRef(), p.headSha(), p.baseRef(),
          p.draft(), p.state(), body));
    }
  }

  @Override
  public synchronized void markReadyForReview(int number) {
    record("POST", "/graphql", "markPullRequestReadyForReview #" + number);
    PullRequestInfo p = pretendPulls.get(number);
    if (p != null) {
      pretendPulls.put(number, new PullRequestInfo(p.number(), p.url(), p.headRef(), p.headSha(), p.baseRef(),
          false, p.state(), p.body()));
    }
  }

  @Override
  public long createCheckRun(String name, String headSha, CheckRunUpdate first) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("name", name);
    request.put("head_sha", headSha);
    request.putAll(checkRunFields(first));
    return record("POST", "/check-runs", json(request));
  }

  @Override
  public void updateCheckRun(long checkRunId, CheckRunUpdate update) {
    record("PATCH", "/check-runs/" + checkRunId, json(checkRunFields(update)));
  }

  private static Map<String, Object> checkRunFields(CheckRunUpdate u) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (u == null) {
      return fields;
    }
    if (u.status() != null) {
      fields.put("status", u.status());
    }
    if (u.conclusion() != null) {
      fields.put("conclusion", u.conclusion());
    }
    Map<String, Object> output = new LinkedHashMap<>();
    if (u.title() != null) {
      output.put("title", u.title());
    }
    if (u.summary() != null) {
      output.put("summary", u.summary());
    }
    if (u.text() != null) {
      output.put("text", u.text());
    }
    if (u.annotations() != null && !u.annotations().isEmpty()) {
      output.put("annotations", u.annotations().size() + " annotations");
    }
    if (!output.isEmpty()) {
      fields.put("output", output);
    }
    return fields;
  }

  @Override
  public void rerunFailedJobs(long runId) {
    record("POST", "/actions/runs/" + runId + "/rerun-failed-jobs", null);
  }

  @Override
  public long replyToReviewComment(int pullNumber, long commentId, String body) {
    return record("POST", "/pulls/" + pullNumber + "/comments/" + commentId + "/replies", CommentMarker.fit(body));
  }

  @Override
  public void resolveThreadOf(int pullNumber, long commentId) {
    record("POST", "/graphql", "resolveReviewThread of review comment " + commentId + " on #" + pullNumber);
  }

  /** Fetching is reading: the real token (the git push itself is skipped, see {@link #dryRun()}). */
  @Override
  public String fetchToken() {
    return reads.pushToken();
  }

  @Override
  public boolean dryRun() {
    return true;
  }

  @Override
  public String pushToken() {
    record("PUSH", "git push to " + fullName() + " withheld (no token in a dry run)", null);
    return NO_PUSH_TOKEN;
  }
}
