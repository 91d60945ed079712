package dev.acs.github;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.acs.config.Json;
import dev.acs.config.RepoConfig;
import dev.acs.config.RepoConfigException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code .github/acs.yml} from the repository's default branch, and only from there: a pull
 * request (or a fork's) must not be able to change how ACS treats it, e.g. raise its own budget or
 * drop a protected path.
 */
public final class RepoConfigFile {
  public static final String PATH = ".github/acs.yml";

  private RepoConfigFile() {}

  /**
   * The settings, or the defaults when the file does not exist.
   *
   * @throws RepoConfigException naming the file and branch, fit to post as a comment
   */
  public static RepoConfig.Loaded load(RepoGitHub github) {
    String branch = github.repository().defaultBranch();
    Optional<String> text = github.readFile(PATH, branch);
    if (text.isEmpty()) {
      return new RepoConfig.Loaded(RepoConfig.defaults(), List.of());
    }
    try {
      return RepoConfig.parse(text.get());
    } catch (RepoConfigException e) {
      String line = e.getMessage().startsWith("it is not valid YAML") ? "" : lineOfKey(text.get(), e.getMessage()).map(n -> " (line " + n + ")").orElse("");
      throw new RepoConfigException("`" + PATH + "` on `" + branch + "` cannot be used: " + e.getMessage() + line);
    }
  }

  /** A value error names its key first, in backticks ({@code `budget.max_usd` must be ...}). */
  private static final Pattern KEY_FIRST = Pattern.compile("^`([A-Za-z0-9_.]+)`");

  /**
   * The line of the key a value error is about, from the YAML parser's own location of that key
   * (syntax errors carry their line already). Empty when the message names no key.
   */
  static Optional<Integer> lineOfKey(String yaml, String message) {
    Matcher m = KEY_FIRST.matcher(message);
    if (!m.find()) {
      return Optional.empty();
    }
    String wanted = m.group(1);
    try (JsonParser p = Json.YAML.getFactory().createParser(yaml)) {
      Deque<String> path = new ArrayDeque<>();
      String field = null;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        switch (t) {
          case FIELD_NAME -> {
            field = p.currentName();
            List<String> parts = new ArrayList<>(path.reversed().stream().filter(s -> !s.isEmpty()).toList());
            parts.add(field);
            if (String.join(".", parts).equals(wanted)) {
              return Optional.of(p.currentTokenLocation().getLineNr());
            }
          }
          case START_OBJECT, START_ARRAY -> {
            path.push(field == null ? "" : field);
            field = null;
          }
          case END_OBJECT, END_ARRAY -> {
            if (!path.isEmpty()) {
              path.pop();
            }
            field = null;
          }
          default -> field = null; // a scalar value: the next object in a list has no key of its own
        }
      }
    } catch (IOException e) {
      return Optional.empty(); // the text parsed once already; a second failure only costs the line number
    }
    return Optional.empty();
  }
}
