package dev.acs.github;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
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

  private final GitHub hub;
  private final GitHubHttp http;
  private final String fullName;
  private final String owner;
  private final String name;
  private final Supplier<String> botLogin;
  private final Supplier<String> pushToken;
  private final Runnable onUnauthorized;
  private final String cacheScope;
  private final HubCalls calls;
  private final HubCheckRuns checks;
  private final HubReviewThreads reviews;
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
    this.calls = new HubCalls(onUnauthorized);
    this.checks = new HubCheckRuns(this::repo, http, calls, fullName);
    this.reviews = new HubReviewThreads(http, owner, name);
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
      repository = calls.call("read repository " + fullName, () -> hub.getRepository(fullName));
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
      GitHubException failure = calls.failure("read permission of " + login + " on " + fullName, e);
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
      GitHubException failure = calls.failure(doing, e);
      if (failure.notFound()) {
        return Optional.empty();
      }
      throw failure;
    }
    if (!content.isFile()) {
      return Optional.empty(); // symlink or submodule: no text of its own
    }
    String encoded = calls.call(doing, content::getEncodedContent);
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
    return calls.call("read issue #" + number + " in " + fullName, () -> new IssueInfo(
        issue.getNumber(), issue.getTitle(), issue.getBody(), issue.getUser().getLogin(),
        issue.getLabels().stream().map(GHLabel::getName).toList(), issue.isPullRequest()));
  }

  @Override
  public List<IssueInfo> openIssuesBy(String login) {
    GHRepository r = repo();
    return calls.call("list open issues by " + login + " in " + fullName, () -> {
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
    return calls.call("open issue '" + title + "' in " + fullName, () -> r.createIssue(title).body(CommentMarker.fit(body)).create().getNumber());
  }

  @Override
  public void updateIssueBody(int number, String body) {
    GHIssue issue = ghIssue(number);
    calls.call("edit the body of issue #" + number + " in " + fullName, () -> {
      issue.setBody(CommentMarker.fit(body));
      return null;
    });
  }

  private GHIssue ghIssue(int number) {
    GHRepository r = repo();
    return calls.call("read issue #" + number + " in " + fullName, () -> r.getIssue(number));
  }

  @Override
  public Optional<Long> markedComment(int issueNumber, String key) {
    return ownMarkedComment(ghIssue(issueNumber), key).map(GHIssueComment::getId);
  }

  private Optional<GHIssueComment> ownMarkedComment(GHIssue issue, String key) {
    String me = botLogin();
    String marker = CommentMarker.of(key);
    return calls.call("list comments of #" + issue.getNumber() + " in " + fullName, () -> {
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
      calls.call("edit comment " + c.getId() + " on #" + issueNumber + " in " + fullName, () -> {
        c.update(body);
        return null;
      });
      return c.getId();
    }
    return calls.call("comment on #" + issueNumber + " in " + fullName, () -> issue.comment(body).getId());
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
    return calls.call("comment on #" + issueNumber + " in " + fullName,
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
      pr = calls.call("open a draft pull request " + head + " → " + base + " in " + fullName,
          () -> r.createPullRequest(title, head, base, CommentMarker.fit(body), true, true));
    } catch (GitHubException e) {
      if (!draftsRefused(e)) {
        throw e;
      }
      // Private repositories on GitHub Free and Pro have no drafts: a ready pull request, and its body says why.
      LOG.info("{} does not allow draft pull requests; opening {} ready for review", fullName, head);
      String ready = DRAFTS_REFUSED_NOTE + "\n\n" + (body == null ? "" : body);
      pr = calls.call("open a pull request " + head + " → " + base + " in " + fullName,
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
      GitHubException failure = calls.failure("read pull request #" + number + " in " + fullName, e);
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
    List<GHPullRequest> open = calls.call(doing,
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
    return calls.call("read pull request #" + pr.getNumber() + " in " + fullName, () -> new PullRequestInfo(
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
    calls.call("update the body of pull request #" + number + " in " + fullName, () -> {
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
    if (!calls.call(doing, pr::isDraft)) {
      return; // already ready; GitHub would answer with an error
    }
    http.graphql("""
        mutation($id: ID!) {
          markPullRequestReadyForReview(input: {pullRequestId: $id}) { pullRequest { id isDraft } }
        }""", Map.of("id", pr.getNodeId()), doing);
  }

  @Override
  public long createCheckRun(String checkName, String headSha, CheckRunUpdate first) {
    return checks.createCheckRun(checkName, headSha, first, null);
  }

  @Override
  public long createCheckRun(String checkName, String headSha, CheckRunUpdate first, String detailsUrl) {
    return checks.createCheckRun(checkName, headSha, first, detailsUrl);
  }

  @Override
  public void updateCheckRun(long checkRunId, CheckRunUpdate update) {
    checks.updateCheckRun(checkRunId, update);
  }

  @Override
  public List<CheckRunInfo> checkRunsForRef(String ref) {
    return checks.checkRunsForRef(ref);
  }

  @Override
  public List<AnnotationInfo> annotations(long checkRunId) {
    return checks.annotations(checkRunId);
  }

  @Override
  public List<JobInfo> jobsOfRun(long runId) {
    return checks.jobsOfRun(runId);
  }

  @Override
  public String jobLog(long jobId) {
    return checks.jobLog(jobId);
  }

  @Override
  public void rerunFailedJobs(long runId) {
    checks.rerunFailedJobs(runId);
  }

  @Override
  public List<ReviewCommentInfo> reviewComments(int pullNumber, long reviewId) {
    return reviews.reviewComments(pullNumber, reviewId);
  }

  @Override
  public long replyToReviewComment(int pullNumber, long commentId, String body) {
    return reviews.replyToReviewComment(pullNumber, commentId, body);
  }

  @Override
  public void resolveThreadOf(int pullNumber, long commentId) {
    reviews.resolveThreadOf(pullNumber, commentId);
  }

  @Override
  public String pushToken() {
    return pushToken.get();
  }

  @Override
  public String toString() {
    return "HubRepoGitHub[" + fullName + "]";
  }
}
