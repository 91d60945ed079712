package dev.acs.command;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the {@code /acs} command in a comment. A command is a line that starts with {@code /acs}
 * (case-insensitive, leading spaces allowed) outside fenced code blocks; quoted lines ({@code >})
 * never count, so quoting someone's command does not run it again. The first command wins.
 */
public final class CommandParser {
  private static final Pattern LINE = Pattern.compile("^\\s*/acs(?:\\s+(\\S+)(?:\\s+(.*))?)?\\s*$", Pattern.CASE_INSENSITIVE);
  private static final int MAX_ARGUMENT = 2000;

  private CommandParser() {}

  public static Optional<AcsCommand> parse(String body) {
    if (body == null || body.isEmpty()) {
      return Optional.empty();
    }
    for (String line : CommentLines.outsideFences(body)) {
      Matcher m = LINE.matcher(line);
      if (m.matches()) {
        return Optional.of(toCommand(m.group(1), m.group(2)));
      }
    }
    return Optional.empty();
  }

  /** For an edited comment: true only when the edit changed the command (or added one). */
  public static boolean changedByEdit(String before, String after) {
    Optional<AcsCommand> now = parse(after);
    if (now.isEmpty()) {
      return false;
    }
    Optional<AcsCommand> was = parse(before);
    return was.isEmpty() || !was.get().sameAs(now.get());
  }

  private static AcsCommand toCommand(String word, String rest) {
    String stripped = rest == null ? "" : rest.strip();
    String argument = stripped.length() > MAX_ARGUMENT ? stripped.substring(0, MAX_ARGUMENT) : stripped;
    if (word == null) {
      return new AcsCommand(AcsCommand.Name.HELP, "", null);
    }
    return AcsCommand.Name.of(word)
        .map(n -> new AcsCommand(n, n == AcsCommand.Name.FIX ? argument : "", null))
        .orElseGet(() -> new AcsCommand(AcsCommand.Name.HELP, "", word));
  }

  /** The reply to /acs help and to unknown commands. */
  public static String helpText(String unknownWord) {
    StringBuilder sb = new StringBuilder();
    if (unknownWord != null) {
      sb.append("`/acs ").append(unknownWord.replace("`", "")).append("` is not a command I know.\n\n");
    }
    sb.append("Commands (one per comment, on a line of its own; people with write access):\n\n");
    for (AcsCommand.Name n : AcsCommand.Name.values()) {
      sb.append("- `/acs ").append(n.word()).append(n == AcsCommand.Name.FIX ? " [instructions]" : "").append("` — ")
          .append(n.help()).append('\n');
    }
    sb.append("\nAssigning the issue to me, or mentioning me in an issue comment, starts work too (unless `.github/acs.yml` turns that off).\n");
    return sb.toString();
  }
}
