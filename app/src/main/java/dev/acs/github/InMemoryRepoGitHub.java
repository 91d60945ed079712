package dev.acs.github;

import java.util.ArrayList;
import java.util.Comparator;
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
  static final Set<String> STATUSES = Set.of("queued", "in_progress", "completed");
  static final Set<String> CONCLUSIONS =
      Set.of("action_required", "cancelled", "failure", "neutral", "success", "skipped", "stale", "timed_out");
  static final Set<String> LEVELS = Set.of("notice", "warning", "failure");

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
  private final Map<Long, CheckRun> checkRuns = new LinkedHashMap<>();
  private final Map<String, Long> suites = new HashMap<>();
  private final Map<Long, JobInfo> jobs = new LinkedHashMap<>();
  private final Map<Long, String> jobLogs = new HashMap<>();
  private final List<Long> reruns = new ArrayList<>();
  private final Map<Long, ReviewCommentInfo> reviewComments = new LinkedHashMap<>();
  private final Map<Long, Integer> reviewCommentPulls = new HashMap<>();
  private final Map<Long, Long> reviewIds = new HashMap<>();
  private final Set<Long> resolvedThreads = new LinkedHashSet<>();
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

  public InMemoryRepoGitHub(RepoInfo info, String botLogin) {
    this.info = info;
    this.botLogin = botLogin;
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
    return newCheckRun(appSlug, name, headSha, state);
  }

  /**
   * A GitHub Actions job as GitHub shows it: a check run of the {@code github-actions} App whose id
   * is the job's id and whose details link to {@code …/actions/runs/<runId>/job/<id>}, plus the
   * job with its log. Returns the id.
   */
  public synchronized long addActionsJob(long runId, String name, String headSha, CheckRunUpdate state, String log) {
    long id = newCheckRun("github-actions", name, headSha, state);
    CheckRun run = checkRuns.get(id);
    run.detailsUrl = "https://github.com/" + info.fullName() + "/actions/runs/" + runId + "/job/" + id;
    jobs.put(id, new JobInfo(id, runId, name, run.status, run.conclusion, headSha));
    jobLogs.put(id, log);
    return id;
  }

  /** The line of a review comment changed since: GitHub then reports no current line, only the original one. */
  public synchronized void makeOutdated(long reviewCommentId) {
    ReviewCommentInfo c = reviewComments.get(reviewCommentId);
    if (c == null) {
      throw notFound("review comment " + reviewCommentId);
    }
    reviewComments.put(reviewCommentId, new ReviewCommentInfo(c.id(), c.nodeId(), c.author(), c.authorType(), c.body(), c.path(), null,
        c.originalLine(), c.diffHunk(), c.commitId(), c.inReplyTo()));
  }

  /** A finished Actions job with its log; returns the job id. */
  public synchronized long addJob(long runId, String name, String conclusion, String headSha, String log) {
    long id = nextId++;
    jobs.put(id, new JobInfo(id, runId, name, "completed", conclusion, headSha));
    jobLogs.put(id, log);
    return id;
  }

  /** A reviewer's comment on a diff line; {@code inReplyTo} null for a thread's first comment. */
  public synchronized long addReviewComment(
      int pullNumber, long reviewId, String author, String body, String path, int line, Long inReplyTo) {
    Pull pull = requirePull(pullNumber);
    long id = nextId++;
    reviewComments.put(id, new ReviewCommentInfo(id, "PRRC_" + id, author, "User", body, path, line, line,
        "@@ -" + line + " +" + line + " @@", head(pull), inReplyTo));
    reviewCommentPulls.put(id, pullNumber);
    reviewIds.put(id, reviewId);
    return id;
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
    return resolvedThreads.contains(threadRoot(reviewCommentId));
  }

  public synchronized List<Long> rerunRequests() {
    return List.copyOf(reruns);
  }

  public synchronized CheckRunInfo checkRun(long id) {
    return requireCheckRun(id).info();
  }

  /** ACS's replies (and everyone's) in the thread of a review comment, in order. */
  public synchronized List<ReviewCommentInfo> thread(long reviewCommentId) {
    long root = threadRoot(reviewCommentId);
    return reviewComments.values().stream()
        .filter(c -> c.id() == root || Long.valueOf(root).equals(c.inReplyTo()))
        .toList();
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
      throw notFound("issue comment " + commentId);
    }
    issueCommentReactions.computeIfAbsent(commentId, id -> new LinkedHashSet<>()).add(content);
  }

  @Override
  public synchronized void reactToReviewComment(long commentId, String content) {
    checkReaction(content);
    if (!reviewComments.containsKey(commentId)) {
      throw notFound("review comment " + commentId);
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
    return newCheckRun(botLogin.replace("[bot]", ""), name, headSha, first);
  }

  private long newCheckRun(String appSlug, String name, String headSha, CheckRunUpdate state) {
    if (name == null || name.isBlank() || headSha == null || headSha.isBlank()) {
      throw new GitHubException(422, "Validation Failed: name and head_sha are required", null);
    }
    CheckRun run = new CheckRun(nextId++, name, headSha, appSlug,
        suites.computeIfAbsent(appSlug + "@" + headSha, k -> nextId++));
    run.status = "queued";
    apply(run, state);
    checkRuns.put(run.id, run);
    return run.id;
  }

  @Override
  public synchronized void updateCheckRun(long checkRunId, CheckRunUpdate update) {
    apply(requireCheckRun(checkRunId), update);
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

  @Override
  public synchronized List<CheckRunInfo> checkRunsForRef(String ref) {
    String sha = branchHeads.getOrDefault(ref, ref);
    Map<String, CheckRun> latest = new LinkedHashMap<>();
    checkRuns.values().stream()
        .filter(r -> r.headSha.equals(sha))
        .sorted(Comparator.comparingLong(r -> r.id))
        .forEach(r -> latest.put(r.appSlug + "/" + r.name, r));
    return latest.values().stream().map(CheckRun::info).toList();
  }

  @Override
  public synchronized List<AnnotationInfo> annotations(long checkRunId) {
    return List.copyOf(requireCheckRun(checkRunId).annotations);
  }

  @Override
  public synchronized List<JobInfo> jobsOfRun(long runId) {
    List<JobInfo> ofRun = jobs.values().stream().filter(j -> j.runId() == runId).toList();
    if (ofRun.isEmpty()) {
      throw notFound("workflow run " + runId);
    }
    return ofRun;
  }

  @Override
  public synchronized String jobLog(long jobId) {
    String log = jobLogs.get(jobId);
    if (log == null) {
      throw notFound("job " + jobId);
    }
    return log;
  }

  @Override
  public synchronized void rerunFailedJobs(long runId) {
    jobsOfRun(runId);
    reruns.add(runId);
  }

  @Override
  public synchronized List<ReviewCommentInfo> reviewComments(int pullNumber, long reviewId) {
    requirePull(pullNumber);
    List<ReviewCommentInfo> out = new ArrayList<>();
    reviewComments.forEach((id, c) -> {
      if (onPull(id, pullNumber) && reviewIds.getOrDefault(id, -1L) == reviewId) {
        out.add(c);
      }
    });
    return out;
  }

  @Override
  public synchronized long replyToReviewComment(int pullNumber, long commentId, String body) {
    ReviewCommentInfo parent = reviewComments.get(commentId);
    if (parent == null || !onPull(commentId, pullNumber)) {
      throw notFound("review comment " + commentId + " on #" + pullNumber);
    }
    if (parent.inReplyTo() != null) {
      throw new GitHubException(422, "Validation Failed: replies to replies are not supported; reply to the"
          + " thread's first comment " + parent.inReplyTo(), null);
    }
    long id = nextId++;
    reviewComments.put(id, new ReviewCommentInfo(id, "PRRC_" + id, botLogin, "Bot", CommentMarker.fit(body),
        parent.path(), parent.line(), parent.originalLine(), parent.diffHunk(), parent.commitId(), commentId));
    reviewCommentPulls.put(id, pullNumber);
    return id;
  }

  @Override
  public synchronized void resolveThreadOf(int pullNumber, long commentId) {
    if (!reviewComments.containsKey(commentId) || !onPull(commentId, pullNumber)) {
      throw notFound("review thread of comment " + commentId + " on #" + pullNumber);
    }
    resolvedThreads.add(threadRoot(commentId));
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

  private long threadRoot(long commentId) {
    ReviewCommentInfo c = reviewComments.get(commentId);
    return c == null || c.inReplyTo() == null ? commentId : c.inReplyTo();
  }

  private boolean onPull(long reviewCommentId, int pullNumber) {
    return Integer.valueOf(pullNumber).equals(reviewCommentPulls.get(reviewCommentId));
  }

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
      throw notFound("issue #" + number);
    }
    return i;
  }

  private Pull requirePull(int number) {
    Pull p = pulls.get(number);
    if (p == null) {
      throw notFound("pull request #" + number);
    }
    return p;
  }

  private CheckRun requireCheckRun(long id) {
    CheckRun run = checkRuns.get(id);
    if (run == null) {
      throw notFound("check run " + id);
    }
    return run;
  }

  private GitHubException notFound(String what) {
    return new GitHubException(404, "Not Found: " + what + " in " + info.fullName(), null);
  }
}
