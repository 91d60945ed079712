package dev.acs.pipeline;

import dev.acs.agent.CodingResult;
import dev.acs.agent.Spend;

/** Why a coder run that did not finish stopped, in words for an issue comment or a terminal. */
final class CodingStops {
  private CodingStops() {}

  static String reason(CodingResult r, Spend spend) {
    return switch (r.status()) {
      case BUDGET_EXCEEDED -> "the task reached its budget (" + spend.summary() + "); raise `budget` in `.github/acs.yml` to allow more";
      case STEP_LIMIT -> "the model used all its steps or kept repeating itself (" + TaskReports.oneLine(r.summary()) + ")";
      case MODEL_ERROR -> "the model failed: " + TaskReports.oneLine(r.summary());
      case NO_CHANGES -> "the model finished without changing any file";
      case GAVE_UP -> "the model gave up: " + TaskReports.oneLine(r.summary());
      default -> r.status().name();
    };
  }
}
