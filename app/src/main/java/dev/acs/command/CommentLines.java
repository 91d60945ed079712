package dev.acs.command;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a comment that a person wrote as prose: fenced code blocks ({@code ```} or
 * {@code ~~~}) and their fence lines left out, so code quoted in a comment never counts as a
 * command or a mention.
 */
final class CommentLines {
  private CommentLines() {}

  static List<String> outsideFences(String body) {
    List<String> out = new ArrayList<>();
    boolean inFence = false;
    for (String line : body.split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("```") || trimmed.startsWith("~~~")) {
        inFence = !inFence;
      } else if (!inFence) {
        out.add(line);
      }
    }
    return out;
  }
}
