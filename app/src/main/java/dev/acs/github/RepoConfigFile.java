package dev.acs.github;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.acs.config.Json;
import dev.acs.config.RepoConfig;
import dev.acs.config.RepoConfigException;
import dev.acs.config.SettingsLayers;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /** How many {@code _extends} are followed from the repository's own file (A → B → C, no further). */
  static final int MAX_EXTENDS = 2;

  /**
   * The settings, or the defaults when the file does not exist. An {@code _extends: .github} (or
   * {@code other-repo}, {@code owner/repo}) lays the repository's own file over the named
   * repository's {@code .github/acs.yml}, read from that repository's default branch with the same
   * token; when it cannot be followed (missing, unreadable, a cycle, too deep, broken) the
   * repository's own settings apply alone and {@link RepoConfig.Loaded#extendsProblems()} says why.
   *
   * @throws RepoConfigException naming the file and branch, fit to post as a comment
   */
  public static RepoConfig.Loaded load(RepoGitHub github) {
    return load(github, ExtendsCache.shared());
  }

  /** As {@link #load(RepoGitHub)}, with the files extended read through {@code cache} (where {@link RepoGitHub#cacheScope} allows). */
  static RepoConfig.Loaded load(RepoGitHub github, ExtendsCache cache) {
    String branch = github.repository().defaultBranch();
    Optional<String> text = github.readFile(PATH, branch);
    if (text.isEmpty()) {
      return new RepoConfig.Loaded(RepoConfig.defaults(), List.of());
    }
    RepoConfig.Loaded own;
    JsonNode ownTree;
    try {
      ownTree = RepoConfig.tree(text.get());
      own = RepoConfig.parse(ownTree);
    } catch (RepoConfigException e) {
      String line = e.getMessage().startsWith("it is not valid YAML") ? "" : lineOfKey(text.get(), e.getMessage()).map(n -> " (line " + n + ")").orElse("");
      throw new RepoConfigException("`" + PATH + "` on `" + branch + "` cannot be used: " + e.getMessage() + line);
    }
    Optional<String> target = RepoConfig.extendsFrom(ownTree);
    if (target.isEmpty()) {
      return new RepoConfig.Loaded(own.config(), own.warnings(), SettingsLayers.sources(null, null, ownTree, github.fullName()), List.of());
    }
    List<String> seen = new ArrayList<>(List.of(github.fullName()));
    try {
      Layer base = extended(github, cache, github.fullName(), target.get(), seen);
      JsonNode merged = SettingsLayers.merge(base.tree(), ownTree);
      ((com.fasterxml.jackson.databind.node.ObjectNode) merged).remove(RepoConfig.EXTENDS);
      RepoConfig.Loaded all;
      try {
        all = RepoConfig.parse(merged);
      } catch (RepoConfigException e) {
        throw new RepoConfigException("the settings merged from " + base.name() + " cannot be used: " + e.getMessage());
      }
      Map<String, String> sources = new LinkedHashMap<>(base.sources());
      sources.putAll(SettingsLayers.sources(null, null, ownTree, github.fullName()));
      return new RepoConfig.Loaded(all.config(), all.warnings(), sources, List.of());
    } catch (RepoConfigException e) {
      String why = "`" + PATH + "` extends `" + target.get() + "`, which cannot be used: " + e.getMessage();
      return new RepoConfig.Loaded(own.config(), own.warnings(), SettingsLayers.sources(null, null, ownTree, github.fullName()),
          List.of(why + ". This repository's own settings apply alone."));
    }
  }

  /** A file's settings tree (its own {@code _extends} followed) and where each value came from. */
  private record Layer(String name, JsonNode tree, Map<String, String> sources) {}

  private static Layer extended(RepoGitHub from, ExtendsCache cache, String fromName, String target, List<String> seen) {
    String fullName = fullNameOf(fromName, target);
    if (seen.stream().anyMatch(fullName::equalsIgnoreCase)) {
      throw new RepoConfigException("a cycle: " + String.join(" → ", seen) + " → " + fullName);
    }
    if (seen.size() > MAX_EXTENDS) {
      throw new RepoConfigException("more than " + MAX_EXTENDS + " files chained by `_extends` (" + String.join(" → ", seen) + " → " + fullName + ")");
    }
    seen.add(fullName);
    RepoGitHub other = from.otherRepository(fullName)
        .orElseThrow(() -> new RepoConfigException("other repositories cannot be read here"));
    Optional<String> scope = from.cacheScope();
    ExtendsCache.Read read = scope.isPresent() ? cache.get(scope.get(), fullName, () -> read(other)) : read(other);
    if (!read.readable()) {
      // Named, not chained: the message is what the comment shows.
      throw new RepoConfigException("`" + fullName + "` does not exist or this App installation cannot read it");
    }
    String branch = read.branch();
    String text = Optional.ofNullable(read.text()).orElseThrow(() -> new RepoConfigException("`" + fullName + "` has no `" + PATH + "` on `" + branch + "`"));
    JsonNode tree;
    try {
      tree = RepoConfig.tree(text);
      RepoConfig.parse(tree);
    } catch (RepoConfigException e) {
      throw new RepoConfigException("`" + PATH + "` of `" + fullName + "` on `" + branch + "`: " + e.getMessage());
    }
    Map<String, String> sources = new LinkedHashMap<>();
    Optional<String> next = RepoConfig.extendsFrom(tree);
    JsonNode merged = tree;
    if (next.isPresent()) {
      Layer below = extended(other, cache, fullName, next.get(), seen);
      sources.putAll(below.sources());
      merged = SettingsLayers.merge(below.tree(), tree);
    }
    // The keys this file sets name it; what came from further below keeps its own name.
    sources.putAll(SettingsLayers.sources(null, null, tree, fullName));
    return new Layer(fullName, merged, sources);
  }

  /** The default branch of {@code other} and its settings file there (two GitHub requests). */
  private static ExtendsCache.Read read(RepoGitHub other) {
    try {
      String branch = other.repository().defaultBranch();
      return new ExtendsCache.Read(branch, other.readFile(PATH, branch).orElse(null));
    } catch (GitHubException e) {
      if (e.notFound() || e.status() == 403) {
        return ExtendsCache.Read.unreadable();
      }
      throw e; // GitHub unavailable, rate limits: passing, so the caller's retry helps (and nothing is cached)
    }
  }

  /** {@code .github} and {@code other-repo} are the same owner's; {@code owner/repo} is itself. */
  static String fullNameOf(String fromFullName, String target) {
    if (target.contains("/")) {
      return target;
    }
    return fromFullName.substring(0, fromFullName.indexOf('/') + 1) + target;
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
