package dev.acs.pipeline;

import dev.acs.agent.CodingResult;
import dev.acs.agent.CodingStatus;
import dev.acs.policy.PolicyInput;
import dev.acs.workspace.ChangeSummary;
import dev.acs.workspace.Workspace;
import java.util.List;

/**
 * Static analysis's new findings in the changed files go back to the model once: the round shared
 * by the App's work on a branch ({@link Cycle}) and local mode ({@link LocalRun}). They differ in
 * what the change is (committed on the branch, or still in the working tree), in how they tell what
 * happens, and in which of the model's answers they accept; that is their {@link Side}.
 */
final class FindingsFeedback {
  static final String ASK = "Static analysis (PMD, and SpotBugs where the code was built) found new problems in the files you changed."
      + " Fix them without changing behaviour:\n";

  /** The caller's part of the round. */
  interface Side {
    /** The change as it stands now. */
    ChangeSummary change();

    /** Says that these findings go back to the model. */
    void sendBack(StaticAnalysis.Result found);

    /** The model's run on the findings; null when that run ended the work (the caller has said why). */
    CodingResult fix(String feedback);

    /** The model fixed the findings (its run finished with a change); before they are looked for again. */
    default void fixed(CodingResult fix) {}

    /** The model left the findings (changed nothing or gave up): true when its earlier change stands, false to stop. */
    boolean left(CodingResult fix);
  }

  /**
   * Where the round ended: the change and its new findings as they now stand, and the model run that
   * made the change; {@code stopped} when the work ends here, with {@code coding} the run that ended
   * it (null when {@link Side#fix} already dealt with it).
   */
  record Round(ChangeSummary change, StaticAnalysis.Result found, CodingResult coding, boolean stopped) {}

  private FindingsFeedback() {}

  /** {@code coding} is the model's finished run that made the change as it stands. */
  static Round once(StaticAnalysis analysis, Workspace ws, String base, CodingResult coding, Side side) {
    ChangeSummary change = side.change();
    StaticAnalysis.Result found = analysis.newFindings(ws, base, paths(change));
    if (found.findings().isEmpty()) {
      return new Round(change, found, coding, false);
    }
    side.sendBack(found);
    CodingResult fix = side.fix(ASK + found.describe());
    if (fix == null) {
      return new Round(change, found, null, true);
    }
    if (fix.status() != CodingStatus.FINISHED) {
      // The change the model made before stands, with the findings taken on it.
      return side.left(fix) ? new Round(change, found, coding, false) : new Round(change, found, fix, true);
    }
    side.fixed(fix);
    ChangeSummary fixed = side.change();
    return new Round(fixed, analysis.newFindings(ws, base, paths(fixed)), fix, false);
  }

  static List<String> paths(ChangeSummary change) {
    return change.files().stream().map(PolicyInput.FileChange::path).toList();
  }
}
