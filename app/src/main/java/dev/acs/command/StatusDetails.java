package dev.acs.command;

import dev.acs.config.RepoConfig;
import dev.acs.pipeline.AskQuestions;
import dev.acs.task.Task;
import dev.acs.task.TaskState;
import dev.acs.task.TaskStore;
import java.util.List;
import java.util.Map;

/**
 * The parts of {@code /acs status} about questions and settings: what a waiting task waits for, and the
 * repository's settings as ACS uses them (merged through {@code _extends}) with where each came from.
 */
final class StatusDetails {
  private StatusDetails() {}

  static String waiting(TaskStore store, Task task) {
    if (task.state() != TaskState.WAITING_FOR_ANSWER) {
      return "";
    }
    return AskQuestions.lastAsked(store, task).map(a -> "\n⏳ " + AskQuestions.waitingLine(a)
        + " (the issue's author or someone with write access answers in a comment).\n").orElse("");
  }

  static String settings(RepoConfig.Loaded loaded, String repo) {
    StringBuilder sb = new StringBuilder("\n<details><summary>Settings (<code>.github/acs.yml</code>");
    boolean extended = loaded.sources().values().stream().anyMatch(s -> !s.equals(repo));
    sb.append(extended ? ", merged with what it extends" : "").append(")</summary>\n\n| setting | value | from |\n|---|---|---|\n");
    flatten("", loaded.config().toMap(), loaded.sources(), sb);
    sb.append("\n</details>\n");
    for (String p : loaded.extendsProblems()) {
      sb.append("\n⚠️ ").append(p).append('\n');
    }
    return sb.toString();
  }

  private static void flatten(String prefix, Map<String, Object> map, Map<String, String> sources, StringBuilder sb) {
    for (Map.Entry<String, Object> e : map.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> inner) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) inner;
        flatten(key + ".", m, sources, sb);
        continue;
      }
      String value = e.getValue() == null ? "—" : e.getValue() instanceof List<?> l ? l.toString() : String.valueOf(e.getValue());
      sb.append("| `").append(key).append("` | ").append(cell(value)).append(" | ")
          .append(sources.getOrDefault(key, "default")).append(" |\n");
    }
  }

  private static String cell(String value) {
    String v = value.replace("|", "\\|").replace("<", "&lt;").replace("\n", " ");
    return v.length() > 80 ? v.substring(0, 79) + "…" : v;
  }
}
