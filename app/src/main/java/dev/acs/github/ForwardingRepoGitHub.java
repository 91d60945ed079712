package dev.acs.github;

import java.util.List;
import java.util.Optional;

/**
 * A {@link RepoGitHub} that hands every call to another one; subclasses change the few calls they
 * care about (e.g. the Action's settings overlay on {@code .github/acs.yml}).
 */
public abstract class ForwardingRepoGitHub implements RepoGitHub {
  private final RepoGitHub target;

  protected ForwardingRepoGitHub(RepoGitHub target) {
    this.target = target;
  }

  protected RepoGitHub target() {
    return target;
  }

  @Override
  public String fullName() {
    return target.fullName();
  }

  @Override
  public String botLogin() {
    return target.botLogin();
  }

  @Override
  public RepoInfo repository() {
    return target.repository();
  }

  @Override
  public Optional<RepoGitHub> otherRepository(String fullName) {
    return target.otherRepository(fullName);
  }

  @Override
  public Optional<String> cacheScope() {
    return target.cacheScope();
  }

  @Override
  public String permissionOf(String login) {
    return target.permissionOf(login);
  }

  @Override
  public Optional<String> readFile(String path, String ref) {
    return target.readFile(path, ref);
  }

  @Override
  public IssueInfo issue(int number) {
    return target.issue(number);
  }

  @Override
  public Optional<Long> markedComment(int issueNumber, String key) {
    return target.markedComment(issueNumber, key);
  }

  @Override
  public long upsertComment(int issueNumber, String key, String markdown) {
    return target.upsertComment(issueNumber, key, markdown);
  }

  @Override
  public long editComment(int issueNumber, long commentId, String key, String markdown) {
    return target.editComment(issueNumber, commentId, key, markdown);
  }

  @Override
  public long comment(int issueNumber, String markdown) {
    return target.comment(issueNumber, markdown);
  }

  @Override
  public void reactToIssueComment(long commentId, String content) {
    target.reactToIssueComment(commentId, content);
  }

  @Override
  public void reactToReviewComment(long commentId, String content) {
    target.reactToReviewComment(commentId, content);
  }

  @Override
  public PullRequestInfo openDraftPullRequest(String title, String head, String base, String body) {
    return target.openDraftPullRequest(title, head, base, body);
  }

  @Override
  public Optional<PullRequestInfo> pullRequest(int number) {
    return target.pullRequest(number);
  }

  @Override
  public Optional<PullRequestInfo> openPullRequestForBranch(String branch) {
    return target.openPullRequestForBranch(branch);
  }

  @Override
  public void updatePullRequestBody(int number, String body) {
    target.updatePullRequestBody(number, body);
  }

  @Override
  public void markReadyForReview(int number) {
    target.markReadyForReview(number);
  }

  @Override
  public long createCheckRun(String name, String headSha, CheckRunUpdate first) {
    return target.createCheckRun(name, headSha, first);
  }

  @Override
  public long createCheckRun(String name, String headSha, CheckRunUpdate first, String detailsUrl) {
    // Without a link it is the plain call, so that a subclass that wraps only that one sees it.
    return detailsUrl == null ? createCheckRun(name, headSha, first) : target.createCheckRun(name, headSha, first, detailsUrl);
  }

  @Override
  public void updateCheckRun(long checkRunId, CheckRunUpdate update) {
    target.updateCheckRun(checkRunId, update);
  }

  @Override
  public List<CheckRunInfo> checkRunsForRef(String ref) {
    return target.checkRunsForRef(ref);
  }

  @Override
  public List<AnnotationInfo> annotations(long checkRunId) {
    return target.annotations(checkRunId);
  }

  @Override
  public List<JobInfo> jobsOfRun(long runId) {
    return target.jobsOfRun(runId);
  }

  @Override
  public String jobLog(long jobId) {
    return target.jobLog(jobId);
  }

  @Override
  public void rerunFailedJobs(long runId) {
    target.rerunFailedJobs(runId);
  }

  @Override
  public List<ReviewCommentInfo> reviewComments(int pullNumber, long reviewId) {
    return target.reviewComments(pullNumber, reviewId);
  }

  @Override
  public long replyToReviewComment(int pullNumber, long commentId, String body) {
    return target.replyToReviewComment(pullNumber, commentId, body);
  }

  @Override
  public void resolveThreadOf(int pullNumber, long commentId) {
    target.resolveThreadOf(pullNumber, commentId);
  }

  @Override
  public String pushToken() {
    return target.pushToken();
  }

  @Override
  public String fetchToken() {
    return target.fetchToken();
  }

  @Override
  public boolean dryRun() {
    return target.dryRun();
  }

  @Override
  public List<IssueInfo> openIssuesBy(String login) {
    return target.openIssuesBy(login);
  }

  @Override
  public int createIssue(String title, String body) {
    return target.createIssue(title, body);
  }

  @Override
  public void updateIssueBody(int number, String body) {
    target.updateIssueBody(number, body);
  }
}
