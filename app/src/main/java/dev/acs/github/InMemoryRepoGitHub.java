package dev.acs.github;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A whole repository on a pretend GitHub, in memory: the offline demo and the pipeline's unit tests
 * run against it. It behaves like GitHub where ACS depends on it: ids and numbers only grow, pull
 * requests share the issue numbers, a new pull request is a draft until marked ready, ACS edits
 * only its own marked comments, check runs keep appending annotations, {@code checkRunsForRef}
 * gives the latest run per name, and mistakes GitHub refuses (unknown issue, bad reaction, second
 * open pull request for a branch, reply to a reply) fail with the status GitHub would send.
 *
 * <p>Setup methods ({@code add…}, {@code put…}, {@code set…}) stand for what people and other
 * apps do; inspection methods ({@code comments}, {@code reactions…}, {@code isResolved}, …) let a
 * test see what ACS did. Thread-safe.
 */
public final class InMemoryRepoGitHub implements RepoGitHub {
  public static final String DEFAULT_BOT = "acs[bot]";

  /** A conversation comment as GitHub stores it. */
  public record Comment(long id, int issue, String author, String body) {}

  private final RepoInfo info;
  private final String botLogin;
  private long nextId = 1000;
  private int nextNumber = 1;
  private final Map<Integer, Issue> issues = new TreeMap<>();
  private final Map<Long, Comment> comments = new LinkedHashMap<>();
  private final Map<Long, Set<String>> issueCommentReactions = new HashMap<>();
  private final Map<Long, Set<String>> reviewCommentReactions = new HashMap<>();
  private final Map<Integer, Pull> pulls = new TreeMap<>();
  private final Map<String, String> branchHeads = new HashMap<>();
  private final InMemoryCheckRuns checks;
  private final InMemoryReviewThreads reviews;
  private final Map<String, String> permissions = new HashMap<>();
  private final Map<String, Map<String, String>> files = new HashMap<>();

  private static final class Issue {
    final int number;
    final String title;
    String body;
    final String author;
    final List<String> labels;
    final boolean pull;

    Issue(int number, String title, String body, String author, List<String> labels, boolean pull) {
      this.number = number;
      this.title = title;
      this.body = body;
      this.author = author;
      this.labels = new ArrayList<>(labels);
      this.pull = pull;
    }
  }

  private static final class Pull {
    final int number;
    final String head;
    final String base;
    String body;
    boolean draft = true;
    String state = "open";

    Pull(int number, String head, String base, String body) {
      this.number = number;
      this.head = head;
      this.base = base;
      this.body = body;
    }
  }

  public InMemoryRepoGitHub(RepoInfo info, String botLogin) {
    this.info = info;
    this.botLogin = botLogin;
    this.checks = new InMemoryCheckRuns(info.fullName(), () -> nextId++);
    this.reviews = new InMemoryReviewThreads(info.fullName(), () -> nextId++);
  }

  /** A public repository with default branch {@code main}, ACS acting as {@code acs[bot]}. */
  public static InMemoryRepoGitHub of(String fullName) {
    return new InMemoryRepoGitHub(
        new RepoInfo(fullName, false, false, "main", "https://github.com/" + fullName + ".git"), DEFAULT_BOT);
  }

  // ---- setup: what people and other apps do ----

  /** Opens an issue; returns its number. */
  public synchronized int addIssue(String title, String body, String author, String... labels) {
    int number = nextNumber++;
    issues.put(number, new Issue(number, title, body, author, List.of(labels), false));
    return number;
  }

  /** Someone's comment on an issue or pull request; returns its id. */
  public synchronized long addComment(int issueNumber, String author, String body) {
    requireIssue(issueNumber);
    long id = nextId++;
    comments.put(id, new Comment(id, issueNumber, author, body));
    return id;
  }

  public synchronized void setPermission(String login, String permission) {
    permissions.put(login.toLowerCase(Locale.ROOT), permission);
  }

  /** A file's text at a ref (branch name, tag or SHA, as ACS will ask for it). */
  public synchronized void putFile(String ref, String path, String text) {
    files.computeIfAbsent(ref, r -> new HashMap<>()).put(path, text);
  }

  /** Where a branch points (after a push): pull requests and check-run lookups by branch follow it. */
  public synchronized void setBranchHead(String branch, String sha) {
    branchHeads.put(branch, sha);
  }

  /** A check run by another app (CI), e.g. {@code addCheckRun("github-actions", "build", sha, completed(…))}. */
  public synchronized long addCheckRun(String appSlug, String name, String headSha, CheckRunUpdate state) {
    return checks.create(appSlug, name, headSha, state);
  }

  /**
   * A GitHub Actions job as GitHub shows it: a check run of the {@code github-actions} App whose id
   * is the job's id and whose details link to {@code …/actions/runs/<runId>/job/<id>}, plus the
   * job with its log. Returns the id.
   */
  public synchronized long addActionsJob(long runId, String name, String headSha, CheckRunUpdate state, String log) {
    return checks.addActionsJob(runId, name, headSha, state, log);
  }

  /** The line of a review comment changed since: GitHub then reports no current line, only the original one. */
  public synchronized void makeOutdated(long reviewCommentId) {
    reviews.makeOutdated(reviewCommentId);
  }

  /** A finished Actions job with its log; returns the job id. */
  public synchronized long addJob(long runId, String name, String conclusion, String headSha, String log) {
    return checks.addJob(runId, name, conclusion, headSha, log);
  }

  /** A reviewer's comment on a diff line; {@code inReplyTo} null for a thread's first comment. */
  public synchronized long addReviewComment(
      int pullNumber, long reviewId, String author, String body, String path, int line, Long inReplyTo) {
    Pull pull = requirePull(pullNumber);
    return reviews.add(pullNumber, reviewId, author, body, path, line, inReplyTo, head(pull));
  }

  // ---- inspection: what ACS did ----

  public synchronized List<Comment> comments(int issueNumber) {
    return comments.values().stream().filter(c -> c.issue() == issueNumber).toList();
  }

  public synchronized Set<String> reactionsOnIssueComment(long commentId) {
    return Set.copyOf(issueCommentReactions.getOrDefault(commentId, Set.of()));
  }

  public synchronized Set<String> reactionsOnReviewComment(long commentId) {
    return Set.copyOf(reviewCommentReactions.getOrDefault(commentId, Set.of()));
  }

  /** Whether the thread holding this review comment was resolved. */
  public synchronized boolean isResolved(long reviewCommentId) {
    return reviews.isResolved(reviewCommentId);
  }

  public synchronized List<Long> rerunRequests() {
    return checks.rerunRequests();
  }

  public synchronized CheckRunInfo checkRun(long id) {
    return checks.info(id);
  }

  /** ACS's replies (and everyone's) in the thread of a review comment, in order. */
  public synchronized List<ReviewCommentInfo> thread(long reviewCommentId) {
    return reviews.thread(reviewCommentId);
  }

  public synchronized List<PullRequestInfo> pullRequests() {
    return pulls.values().stream().map(this::info).toList();
  }

  // ---- RepoGitHub ----

  @Override
  public String fullName() {
    return info.fullName();
  }

  @Override
  public String botLogin() {
    return botLogin;
  }

  @Override
  public RepoInfo repository() {
    return info;
  }

  @Override
  public synchronized String permissionOf(String login) {
    return login == null ? "none" : permissions.getOrDefault(login.toLowerCase(Locale.ROOT), "none");
  }

  @Override
  public synchronized Optional<String> readFile(String path, String ref) {
    Map<String, String> atRef = files.get(ref);
    return Optional.ofNullable(atRef == null ? null : atRef.get(path));
  }

  @Override
  public synchronized IssueInfo issue(int number) {
    Issue i = requireIssue(number);
    return new IssueInfo(i.number, i.title, i.body, i.author, List.copyOf(i.labels), i.pull);
  }

  @Override
  public synchronized List<IssueInfo> openIssuesBy(String login) {
    List<IssueInfo> out = new ArrayList<>();
    for (Issue i : issues.values()) {
      if (!i.pull && i.author.equalsIgnoreCase(login)) {
        out.addFirst(new IssueInfo(i.number, i.title, i.body, i.author, List.copyOf(i.labels), false));
      }
    }
    return out;
  }

  @Override
  public synchronized int createIssue(String title, String body) {
    int number = nextNumber++;
    issues.put(number, new Issue(number, title, body, botLogin, List.of(), false));
    return number;
  }

  @Override
  public synchronized void updateIssueBody(int number, String body) {
    requireIssue(number).body = body;
  }

  @Override
  public synchronized Optional<Long> markedComment(int issueNumber, String key) {
    requireIssue(issueNumber);
    return comments.values().stream()
        .filter(c -> c.issue() == issueNumber && c.author().equalsIgnoreCase(botLogin)
            && CommentMarker.carries(c.body(), key))
        .map(Comment::id)
        .findFirst();
  }

  @Override
  public synchronized long upsertComment(int issueNumber, String key, String markdown) {
    String body = CommentMarker.attach(key, markdown);
    Optional<Long> earlier = markedComment(issueNumber, key);
    if (earlier.isPresent()) {
      long id = earlier.get();
      comments.put(id, new Comment(id, issueNumber, botLogin, body));
      return id;
    }
    return addComment(issueNumber, botLogin, body);
  }

  @Override
  public synchronized long editComment(int issueNumber, long commentId, String key, String markdown) {
    Comment earlier = comments.get(commentId);
    if (earlier == null || earlier.issue() != issueNumber || !botLogin.equals(earlier.author())) {
      return upsertComment(issueNumber, key, markdown);
    }
    comments.put(commentId, new Comment(commentId, issueNumber, botLogin, CommentMarker.attach(key, markdown)));
    return commentId;
  }

  @Override
  public synchronized long comment(int issueNumber, String markdown) {
    return addComment(issueNumber, botLogin, CommentMarker.fit(markdown));
  }

  @Override
  public synchronized void reactToIssueComment(long commentId, String content) {
    checkReaction(content);
    if (!comments.containsKey(commentId)) {
      throw notFound(info.fullName(), "issue comment " + commentId);
    }
    issueCommentReactions.computeIfAbsent(commentId, id -> new LinkedHashSet<>()).add(content);
  }

  @Override
  public synchronized void reactToReviewComment(long commentId, String content) {
    checkReaction(content);
    if (!reviews.contains(commentId)) {
      throw notFound(info.fullName(), "review comment " + commentId);
    }
    reviewCommentReactions.computeIfAbsent(commentId, id -> new LinkedHashSet<>()).add(content);
  }

  private static void checkReaction(String content) {
    if (!HubRepoGitHub.REACTIONS.contains(content)) {
      throw new GitHubException(422, "Validation Failed: content '" + content + "' is not a reaction", null);
    }
  }

  @Override
  public synchronized PullRequestInfo openDraftPullRequest(String title, String head, String base, String body) {
    if (title == null || title.isBlank()) {
      throw new GitHubException(422, "Validation Failed: title is missing", null);
    }
    if (head.equals(base)) {
      throw new GitHubException(422, "Validation Failed: No commits between " + base + " and " + head, null);
    }
    if (openPull(head).isPresent()) {
      throw new GitHubException(422, "Validation Failed: A pull request already exists for "
          + owner() + ":" + head + ".", null);
    }
    int number = nextNumber++;
    issues.put(number, new Issue(number, title, body, botLogin, List.of(), true));
    Pull pull = new Pull(number, head, base, CommentMarker.fit(body));
    pulls.put(number, pull);
    return info(pull);
  }

  @Override
  public synchronized Optional<PullRequestInfo> pullRequest(int number) {
    return Optional.ofNullable(pulls.get(number)).map(this::info);
  }

  @Override
  public synchronized Optional<PullRequestInfo> openPullRequestForBranch(String branch) {
    return openPull(branch).map(this::info);
  }

  private Optional<Pull> openPull(String branch) {
    return pulls.values().stream().filter(p -> p.head.equals(branch) && p.state.equals("open")).findFirst();
  }

  @Override
  public synchronized void updatePullRequestBody(int number, String body) {
    Pull pull = requirePull(number);
    pull.body = CommentMarker.fit(body);
    issues.get(number).body = pull.body;
  }

  @Override
  public synchronized void markReadyForReview(int number) {
    requirePull(number).draft = false;
  }

  /** Closes a pull request, as a person would. */
  public synchronized void closePullRequest(int number) {
    requirePull(number).state = "closed";
  }

  /** Reopens a closed pull request, as a person would. */
  public synchronized void reopenPullRequest(int number) {
    requirePull(number).state = "open";
  }

  @Override
  public synchronized long createCheckRun(String name, String headSha, CheckRunUpdate first) {
    return checks.create(botLogin.replace("[bot]", ""), name, headSha, first);
  }

  @Override
  public synchronized void updateCheckRun(long checkRunId, CheckRunUpdate update) {
    checks.update(checkRunId, update);
  }

  @Override
  public synchronized List<CheckRunInfo> checkRunsForRef(String ref) {
    return checks.forCommit(branchHeads.getOrDefault(ref, ref));
  }

  @Override
  public synchronized List<AnnotationInfo> annotations(long checkRunId) {
    return checks.annotations(checkRunId);
  }

  @Override
  public synchronized List<JobInfo> jobsOfRun(long runId) {
    return checks.jobsOfRun(runId);
  }

  @Override
  public synchronized String jobLog(long jobId) {
    return checks.jobLog(jobId);
  }

  @Override
  public synchronized void rerunFailedJobs(long runId) {
    checks.rerunFailedJobs(runId);
  }

  @Override
  public synchronized List<ReviewCommentInfo> reviewComments(int pullNumber, long reviewId) {
    requirePull(pullNumber);
    return reviews.ofReview(pullNumber, reviewId);
  }

  @Override
  public synchronized long replyToReviewComment(int pullNumber, long commentId, String body) {
    return reviews.reply(pullNumber, commentId, botLogin, body);
  }

  @Override
  public synchronized void resolveThreadOf(int pullNumber, long commentId) {
    reviews.resolveThreadOf(pullNumber, commentId);
  }

  /** The token a git server in a test or the demo expects for pushes. */
  public synchronized void setPushToken(String token) {
    this.pushToken = token;
  }

  @Override
  public synchronized String pushToken() {
    return pushToken;
  }

  private String pushToken = "in-memory-push-token";

  // ---- internals ----

  private String owner() {
    return info.fullName().substring(0, info.fullName().indexOf('/'));
  }

  private String head(Pull pull) {
    return branchHeads.get(pull.head);
  }

  private PullRequestInfo info(Pull p) {
    return new PullRequestInfo(p.number, "https://github.com/" + info.fullName() + "/pull/" + p.number,
        p.head, head(p), p.base, p.draft, p.state, p.body);
  }

  private Issue requireIssue(int number) {
    Issue i = issues.get(number);
    if (i == null) {
      throw notFound(info.fullName(), "issue #" + number);
    }
    return i;
  }

  private Pull requirePull(int number) {
    Pull p = pulls.get(number);
    if (p == null) {
      throw notFound(info.fullName(), "pull request #" + number);
    }
    return p;
  }

  /** What GitHub answers for something {@code repo} does not have. */
  static GitHubException notFound(String repo, String what) {
    return new GitHubException(404, "Not Found: " + what + " in " + repo, null);
  }
}
