package dev.acs.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
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
    Map<String, Object> config,
    Plan plan) {

  /** The contract's original fields, without a plan (for every action but {@code plan}). */
  public PolicyInput(
      String action,
      Repository repository,
      Actor actor,
      Trigger trigger,
      Task task,
      Change change,
      Findings findings,
      Map<String, Object> config) {
    this(action, repository, actor, trigger, task, change, findings, config, null);
  }

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

  /**
   * The event that led here; {@code command} is the /acs command name, or null. {@code fromFork}
   * is true when the event concerns a pull request whose head lives in a fork.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Trigger(String event, String action, String command, boolean fromFork) {
    public Trigger(String event, String action, String command) {
      this(event, action, command, false);
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Task(String id, int issue, int attempt, long tokens, double costUsd, Double budgetUsd) {}

  /**
   * The change to judge. {@code diff} is the unified diff itself: the built-in guardrails scan its
   * added lines for secrets, but it is never serialized, so it never reaches an OPA server or the
   * audit log (see {@link DiffChange} to build a whole Change from a diff).
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Change(
      String branch,
      String base,
      int additions,
      int deletions,
      List<FileChange> files,
      TestIntegrity testIntegrity,
      @JsonIgnore String diff) {

    public Change(
        String branch, String base, int additions, int deletions, List<FileChange> files, TestIntegrity testIntegrity) {
      this(branch, base, additions, deletions, files, testIntegrity, null);
    }

    @JsonIgnore
    @Override
    public String diff() {
      return diff;
    }
  }

  /**
   * {@code status}: added, modified, removed, renamed (GitHub's names for a file in a diff);
   * {@code previousPath}: the old path of a renamed file, else null; {@code submodule}: the path is
   * a git submodule (a gitlink) on either side, sent only when true.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record FileChange(
      String path,
      String status,
      int additions,
      int deletions,
      String previousPath,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean submodule) {
    public FileChange(String path, String status, int additions, int deletions) {
      this(path, status, additions, deletions, null);
    }

    public FileChange(String path, String status, int additions, int deletions, String previousPath) {
      this(path, status, additions, deletions, previousPath, false);
    }
  }

  /**
   * Signals that a change weakens tests to get a green build, computed from the diff by {@link
   * TestIntegritySignals}. {@code details} says where, one line per signal, for the explanation.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record TestIntegrity(
      int testsDeleted,
      int assertionsRemoved,
      int skipsAdded,
      boolean ciConfigChanged,
      int testFilesDeleted,
      boolean testConfigChanged,
      List<String> details) {
    public static final TestIntegrity CLEAN = new TestIntegrity(0, 0, 0, false, 0, false, List.of());

    public TestIntegrity {
      details = details == null ? List.of() : List.copyOf(details);
    }

    public TestIntegrity(int testsDeleted, int assertionsRemoved, int skipsAdded, boolean ciConfigChanged) {
      this(testsDeleted, assertionsRemoved, skipsAdded, ciConfigChanged, 0, false, List.of());
    }

    /** True when no signal fired. */
    @JsonIgnore
    public boolean clean() {
      return testsDeleted == 0
          && assertionsRemoved == 0
          && skipsAdded == 0
          && !ciConfigChanged
          && testFilesDeleted == 0
          && !testConfigChanged;
    }
  }

  /** What a plan intends to change: the repository paths it names (for {@code plan} decisions). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Plan(List<String> files) {
    public Plan {
      files = files == null ? List.of() : List.copyOf(files);
    }
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
