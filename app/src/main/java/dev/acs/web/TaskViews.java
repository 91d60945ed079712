package dev.acs.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.agent.Budget;
import dev.acs.agent.Transcript;
import dev.acs.config.ConfigException;
import dev.acs.config.Json;
import dev.acs.pipeline.StartTask;
import dev.acs.policy.PolicyDecisionLog;
import dev.acs.task.Task;
import dev.acs.task.TaskEvent;
import dev.acs.task.TaskListing;
import dev.acs.task.TaskState;
import dev.acs.task.TaskStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the pages and the API read about tasks, always through a {@link Viewer}: a task whose
 * repository the viewer cannot read is not there (empty, so the caller answers 404, never 403),
 * and lists leave it out before paging.
 */
public final class TaskViews {
  /** The plan as stored with the task ({@code plan_json}). */
  public record PlanView(String summary, List<String> steps, List<String> files, List<String> risks, String verification) {}

  /** One policy decision with its reasons. */
  public record DecisionView(PolicyDecisionLog.Entry entry, List<String> deny, List<String> warn) {}

  private final TaskStore store;
  private final TaskListing listing;
  private final PolicyDecisionLog decisions;
  private final Path transcriptDir;
  private final Budget budget;
  private final String githubWeb;

  public TaskViews(TaskStore store, TaskListing listing, PolicyDecisionLog decisions, Path transcriptDir, Budget budget) {
    this(store, listing, decisions, transcriptDir, budget, "https://github.com");
  }

  /** @param githubWeb GitHub's web address for the issue and pull request links (GitHub Enterprise: {@code https://HOST}) */
  public TaskViews(TaskStore store, TaskListing listing, PolicyDecisionLog decisions, Path transcriptDir, Budget budget, String githubWeb) {
    this.githubWeb = githubWeb.endsWith("/") ? githubWeb.substring(0, githubWeb.length() - 1) : githubWeb;
    this.store = store;
    this.listing = listing;
    this.decisions = decisions;
    this.transcriptDir = transcriptDir;
    this.budget = budget;
  }

  /** The issue's page on GitHub. */
  public String issueUrl(Task t) {
    return githubWeb + "/" + t.repoFullName() + "/issues/" + t.issueNumber();
  }

  /** The pull request's page on GitHub, or null when the task has none. */
  public String pullRequestUrl(Task t) {
    return t.prNumber() == null ? null : githubWeb + "/" + t.repoFullName() + "/pull/" + t.prNumber();
  }

  /** The server's budget per task (a repository's {@code .github/acs.yml} may set less). */
  public Budget budget() {
    return budget;
  }

  /** The repositories with tasks that this viewer may read, sorted. */
  public List<String> repositories(Viewer viewer) {
    return listing.repositories().stream().filter(r -> viewer.admin() || viewer.canRead(r)).toList();
  }

  public TaskListing.Page page(Viewer viewer, TaskListing.Filter filter, int offset, int limit) {
    return listing.page(repositories(viewer), filter, offset, limit);
  }

  /** The task, if it exists and the viewer may read its repository. */
  public Optional<Task> task(Viewer viewer, String id) {
    if (id == null || id.length() > 64) {
      return Optional.empty();
    }
    return store.find(id).filter(t -> viewer.admin() || viewer.canRead(t.repoFullName()));
  }

  /** What started each task's latest run (its {@link StartTask#TRIGGER_EVENT} event), by task id. */
  public Map<String, String> triggers(List<Task> tasks) {
    return listing.latestSummaries(tasks.stream().map(Task::id).toList(), StartTask.TRIGGER_EVENT);
  }

  public List<TaskEvent> events(Task task) {
    return store.events(task.id());
  }

  public List<TaskEvent> eventsAfter(Task task, long afterId) {
    return listing.eventsAfter(task.id(), afterId);
  }

  /** Re-reads a task the viewer was already shown (for live updates). */
  public Optional<Task> reload(Task task) {
    return store.find(task.id());
  }

  public List<DecisionView> decisions(Task task) {
    List<DecisionView> out = new ArrayList<>();
    for (PolicyDecisionLog.Entry e : decisions.forTask(task.id())) {
      JsonNode result = readJson(e.resultJson());
      out.add(new DecisionView(e, texts(result.path("deny")), texts(result.path("warn"))));
    }
    return out;
  }

  public Optional<PlanView> plan(Task task) {
    if (task.planJson() == null) {
      return Optional.empty();
    }
    JsonNode n = readJson(task.planJson());
    return Optional.of(new PlanView(n.path("summary").asText(""), texts(n.path("steps")), texts(n.path("files")),
        texts(n.path("risks")), n.path("verification").asText("")));
  }

  /**
   * The newest transcript of the task: runs write {@code <task id>-<time>[-n].json} after each
   * model phase, each a whole copy, so the file written last holds everything said so far.
   */
  public Optional<Path> transcriptFile(Task task) {
    if (!Files.isDirectory(transcriptDir)) {
      return Optional.empty();
    }
    String prefix = task.id() + "-";
    try (Stream<Path> files = Files.list(transcriptDir)) {
      return files.filter(f -> f.getFileName().toString().startsWith(prefix) && f.getFileName().toString().endsWith(".json"))
          .max(Comparator.comparing(TaskViews::modified).thenComparing(Path::toString));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list transcripts in " + transcriptDir, e);
    }
  }

  /** The session's entries, or none when there is no transcript yet or it cannot be read. */
  public List<Transcript.Entry> session(Task task) {
    Optional<Path> file = transcriptFile(task);
    if (file.isEmpty()) {
      return List.of();
    }
    try {
      return Transcript.read(file.get()).entries();
    } catch (ConfigException e) {
      // A transcript being written right now may be cut short; the next look sees it whole.
      return List.of();
    }
  }

  /**
   * What the task is waiting for, in a few words for people; "working" while a run holds it.
   * States added by other features show their own name.
   */
  public static String waitingFor(Task task, java.time.Instant now) {
    TaskState s = task.state();
    if (s.ended()) {
      return "nothing: the task ended " + s;
    }
    if (task.leased(now)) {
      return TaskStore.QUEUED.equals(task.leaseOwner()) ? "a worker to pick up its queued job" : "nothing: ACS is working on it now";
    }
    return switch (s.name()) {
      case "NEW" -> "a worker to pick up the plan job";
      case "PLANNED" -> "approval of the plan (/acs approve or the Approve button)";
      case "IMPLEMENTING", "REPAIRING" -> "a worker to continue the run";
      case "PR_OPEN" -> "CI checks and reviews on pull request #" + task.prNumber();
      case "WAITING_FOR_ANSWER" -> "an answer to ACS's question on issue #" + task.issueNumber();
      default -> s.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    };
  }

  private static JsonNode readJson(String text) {
    try {
      return text == null ? Json.MAPPER.missingNode() : Json.MAPPER.readTree(text);
    } catch (IOException e) {
      return Json.MAPPER.missingNode();
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array.isArray()) {
      array.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  private static java.nio.file.attribute.FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return java.nio.file.attribute.FileTime.fromMillis(0);
    }
  }
}
