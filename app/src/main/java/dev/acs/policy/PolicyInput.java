package dev.acs.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * The input document of {@code data.acs.decision}, field for field as in the design contract
 * (docs/policies.md). Fields may be added, never renamed: organisations' policies read them.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PolicyInput(
    String action,
    Repository repository,
    Actor actor,
    Trigger trigger,
    Task task,
    Change change,
    Findings findings,
    Map<String, Object> config) {

  /** The actions ACS asks about. */
  public static final List<String> ACTIONS = List.of("plan", "push", "open_pr", "ready_for_review", "command");

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Repository(String fullName, boolean private_, boolean fork, String defaultBranch) {
    // "private" is a Java keyword; the JSON name is fixed by the contract.
    @com.fasterxml.jackson.annotation.JsonProperty("private")
    public boolean private_() {
      return private_;
    }
  }

  /** {@code permission}: admin, maintain, write, triage, read or none (GitHub's names). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Actor(String login, String type, String permission) {}

  /** The event that led here; {@code command} is the /acs command name, or null. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Trigger(String event, String action, String command) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Task(String id, int issue, int attempt, long tokens, double costUsd, Double budgetUsd) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Change(
      String branch,
      String base,
      int additions,
      int deletions,
      List<FileChange> files,
      TestIntegrity testIntegrity) {}

  /** {@code status}: added, modified, removed, renamed (GitHub's names for a file in a diff). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record FileChange(String path, String status, int additions, int deletions) {}

  /** Signals that a change weakens tests to get a green build; computed from the diff. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record TestIntegrity(int testsDeleted, int assertionsRemoved, int skipsAdded, boolean ciConfigChanged) {
    public static final TestIntegrity CLEAN = new TestIntegrity(0, 0, 0, false);
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Findings(List<Finding> new_) {
    public static final Findings NONE = new Findings(List.of());

    @com.fasterxml.jackson.annotation.JsonProperty("new")
    public List<Finding> new_() {
      return new_;
    }
  }

  /** {@code severity}: high, medium or low. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Finding(String tool, String rule, String severity, String path, int line, String message) {}
}
