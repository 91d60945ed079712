package dev.acs.dashboard;

import dev.acs.pipeline.TaskLinks;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of a repository's dashboard issue, and the boxes people ticked in it. Open tasks get a
 * box that stops them; tasks that failed, were stopped or were blocked get one that retries them.
 * Each box carries the task's id in a hidden marker, so the edit GitHub sends back says which task
 * was meant, whatever the title says. The text is the same for the same tasks (no clock in it),
 * so a refresh that would change nothing is not sent.
 */
public final class DashboardBody {
  /** The issue's title when ACS opens it. */
  public static final String TITLE = "ACS dashboard";
  /** The hidden marker on the issue's first line: how ACS finds its dashboard again. */
  public static final String MARKER = "<!-- acs:dashboard -->";
  static final int RECENT = 10;

  private static final Pattern TICKED =
      Pattern.compile("(?m)^\\s*[-*]\\s+\\[[xX]]\\s+<!-- acs-task:([0-9a-f-]{36}):(stop|retry) -->");

  /** What a ticked box asks for. */
  public enum Action {
    STOP,
    RETRY
  }

  /** One ticked box: the task it names and what it asks. */
  public record Tick(String taskId, Action action) {}

  private DashboardBody() {}

  /**
   * The dashboard for {@code tasks} (the repository's, most recently changed first), with {@code
   * note} (may be null) said at the top.
   */
  public static String render(List<Task> tasks, TaskLinks links, Instant now, String note) {
    StringBuilder md = new StringBuilder(MARKER).append('\n');
    md.append("## ACS dashboard\n\n");
    md.append("What ACS is doing in this repository, kept up to date by ACS. Tick a box to act on a task: **stop** an open one, "
        + "**retry** one that failed, was stopped or was blocked. Only people with write access steer ACS here; "
        + "other ticks are undone.\n\n");
    if (note != null && !note.isBlank()) {
      md.append("> ").append(note.strip().replace("\n", " ")).append("\n\n");
    }
    List<Task> open = tasks.stream().filter(t -> !t.state().ended()).toList();
    List<Task> ended = tasks.stream().filter(t -> t.state().ended()).limit(RECENT).toList();
    md.append("### Open tasks\n\n");
    if (open.isEmpty()) {
      md.append("_None._\n");
    }
    for (Task t : open) {
      md.append("- [ ] <!-- acs-task:").append(t.id()).append(":stop --> ").append(line(t, links)).append(" · tick to **stop**\n");
    }
    md.append("\n### Recent results\n\n");
    if (ended.isEmpty()) {
      md.append("_None yet._\n");
    }
    for (Task t : ended) {
      if (t.state() == TaskState.DONE) {
        md.append("- ✅ ").append(line(t, links)).append('\n');
      } else {
        md.append("- [ ] <!-- acs-task:").append(t.id()).append(":retry --> ").append(line(t, links)).append(failure(t))
            .append(" · tick to **retry**\n");
      }
    }
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Instant monthStart = today.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    List<Task> thisMonth = tasks.stream().filter(t -> t.updatedAt() != null && !t.updatedAt().isBefore(monthStart)).toList();
    BigDecimal spend = thisMonth.stream().map(Task::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
    md.append("\n### Spend this month\n\n**$").append(spend.setScale(2, RoundingMode.HALF_UP).toPlainString()).append("** in ")
        .append(today.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH)).append(' ').append(today.getYear())
        .append(" over ").append(thisMonth.size()).append(thisMonth.size() == 1 ? " task" : " tasks")
        .append(" (the model cost ACS recorded for the tasks that changed this month).\n");
    return md.toString();
  }

  /** The boxes ticked in {@code body}, in order, each task once. */
  public static List<Tick> ticked(String body) {
    List<Tick> ticks = new ArrayList<>();
    if (body == null) {
      return ticks;
    }
    Matcher m = TICKED.matcher(body);
    while (m.find()) {
      Tick t = new Tick(m.group(1), Action.valueOf(m.group(2).toUpperCase(Locale.ROOT)));
      if (ticks.stream().noneMatch(x -> x.taskId().equals(t.taskId()))) {
        ticks.add(t);
      }
    }
    return ticks;
  }

  private static String line(Task t, TaskLinks links) {
    StringBuilder s = new StringBuilder("#").append(t.issueNumber()).append(' ').append(plain(t.title()))
        .append(" — `").append(t.state()).append('`');
    if (t.prNumber() != null) {
      s.append(", pull request #").append(t.prNumber());
    }
    links.taskPage(t.id()).ifPresent(url -> s.append(", [task page](").append(url).append(')'));
    if (t.costUsd() != null && t.costUsd().signum() > 0) {
      s.append(", $").append(t.costUsd().setScale(2, RoundingMode.HALF_UP).toPlainString());
    }
    return s.toString();
  }

  private static String failure(Task t) {
    return t.lastFailure() == null || t.lastFailure().isBlank() ? "" : ": " + plain(t.lastFailure());
  }

  /**
   * Issue titles and failure texts are other people's words: one line, no HTML comment (a title
   * must not smuggle in a box marker), no markdown that could break the list, short.
   */
  static String plain(String text) {
    if (text == null) {
      return "";
    }
    String s = text.replaceAll("\\s+", " ").strip().replace("<", "&lt;").replace(">", "&gt;").replace("[", "\\[").replace("]", "\\]")
        .replace("`", "'");
    return s.length() > 120 ? s.substring(0, 119) + "…" : s;
  }
}
