package dev.acs.pipeline;

import dev.acs.github.RepoGitHub.CheckRunInfo;
import java.util.List;
import java.util.Set;

/**
 * What the check runs on one commit say, all of them together: still running, all passed, some
 * failed (worth a repair), or finished in a way ACS neither repairs nor calls green (a check that
 * needs a person, one cancelled when cancelled checks are not repaired). ACS's own {@code ACS}
 * check run is left out: it reports on ACS's work and must not trigger more of it.
 *
 * <p>One check event is only a nudge: whichever of the many events for a commit arrives, the
 * verdict is taken from all runs on the commit, so the outcome does not depend on event order.
 */
public record HeadChecks(Verdict verdict, List<CheckRunInfo> considered, List<CheckRunInfo> failing) {

  public enum Verdict {
    /** No check run besides ACS's own: nothing to judge yet. */
    NONE,
    /** Some run has not completed: wait for its event. */
    PENDING,
    /** Every run completed and passed (success, neutral or skipped). */
    GREEN,
    /** Every run completed and at least one failed: {@link #failing()}. */
    FAILING,
    /** Every run completed, none failed, but some ended in a way that is not a pass (action_required, stale, cancelled). */
    NOT_GREEN
  }

  static final Set<String> PASSED = Set.of("success", "neutral", "skipped");
  static final Set<String> FAILED = Set.of("failure", "timed_out");

  /**
   * @param runs the latest run of each check on the commit
   * @param ownAppSlug the slug of the App ACS acts as ({@code acs} for {@code acs[bot]})
   * @param cancelledFails whether a cancelled run counts as failed ({@code repair_cancelled})
   */
  public static HeadChecks of(List<CheckRunInfo> runs, String ownAppSlug, boolean cancelledFails) {
    List<CheckRunInfo> considered = runs.stream().filter(r -> !isOwn(r, ownAppSlug)).toList();
    if (considered.isEmpty()) {
      return new HeadChecks(Verdict.NONE, considered, List.of());
    }
    if (considered.stream().anyMatch(r -> !"completed".equals(r.status()))) {
      return new HeadChecks(Verdict.PENDING, considered, List.of());
    }
    List<CheckRunInfo> failing = considered.stream().filter(r -> failed(r.conclusion(), cancelledFails)).toList();
    if (!failing.isEmpty()) {
      return new HeadChecks(Verdict.FAILING, considered, failing);
    }
    boolean allPassed = considered.stream().allMatch(r -> PASSED.contains(r.conclusion()));
    return new HeadChecks(allPassed ? Verdict.GREEN : Verdict.NOT_GREEN, considered, List.of());
  }

  public static boolean failed(String conclusion, boolean cancelledFails) {
    return FAILED.contains(conclusion) || cancelledFails && "cancelled".equals(conclusion);
  }

  /** ACS's own check run, named {@code ACS} and made by ACS's App (in the Action: by github-actions). */
  public static boolean isOwn(CheckRunInfo run, String ownAppSlug) {
    return TaskPipeline.CHECK_NAME.equals(run.name()) && (run.appSlug() == null || run.appSlug().equals(ownAppSlug));
  }

  /** {@code acs[bot]} → {@code acs}: a GitHub App's bot account is its slug with {@code [bot]}. */
  public static String appSlugOf(String botLogin) {
    return botLogin.endsWith("[bot]") ? botLogin.substring(0, botLogin.length() - "[bot]".length()) : botLogin;
  }

  /** "build, lint": the names of the failing runs, for comments and commit subjects. */
  public String failingNames() {
    return String.join(", ", failing.stream().map(CheckRunInfo::name).distinct().toList());
  }
}
