package dev.acs.web;

import dev.acs.task.Task;
import dev.acs.task.TaskEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** What the task page template shows (see {@code task.jte}). */
public record TaskPage(
    String login,
    String csrf,
    Task task,
    String issueUrl,
    String pullRequestUrl,
    String waitingFor,
    boolean live,
    TaskViews.PlanView plan,
    boolean planDone,
    List<TaskEvent> events,
    List<TaskViews.DecisionView> decisions,
    String budget,
    int spendPercent,
    List<SessionView.Item> session,
    List<Button> actions,
    String flash,
    String logoutPath) {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  /** A POST button: {@code path} is the last part of the form's action. */
  public record Button(String path, String label, String description) {}

  public String heading() {
    return task.title() == null || task.title().isBlank() ? "Task for issue #" + task.issueNumber() : task.title();
  }

  public String stateClass() {
    return stateClass(task);
  }

  public String spend() {
    return spend(task);
  }

  public long lastEventId() {
    return events.isEmpty() ? 0 : events.get(events.size() - 1).id();
  }

  public static String stateClass(Task task) {
    return task.state().name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static String spend(Task task) {
    return "$" + task.costUsd().setScale(4, RoundingMode.HALF_UP).toPlainString() + " · " + String.format(Locale.ROOT, "%,d", task.tokens()) + " tokens";
  }

  /** The share of the dollar budget spent, 0 to 100. */
  public static int percent(BigDecimal spent, BigDecimal budget) {
    if (budget.signum() <= 0) {
      return spent.signum() > 0 ? 100 : 0;
    }
    return spent.multiply(BigDecimal.valueOf(100)).divide(budget, 0, RoundingMode.HALF_UP).min(BigDecimal.valueOf(100)).intValue();
  }

  public static String clock(Instant at) {
    return CLOCK.format(at);
  }

  /** "just now", "4 min ago", "3 h ago", "2 days ago". */
  public static String age(Instant at, Instant now) {
    Duration d = Duration.between(at, now);
    if (d.toMinutes() < 1) {
      return "just now";
    }
    if (d.toHours() < 1) {
      return d.toMinutes() + " min ago";
    }
    if (d.toDays() < 1) {
      return d.toHours() + " h ago";
    }
    return d.toDays() + (d.toDays() == 1 ? " day ago" : " days ago");
  }
}
