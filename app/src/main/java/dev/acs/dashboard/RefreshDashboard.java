package dev.acs.dashboard;

import dev.acs.github.RepoGitHub;
import dev.acs.pipeline.TaskServices;
import dev.acs.task.Task;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each opted-in repository's dashboard issue up to date. A task's move asks for a refresh
 * ({@link #request}); requests for a repository within {@code interval} of its last edit are
 * coalesced into one edit at the end of the interval, so a busy repository gets at most one edit
 * per interval (GitHub's secondary rate limits punish bursts of writes). The issue is found by the
 * number recorded in the database, else among ACS's own open issues by its hidden marker, else
 * opened; an edit that would not change the text is not sent. Best effort: a refresh that fails is
 * logged and the next task move tries again.
 */
public final class RefreshDashboard implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RefreshDashboard.class);

  /** {@code ACS_DASHBOARD_INTERVAL_SECONDS}: the least time between two edits of one repository's dashboard. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  private final TaskServices services;
  private final DashboardIssues issues;
  private final Duration interval;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private final Map<String, Long> pending = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastEdit = new ConcurrentHashMap<>();
  private final Map<String, Note> notes = new ConcurrentHashMap<>();

  private record Note(String text, Instant until) {}

  /** {@code ACS_DASHBOARD_INTERVAL_SECONDS} (default 10, at least 1). */
  public static Duration interval(dev.acs.config.Env env) {
    int seconds = env.getInt("ACS_DASHBOARD_INTERVAL_SECONDS", (int) DEFAULT_INTERVAL.toSeconds());
    if (seconds < 1) {
      throw new dev.acs.config.ConfigException("ACS_DASHBOARD_INTERVAL_SECONDS must be at least 1, got " + seconds);
    }
    return Duration.ofSeconds(seconds);
  }

  public RefreshDashboard(TaskServices services, DashboardIssues issues, Duration interval, Clock clock) {
    this.services = services;
    this.issues = issues;
    this.interval = interval;
    this.clock = clock;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "acs-dashboard");
      t.setDaemon(true);
      return t;
    });
  }

  /** Refreshes the task's repository's dashboard soon (coalesced); never throws. */
  public void request(Task task) {
    if (task.installationId() == null) {
      return; // the Action's token cannot be reached from here; the dashboard is an App feature
    }
    request(task.repoFullName(), task.installationId());
  }

  /** Refreshes {@code repo}'s dashboard at the end of its interval, once however many ask meanwhile. */
  public void request(String repo, long installationId) {
    if (pending.putIfAbsent(repo, installationId) != null) {
      return;
    }
    Instant last = lastEdit.get(repo);
    long delayMs = last == null ? 0 : Math.max(0, Duration.between(clock.instant(), last.plus(interval)).toMillis());
    try {
      timer.schedule(() -> run(repo), delayMs, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      pending.remove(repo); // shutting down
    }
  }

  /** Shows {@code text} at the top of {@code repo}'s dashboard for the next hour. */
  void note(String repo, String text) {
    notes.put(repo, new Note(text, clock.instant().plus(Duration.ofHours(1))));
  }

  private void run(String repo) {
    Long installation = pending.remove(repo);
    if (installation == null) {
      return;
    }
    lastEdit.put(repo, clock.instant()); // a request made while this refresh runs waits a whole interval
    try {
      refresh(services.github().forRepository(installation, repo));
    } catch (RuntimeException e) {
      log.warn("dashboard issue of {} not refreshed: {}{}", repo, e.toString(),
          e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")");
    }
  }

  /** Brings the dashboard up to date now; returns its issue number, or empty when the repository did not opt in. */
  Optional<Integer> refresh(RepoGitHub github) {
    String repo = github.fullName();
    if (!DashboardSetting.enabled(github)) {
      return Optional.empty();
    }
    Note note = notes.get(repo);
    if (note != null && note.until().isBefore(clock.instant())) {
      notes.remove(repo, note);
      note = null;
    }
    String body = DashboardBody.render(services.tasks().ofRepository(repo, 100), services.links(), clock.instant(),
        note == null ? null : note.text());
    String digest = sha256(body);
    Optional<DashboardIssues.Row> row = issues.find(repo);
    Integer number = row.map(DashboardIssues.Row::number).orElse(null);
    if (number == null) {
      number = github.openIssuesBy(github.botLogin()).stream()
          .filter(i -> i.body() != null && i.body().startsWith(DashboardBody.MARKER)).map(RepoGitHub.IssueInfo::number)
          .findFirst().orElse(null);
    }
    if (number == null) {
      number = github.createIssue(DashboardBody.TITLE, body);
      log.info("opened the dashboard issue #{} of {}", number, repo);
    } else if (row.isPresent() && digest.equals(row.get().bodySha256())) {
      return Optional.of(number); // nothing changed
    } else {
      github.updateIssueBody(number, body);
    }
    Instant now = clock.instant();
    issues.save(repo, number, digest, now);
    lastEdit.put(repo, now);
    return Optional.of(number);
  }

  /** True when no refresh is waiting. */
  boolean idle() {
    return pending.isEmpty();
  }

  /** The recorded dashboard issue of {@code repo}, if there is one. */
  Optional<Integer> issueOf(String repo) {
    return issues.find(repo).map(DashboardIssues.Row::number);
  }

  /** Forgets the digest, so the next refresh writes even an unchanged text (people edited the issue). */
  void invalidate(String repo, int number) {
    issues.save(repo, number, null, clock.instant());
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
