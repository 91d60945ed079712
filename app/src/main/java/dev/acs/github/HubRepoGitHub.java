package dev.acs.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.kohsuke.github.GHCheckRun;
import org.kohsuke.github.GHCheckRunBuilder;
import org.kohsuke.github.GHContent;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHIssueComment;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHLabel;
import org.kohsuke.github.GHPermissionType;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RepoGitHub} over GitHub's REST API through hub4j, with plain HTTPS ({@link GitHubHttp})
 * for the endpoints hub4j lacks and for GraphQL (ready-for-review, resolving review threads).
 * Made by {@link GitHubApps}. The repository object is fetched once, on first use, and kept for
 * the life of this instance (one task step).
 */
public final class HubRepoGitHub implements RepoGitHub {
  private static final Logger LOG = LoggerFactory.getLogger(HubRepoGitHub.class);
  /** GitHub logins: letters, digits and single dashes; Apps add "[bot]". */
  private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\\[bot])?");
  private static final Pattern FULL_NAME = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
  static final Set<String> REACTIONS = Set.of("+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes");
  /** Logs larger than this keep their last part only: the failure is at the end. */
  static final int MAX_LOG_BYTES = 4 * 1024 * 1024;
  /** GitHub's limit for check-run summary and text. */
  private static final int MAX_OUTPUT = 65_535;

  private final GitHub hub;
  private final GitHubHttp http;
  private final String fullName;
  private final String owner;
  private final String name;
  private final Supplier<String> botLogin;
  private final Supplier<String> pushToken;
  private final Runnable onUnauthorized;
  private final String cacheScope;
  private GHRepository repository;

  /**
   * @param onUnauthorized run when GitHub answers 401: the token was revoked or expired early, so
   *     the next call should get a fresh one
   */
  HubRepoGitHub(GitHub hub, GitHubHttp http, String fullName, Supplier<String> botLogin, Supplier<String> pushToken,
      Runnable onUnauthorized) {
    this(hub, http, fullName, botLogin, pushToken, onUnauthorized, null);
  }

  /** @param cacheScope who reads and where ({@link #cacheScope}), or null when reads must not be cached */
  HubRepoGitHub(GitHub hub, GitHubHttp http, String fullName, Supplier<String> botLogin, Supplier<String> pushToken,
      Runnable onUnauthorized, String cacheScope) {
    if (fullName == null || !FULL_NAME.matcher(fullName).matches()) {
      throw new IllegalArgumentException("repository must be owner/name, got " + fullName);
    }
    this.hub = hub;
    this.http = http;
    this.fullName = fullName;
    this.owner = fullName.substring(0, fullName.indexOf('/'));
    this.name = fullName.substring(fullName.indexOf('/') + 1);
    this.botLogin = botLogin;
    this.pushToken = pushToken;
    this.onUnauthorized = onUnauthorized;
    this.cacheScope = cacheScope;
  }

  @Override
  public String fullName() {
    return fullName;
  }

  @Override
  public String botLogin() {
    return botLogin.get();
  }

  private synchronized GHRepository repo() {
    if (repository == null) {
      repository = call("read repository " + fullName, () -> hub.getRepository(fullName));
    }
    return repository;
  }

  private String path(String tail) {
    return "/repos/" + owner + "/" + name + tail;
  }

  @Override
  public RepoInfo repository() {
    GHRepository r = repo();
    return new RepoInfo(r.getFullName(), r.isPrivate(), r.isFork(), r.getDefaultBranch(), r.getHttpTransportUrl());
  }

  @Override
  public Optional<RepoGitHub> otherRepository(String otherFullName) {
    return Optional.of(new HubRepoGitHub(hub, http, otherFullName, botLogin, pushToken, onUnauthorized, cacheScope));
  }

  @Override
  public Optional<String> cacheScope() {
    return Optional.ofNullable(cacheScope);
  }

  @Override
  public String permissionOf(String login) {
    if (login == null || !LOGIN.matcher(login).matches()) {
      return "none";
    }
    GHRepository r = repo();
    try {
      GHPermissionType type = r.getPermission(login);
      if (type == null || type == GHPermissionType.UNKNOWN) {
        LOG.warn("GitHub reported a permission ACS does not know for {} on {}; treating it as none", login, fullName);
        return "none";
      }
      return type.name().toLowerCase(Locale.ROOT);
    } catch (IOException e) {
      GitHubException failure = failure("read permission of " + login + " on " + fullName, e);
      if (failure.notFound()) {
        return "none";
      }
      throw failure;
    }
  }

  @Override
  public Optional<String> readFile(String filePath, String ref) {
    checkRepoPath(filePath);
    if (ref == null || ref.isBlank()) {
      throw new IllegalArgumentException("ref must be a branch, tag or SHA");
    }
    GHRepository r = repo();
    String doing = "read " + filePath + " at " + ref + " in " + fullName;
    GHContent content;
    try {
      content = r.getFileContent(filePath, ref);
    } catch (IOException e) {
      if (isListing(e)) {
        return Optional.empty(); // a directory: GitHub answers with a list, not a file
      }
      GitHubException failure = failure(doing, e);
      if (failure.notFound()) {
        return Optional.empty();
      }
      throw failure;
    }
    if (!content.isFile()) {
      return Optional.empty(); // symlink or submodule: no text of its own
    }
    String encoded = call(doing, content::getEncodedContent);
    if ("none".equals(content.getEncoding()) || encoded == null) {
      throw new GitHubException(422, doing + ": the file is larger than the 1 MB the contents API returns", null);
    }
    // GitHub wraps base64 at 60 columns; its documented example even has literal "\n" pairs.
    String base64 = encoded.replace("\\n", "").replaceAll("\\s", "");
    try {
      return Optional.of(new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new GitHubException(200, doing + ": GitHub's content is not valid base64", e);
    }
  }

  private static boolean isListing(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MismatchedInputException m && m.getMessage() != null && m.getMessage().contains("START_ARRAY")) {
        return true;
      }
    }
    return false;
  }

  // The path becomes part of a URL: no way out of the contents endpoint.
  private static void checkRepoPath(String p) {
    if (p == null || p.isBlank() || p.startsWith("/") || p.contains("\\") || p.contains("?") || p.contains("#")) {
      throw new IllegalArgumentException("not a repository file path: " + p);
    }
    for (String segment : p.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("not a repository file path: " + p);
      }
    }
  }

  @Override
  public IssueInfo issue(int number) {
    GHIssue issue = ghIssue(number);
    return call("read issue #" + number + " in " + fullName, () -> new IssueInfo(
        issue.getNumber(), issue.getTitle(), issue.getBody(), issue.getUser().getLogin(),
        issue.getLabels().stream().map(GHLabel::getName).toList(), issue.isPullRequest()));
  }

  @Override
  public List<IssueInfo> openIssuesBy(String login) {
    GHRepository r = repo();
    return call("list open issues by " + login + " in " + fullName, () -> {
      List<IssueInfo> out = new java.util.ArrayList<>();
      for (GHIssue i : r.queryIssues().creator(login).state(org.kohsuke.github.GHIssueState.OPEN).pageSize(100).list()) {
        if (!i.isPullRequest()) {
          out.add(new IssueInfo(i.getNumber(), i.getTitle(), i.getBody(), i.getUser().getLogin(),
              i.getLabels().stream().map(GHLabel::getName).toList(), false));
        }
        if (out.size() >= 100) {
          break;
        }
      }
      return out;
    });
  }

  @Override
  public int createIssue(String title, String body) {
    GHRepository r = repo();
    return call("open issue '" + title + "' in " + fullName, () -> r.createIssue(title).body(CommentMarker.fit(body)).create().getNumber());
  }

  @Override
  public void updateIssueBody(int number, String body) {
    GHIssue issue = ghIssue(number);
    call("edit the body of issue #" + number + " in " + fullName, () -> {
      issue.setBody(CommentMarker.fit(body));
      return null;
    });
  }

  private GHIssue ghIssue(int number) {
    GHRepository r = repo();
    return call("read issue #" + number + " in " + fullName, () -> r.getIssue(number));
  }

  @Override
  public Optional<Long> markedComment(int issueNumber, String key) {
    return ownMarkedComment(ghIssue(issueNumber), key).map(GHIssueComment::getId);
  }

  private Optional<GHIssueComment> ownMarkedComment(GHIssue issue, String key) {
    String me = botLogin();
    String marker = CommentMarker.of(key);
    return call("list comments of #" + issue.getNumber() + " in " + fullName, () -> {
      for (GHIssueComment c : issue.listComments()) {
        if (me.equalsIgnoreCase(c.getUserName()) && c.getBody() != null && c.getBody().contains(marker)) {
          return Optional.of(c);
        }
      }
      return Optional.<GHIssueComment>empty();
    });
  }

  @Override
  public long upsertComment(int issueNumber, String key, String markdown) {
    GHIssue issue = ghIssue(issueNumber);
    String body = CommentMarker.attach(key, markdown);
    Optional<GHIssueComment> earlier = ownMarkedComment(issue, key);
    if (earlier.isPresent()) {
      GHIssueComment c = earlier.get();
      call("edit comment " + c.getId() + " on #" + issueNumber + " in " + fullName, () -> {
        c.update(body);
        return null;
      });
      return c.getId();
    }
    return call("comment on #" + issueNumber + " in " + fullName, () -> issue.comment(body).getId());
  }

  @Override
  public long editComment(int issueNumber, long commentId, String key, String markdown) {
    try {
      http.send("PATCH", path("/issues/comments/" + commentId), Map.of("body", CommentMarker.attach(key, markdown)),
          "edit comment " + commentId + " on #" + issueNumber + " in " + fullName);
      return commentId;
    } catch (GitHubException e) {
      if (!e.notFound()) {
        throw e;
      }
      return upsertComment(issueNumber, key, markdown);
    }
  }

  @Override
  public long comment(int issueNumber, String markdown) {
    GHIssue issue = ghIssue(issueNumber);
    return call("comment on #" + issueNumber + " in " + fullName,
        () -> issue.comment(CommentMarker.fit(markdown)).getId());
  }

  @Override
  public void reactToIssueComment(long commentId, String content) {
    http.send("POST", path("/issues/comments/" + commentId + "/reactions"), Map.of("content", reaction(content)),
        "react " + content + " to comment " + commentId + " in " + fullName);
  }

  @Override
  public void reactToReviewComment(long commentId, String content) {
    http.send("POST", path("/pulls/comments/" + commentId + "/reactions"), Map.of("content", reaction(content)),
        "react " + content + " to review comment " + commentId + " in " + fullName);
  }

  private static String reaction(String content) {
    if (!REACTIONS.contains(content)) {
      throw new IllegalArgumentException("GitHub has no reaction '" + content + "'; use one of " + REACTIONS);
    }
    return content;
  }

  @Override
  public PullRequestInfo openDraftPullRequest(String title, String head, String base, String body) {
    GHRepository r = repo();
    GHPullRequest pr;
    try {
      pr = call("open a draft pull request " + head + " → " + base + " in " + fullName,
          () -> r.createPullRequest(title, head, base, CommentMarker.fit(body), true, true));
    } catch (GitHubException e) {
      if (!draftsRefused(e)) {
        throw e;
      }
      // Private repositories on GitHub Free and Pro have no drafts: a ready pull request, and its body says why.
      LOG.info("{} does not allow draft pull requests; opening {} ready for review", fullName, head);
      String ready = DRAFTS_REFUSED_NOTE + "\n\n" + (body == null ? "" : body);
      pr = call("open a pull request " + head + " → " + base + " in " + fullName,
          () -> r.createPullRequest(title, head, base, CommentMarker.fit(ready), true, false));
    }
    return info(pr);
  }

  /** What opens the body of a pull request that could not be a draft (the flag is {@link PullRequestInfo#draft()} false). */
  public static final String DRAFTS_REFUSED_NOTE = "> [!NOTE]\n> This repository does not allow draft pull requests (GitHub"
      + " answered: \"Draft pull requests are not supported in this repository.\"), so ACS opened this one ready for review."
      + " Treat it as a draft while ACS is still working on it.";

  /** GitHub's answer when a plan has no drafts: 422 "Draft pull requests are not supported in this repository." */
  static boolean draftsRefused(GitHubException e) {
    return e.status() == 422 && String.valueOf(e.getMessage()).contains("Draft pull requests are not supported");
  }

  @Override
  public Optional<PullRequestInfo> pullRequest(int number) {
    return ghPull(number).map(this::info);
  }

  private Optional<GHPullRequest> ghPull(int number) {
    GHRepository r = repo();
    try {
      return Optional.of(r.getPullRequest(number));
    } catch (IOException e) {
      GitHubException failure = failure("read pull request #" + number + " in " + fullName, e);
      if (failure.notFound()) {
        return Optional.empty();
      }
      throw failure;
    }
  }

  @Override
  public Optional<PullRequestInfo> openPullRequestForBranch(String branch) {
    GHRepository r = repo();
    String doing = "find the open pull request of branch " + branch + " in " + fullName;
    // head=owner:branch leaves out forks' branches of the same name.
    List<GHPullRequest> open = call(doing,
        () -> r.queryPullRequests().head(owner + ":" + branch).state(GHIssueState.OPEN).list().toList());
    for (GHPullRequest listed : open) {
      if (branch.equals(listed.getHead().getRef())) {
        // The list omits fields (draft state among them) that the full pull request has.
        return pullRequest(listed.getNumber());
      }
    }
    return Optional.empty();
  }

  private PullRequestInfo info(GHPullRequest pr) {
    return call("read pull request #" + pr.getNumber() + " in " + fullName, () -> new PullRequestInfo(
        pr.getNumber(),
        pr.getHtmlUrl() == null ? null : pr.getHtmlUrl().toString(),
        pr.getHead().getRef(),
        pr.getHead().getSha(),
        pr.getBase().getRef(),
        pr.isDraft(),
        pr.getState() == null ? null : pr.getState().name().toLowerCase(Locale.ROOT),
        pr.getBody()));
  }

  @Override
  public void updatePullRequestBody(int number, String body) {
    GHPullRequest pr = ghPull(number).orElseThrow(() -> missingPull(number));
    call("update the body of pull request #" + number + " in " + fullName, () -> {
      pr.setBody(CommentMarker.fit(body));
      return null;
    });
  }

  private GitHubException missingPull(int number) {
    return new GitHubException(404, "pull request #" + number + " does not exist in " + fullName, null);
  }

  @Override
  public void markReadyForReview(int number) {
    GHPullRequest pr = ghPull(number).orElseThrow(() -> missingPull(number));
    String doing = "mark pull request #" + number + " in " + fullName + " ready for review";
    if (!call(doing, pr::isDraft)) {
      return; // already ready; GitHub would answer with an error
    }
    http.graphql("""
        mutation($id: ID!) {
          markPullRequestReadyForReview(input: {pullRequestId: $id}) { pullRequest { id isDraft } }
        }""", Map.of("id", pr.getNodeId()), doing);
  }

  @Override
  public long createCheckRun(String checkName, String headSha, CheckRunUpdate first) {
    return createCheckRun(checkName, headSha, first, null);
  }

  @Override
  public long createCheckRun(String checkName, String headSha, CheckRunUpdate first, String detailsUrl) {
    GHRepository r = repo();
    GHCheckRunBuilder builder = r.createCheckRun(checkName, headSha);
    if (detailsUrl != null) {
      builder.withDetailsURL(detailsUrl);
    }
    apply(builder, first, checkName);
    return call("create check run " + checkName + " on " + headSha + " in " + fullName, () -> builder.create().getId());
  }

  @Override
  public void updateCheckRun(long checkRunId, CheckRunUpdate update) {
    GHRepository r = repo();
    GHCheckRunBuilder builder = r.updateCheckRun(checkRunId);
    apply(builder, update, "ACS");
    call("update check run " + checkRunId + " in " + fullName, builder::create);
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

  @Override
  public List<CheckRunInfo> checkRunsForRef(String ref) {
    GHRepository r = repo();
    return call("list check runs of " + ref + " in " + fullName, () -> {
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

  @Override
  public List<AnnotationInfo> annotations(long checkRunId) {
    List<AnnotationInfo> out = new ArrayList<>();
    for (JsonNode a : http.getAll(path("/check-runs/" + checkRunId + "/annotations?per_page=100"), page -> page,
        "list annotations of check run " + checkRunId + " in " + fullName)) {
      out.add(new AnnotationInfo(
          a.path("path").asText(), a.path("start_line").asInt(), a.path("end_line").asInt(),
          a.path("annotation_level").asText(), a.path("message").asText(), textOrNull(a, "title")));
    }
    return out;
  }

  @Override
  public List<JobInfo> jobsOfRun(long runId) {
    List<JobInfo> jobs = new ArrayList<>();
    for (JsonNode j : http.getAll(path("/actions/runs/" + runId + "/jobs?per_page=100"), page -> page.path("jobs"),
        "list jobs of workflow run " + runId + " in " + fullName)) {
      jobs.add(new JobInfo(j.path("id").asLong(), j.path("run_id").asLong(), j.path("name").asText(),
          textOrNull(j, "status"), textOrNull(j, "conclusion"), textOrNull(j, "head_sha")));
    }
    return jobs;
  }

  @Override
  public String jobLog(long jobId) {
    return http.download(path("/actions/jobs/" + jobId + "/logs"), MAX_LOG_BYTES,
        "download the log of job " + jobId + " in " + fullName);
  }

  @Override
  public void rerunFailedJobs(long runId) {
    http.send("POST", path("/actions/runs/" + runId + "/rerun-failed-jobs"), null,
        "re-run failed jobs of workflow run " + runId + " in " + fullName);
  }

  @Override
  public List<ReviewCommentInfo> reviewComments(int pullNumber, long reviewId) {
    List<ReviewCommentInfo> out = new ArrayList<>();
    for (JsonNode c : http.getAll(path("/pulls/" + pullNumber + "/reviews/" + reviewId + "/comments?per_page=100"),
        page -> page, "list comments of review " + reviewId + " on #" + pullNumber + " in " + fullName)) {
      out.add(new ReviewCommentInfo(
          c.path("id").asLong(), textOrNull(c, "node_id"),
          textOrNull(c.path("user"), "login"), textOrNull(c.path("user"), "type"),
          c.path("body").asText(""), textOrNull(c, "path"),
          intOrNull(c, "line"), intOrNull(c, "original_line"),
          textOrNull(c, "diff_hunk"), textOrNull(c, "commit_id"),
          c.hasNonNull("in_reply_to_id") ? c.get("in_reply_to_id").asLong() : null));
    }
    return out;
  }

  @Override
  public long replyToReviewComment(int pullNumber, long commentId, String body) {
    JsonNode reply = http.send("POST", path("/pulls/" + pullNumber + "/comments/" + commentId + "/replies"),
        Map.of("body", CommentMarker.fit(body)),
        "reply to review comment " + commentId + " on #" + pullNumber + " in " + fullName);
    return reply.path("id").asLong();
  }

  static final String THREADS_QUERY = """
      query($owner: String!, $name: String!, $number: Int!, $after: String) {
        repository(owner: $owner, name: $name) {
          pullRequest(number: $number) {
            reviewThreads(first: 50, after: $after) {
              pageInfo { hasNextPage endCursor }
              nodes { id isResolved comments(first: 100) { nodes { id fullDatabaseId } } }
            }
          }
        }
      }""";

  static final String RESOLVE_MUTATION = """
      mutation($threadId: ID!) {
        resolveReviewThread(input: {threadId: $threadId}) { thread { id isResolved } }
      }""";

  @Override
  public void resolveThreadOf(int pullNumber, long commentId) {
    String doing = "resolve the review thread of comment " + commentId + " on #" + pullNumber + " in " + fullName;
    String after = null;
    for (int page = 0; page < 20; page++) {
      Map<String, Object> vars = new LinkedHashMap<>();
      vars.put("owner", owner);
      vars.put("name", name);
      vars.put("number", pullNumber);
      vars.put("after", after);
      JsonNode threads = http.graphql(THREADS_QUERY, vars, doing).path("repository").path("pullRequest").path("reviewThreads");
      if (threads.isMissingNode() || threads.isNull()) {
        throw new GitHubException(404, doing + ": no such pull request", null);
      }
      for (JsonNode thread : threads.path("nodes")) {
        for (JsonNode c : thread.path("comments").path("nodes")) {
          // fullDatabaseId is the REST id (BigInt, sent as a string); databaseId overflows past 2^31.
          if (String.valueOf(commentId).equals(c.path("fullDatabaseId").asText())) {
            if (!thread.path("isResolved").asBoolean()) {
              http.graphql(RESOLVE_MUTATION, Map.of("threadId", thread.path("id").asText()), doing);
            }
            return;
          }
        }
      }
      if (!threads.path("pageInfo").path("hasNextPage").asBoolean()) {
        break;
      }
      after = threads.path("pageInfo").path("endCursor").asText();
    }
    throw new GitHubException(404, doing + ": no review thread holds that comment", null);
  }

  @Override
  public String pushToken() {
    return pushToken.get();
  }

  private static String textOrNull(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Integer intOrNull(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asInt();
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws IOException;
  }

  private GitHubException failure(String doing, IOException e) {
    GitHubException failure = GitHubErrors.from(doing, e);
    if (failure.status() == 401) {
      onUnauthorized.run();
    }
    return failure;
  }

  private <T> T call(String doing, Call<T> call) {
    try {
      return call.run();
    } catch (IOException e) {
      throw failure(doing, e);
    } catch (GitHubException e) {
      throw e;
    } catch (RuntimeException e) {
      // hub4j wraps paging failures in GHException (unchecked)
      if (e.getCause() instanceof IOException io) {
        throw failure(doing, io);
      }
      throw e;
    }
  }

  @Override
  public String toString() {
    return "HubRepoGitHub[" + fullName + "]";
  }
}
