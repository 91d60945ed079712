package dev.acs.pipeline;

import dev.acs.github.ForwardingRepoGitHub;
import dev.acs.github.RepoGitHub;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The in-memory GitHub with faults a test arms: the next call(s) of a named method throw what
 * the real client throws (a {@link dev.acs.github.GitHubException} with GitHub's status), or a
 * callback runs first (a check completing while ACS publishes). Per instance, armed by the test.
 */
public final class FaultyGitHub extends ForwardingRepoGitHub {
  private final Map<String, Deque<RuntimeException>> failures = new HashMap<>();
  private final Map<String, Consumer<Object[]>> before = new HashMap<>();

  public FaultyGitHub(RepoGitHub target) {
    super(target);
  }

  /** The next call of {@code method} throws {@code e} (arm several times for several calls). */
  public synchronized FaultyGitHub failNext(String method, RuntimeException e) {
    failures.computeIfAbsent(method, k -> new ArrayDeque<>()).add(e);
    return this;
  }

  /** Runs {@code action} (with the call's arguments) before every call of {@code method}. */
  public synchronized FaultyGitHub before(String method, Consumer<Object[]> action) {
    before.put(method, action);
    return this;
  }

  private void enter(String method, Object... args) {
    RuntimeException e;
    Consumer<Object[]> action;
    synchronized (this) {
      Deque<RuntimeException> q = failures.get(method);
      e = q == null ? null : q.poll();
      action = before.get(method);
    }
    if (action != null) {
      action.accept(args);
    }
    if (e != null) {
      throw e;
    }
  }

  @Override
  public long createCheckRun(String name, String headSha, CheckRunUpdate first) {
    enter("createCheckRun", name, headSha, first);
    return target().createCheckRun(name, headSha, first);
  }

  @Override
  public PullRequestInfo openDraftPullRequest(String title, String head, String base, String body) {
    enter("openDraftPullRequest", title, head, base, body);
    return target().openDraftPullRequest(title, head, base, body);
  }

  @Override
  public void markReadyForReview(int number) {
    enter("markReadyForReview", number);
    target().markReadyForReview(number);
  }

  @Override
  public IssueInfo issue(int number) {
    enter("issue", number);
    return target().issue(number);
  }

  @Override
  public long replyToReviewComment(int pullNumber, long commentId, String body) {
    enter("replyToReviewComment", pullNumber, commentId, body);
    return target().replyToReviewComment(pullNumber, commentId, body);
  }
}
