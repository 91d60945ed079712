package dev.acs.workspace;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a repository writes commit subjects, read from the recent subjects of its default branch, and
 * ACS's subjects written that way. Conventional Commits ({@code type(scope): description}) when
 * at least {@value #CONVENTIONAL_SHARE}% of the sampled subjects follow them; otherwise the
 * repository's own habits: capitalised or not, an issue reference {@code (#12)} at the end or not,
 * a final period or not. Subjects are imperative (git's own convention): the model is asked for one,
 * and the fallback made from an issue title starts with a verb.
 *
 * @param conventional subjects are {@code type(scope)?: description}
 * @param scopes conventional subjects mostly carry a scope
 * @param knownScopes the scopes seen (a changed path's folder named like one becomes the scope)
 * @param capitalised descriptions start with a capital letter
 * @param issueReference subjects end with {@code (#N)} (or mention {@code #N}) often enough
 * @param period subjects end with a period
 * @param sampled how many subjects the style was read from (merge commits left out)
 */
public record CommitStyle(
    boolean conventional, boolean scopes, Set<String> knownScopes, boolean capitalised, boolean issueReference, boolean period, int sampled) {
  /** Percent of conventional subjects from which a repository counts as using Conventional Commits. */
  public static final int CONVENTIONAL_SHARE = 60;
  /** How many subjects of the default branch are read. */
  public static final int SAMPLE = 50;
  static final int MAX_SUBJECT = 72;
  /** Too few subjects to tell: capitalised, with the issue number (what ACS always did). */
  public static final CommitStyle PLAIN = new CommitStyle(false, false, Set.of(), true, true, false, 0);

  private static final Pattern CONVENTIONAL = Pattern.compile("^([a-z]+)(?:\\(([^()\\s]+)\\))?!?: (\\S.*)$");
  private static final Pattern ISSUE_REF = Pattern.compile("#\\d+");
  private static final Pattern TRAILING_REF = Pattern.compile("\\s*\\((?:#\\d+(?:,\\s*)?)+\\)\\s*$");
  /** Words in commit text that tell CI to skip the commit: a model must not be able to switch checks off. */
  private static final Pattern SKIP_CI = Pattern.compile(
      "\\[(?:skip ci|ci skip|no ci|skip actions|actions skip)\\]|skip-checks:\\s*true", Pattern.CASE_INSENSITIVE);
  private static final Pattern FIX_WORDS = Pattern.compile(
      "\\b(bug|fix|fixes|error|errors|crash\\w*|fail\\w*|broken|npe|exception|wrong|typo\\w*|spelling|misspel\\w*|incorrect|regression)\\b",
      Pattern.CASE_INSENSITIVE);
  private static final Set<String> VERBS = Set.of(
      "add", "fix", "remove", "update", "use", "make", "allow", "support", "implement", "improve", "rename", "move",
      "replace", "refactor", "drop", "document", "handle", "avoid", "ensure", "prevent", "correct", "change", "bump",
      "upgrade", "introduce", "clean", "simplify", "enable", "disable", "show", "hide", "let", "keep", "return", "set");

  public CommitStyle {
    knownScopes = Set.copyOf(knownScopes);
  }

  /** The style of these subjects (newest first, as {@link BranchReading#recentSubjects} gives them). */
  public static CommitStyle detect(List<String> subjects) {
    List<String> sample = subjects.stream().map(String::strip)
        .filter(s -> !s.isEmpty() && !s.startsWith("Merge ") && !s.startsWith("Revert \"")).toList();
    if (sample.size() < 5) {
      return PLAIN;
    }
    int conventional = 0;
    int scoped = 0;
    int capitalised = 0;
    int refs = 0;
    int periods = 0;
    Set<String> scopes = new TreeSet<>();
    for (String s : sample) {
      String description = s;
      Matcher m = CONVENTIONAL.matcher(s);
      if (m.matches()) {
        conventional++;
        if (m.group(2) != null) {
          scoped++;
          scopes.add(m.group(2).toLowerCase(Locale.ROOT));
        }
        description = m.group(3);
      }
      if (Character.isUpperCase(description.codePointAt(0))) {
        capitalised++;
      }
      if (ISSUE_REF.matcher(s).find()) {
        refs++;
      }
      if (s.endsWith(".")) {
        periods++;
      }
    }
    int n = sample.size();
    boolean isConventional = conventional * 100 >= CONVENTIONAL_SHARE * n;
    return new CommitStyle(isConventional, isConventional && scoped * 2 >= conventional, isConventional ? scopes : Set.of(),
        capitalised * 2 > n, refs * 10 >= 3 * n, periods * 2 > n, n);
  }

  /**
   * What a commit is, for its subject.
   *
   * @param description what the commit does, imperative (the model's subject), or null to make one
   *     from {@code issueTitle}
   * @param type the Conventional Commits type; null to infer it from the labels, title and paths
   * @param issueTitle the issue's title (for the fallback and the inferred type)
   * @param labels the issue's labels
   * @param paths the files the commit changes
   * @param issue the issue number, 0 when there is none (local mode)
   */
  public record Change(String description, String type, String issueTitle, Collection<String> labels, Collection<String> paths, int issue) {}

  /** The subject line for {@code change} in this style: one line, at most {@value #MAX_SUBJECT} characters. */
  public String subject(Change change) {
    String description = clean(change.description());
    String modelType = null;
    Matcher own = CONVENTIONAL.matcher(description);
    if (own.matches()) {
      modelType = own.group(1);
      description = own.group(3);
    }
    if (description.isEmpty()) {
      description = fromTitle(clean(change.issueTitle()));
    }
    description = description.replaceAll("\\.+$", "").strip();
    description = capitalised ? upperFirst(description) : lowerFirst(description);
    String prefix = "";
    if (conventional) {
      String type = change.type() != null ? change.type() : modelType != null && KnownTypes.ALL.contains(modelType) ? modelType : inferType(change);
      String scope = scopes ? scopeFor(change.paths()) : null;
      prefix = type + (scope == null ? "" : "(" + scope + ")") + ": ";
    }
    String suffix = (issueReference && change.issue() > 0 ? " (#" + change.issue() + ")" : "") + (period ? "." : "");
    return prefix + fit(description, MAX_SUBJECT - prefix.length() - suffix.length()) + suffix;
  }

  /** Model-written commit text made safe: no switches that would make CI skip the commit. */
  public static String withoutCiSkips(String text) {
    return text == null ? "" : SKIP_CI.matcher(text).replaceAll("").replaceAll("[ \\t]{2,}", " ");
  }

  /** The Conventional Commits type: from the paths (docs, tests, CI only), the labels, then the title's words. */
  static String inferType(Change change) {
    Collection<String> paths = change.paths() == null ? List.of() : change.paths();
    if (!paths.isEmpty()) {
      if (paths.stream().allMatch(CommitStyle::isDoc)) {
        return "docs";
      }
      if (paths.stream().allMatch(CommitStyle::isTest)) {
        return "test";
      }
      if (paths.stream().allMatch(p -> p.startsWith(".github/workflows/") || p.equals(".gitlab-ci.yml") || p.equals("Jenkinsfile"))) {
        return "ci";
      }
    }
    for (String label : change.labels() == null ? List.<String>of() : change.labels()) {
      String l = label.toLowerCase(Locale.ROOT);
      if (l.contains("bug") || l.equals("fix") || l.contains("regression")) {
        return "fix";
      }
      if (l.contains("feature") || l.contains("enhancement")) {
        return "feat";
      }
      if (l.startsWith("doc")) {
        return "docs";
      }
    }
    String title = change.issueTitle() == null ? "" : change.issueTitle();
    return FIX_WORDS.matcher(title).find() ? "fix" : "feat";
  }

  private static boolean isDoc(String p) {
    String l = p.toLowerCase(Locale.ROOT);
    return l.endsWith(".md") || l.endsWith(".rst") || l.endsWith(".adoc") || l.startsWith("docs/") || l.contains("/docs/");
  }

  private static boolean isTest(String p) {
    String l = p.toLowerCase(Locale.ROOT);
    String name = l.substring(l.lastIndexOf('/') + 1);
    return l.contains("src/test/") || l.startsWith("test/") || l.startsWith("tests/") || l.contains("/test/") || l.contains("/tests/")
        || l.contains("__tests__/") || name.startsWith("test_") || name.contains("_test.") || name.contains(".test.")
        || name.contains(".spec.") || name.endsWith("test.java") || name.endsWith("tests.java");
  }

  /** The known scope named most often by a folder of the changed paths; null when none is. */
  private String scopeFor(Collection<String> paths) {
    if (paths == null || knownScopes.isEmpty()) {
      return null;
    }
    Map<String, Integer> hits = new HashMap<>();
    for (String p : paths) {
      String[] parts = p.toLowerCase(Locale.ROOT).split("/");
      for (int i = 0; i < parts.length - 1; i++) {
        if (knownScopes.contains(parts[i])) {
          hits.merge(parts[i], 1, Integer::sum);
          break;
        }
      }
    }
    return hits.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey).orElse(null);
  }

  /**
   * An issue title as the description: kept when it starts with a known verb; a problem ("Spelling
   * error in the README") becomes "Fix spelling error in the README"; anything else (a feature's
   * title often names what it wants: "Greet politely") is kept as it is.
   */
  static String fromTitle(String title) {
    if (title.isEmpty()) {
      return "Make the change the issue asks for";
    }
    String first = title.split("\\s+")[0].toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    if (VERBS.contains(first) || !FIX_WORDS.matcher(title).find()) {
      return title;
    }
    return "Fix " + lowerFirst(title);
  }

  /** One line, without a leading "ACS:", a trailing "(#N)" or CI switches. */
  private static String clean(String s) {
    if (s == null) {
      return "";
    }
    String line = withoutCiSkips(s).strip().lines().findFirst().orElse("").replaceAll("\\p{Cntrl}", " ").replaceAll("\\s+", " ").strip();
    line = line.replaceFirst("^(?i)ACS:\\s*", "");
    return TRAILING_REF.matcher(line).replaceAll("").strip();
  }

  private static String upperFirst(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }

  /** Lower-cases the first letter, unless the first word is an acronym or identifier (README, NPE, iOS). */
  private static String lowerFirst(String s) {
    if (s.length() < 2 || !Character.isUpperCase(s.charAt(0)) || !Character.isLowerCase(s.charAt(1))) {
      return s;
    }
    String word = s.split("\\s+")[0];
    if (word.chars().skip(1).anyMatch(Character::isUpperCase)) {
      return s;
    }
    return s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
  }

  /** Cut at a word boundary to {@code max} characters, with an ellipsis when cut. */
  private static String fit(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    String cut = s.substring(0, Math.max(1, max - 1));
    int space = cut.lastIndexOf(' ');
    if (space > max / 2) {
      cut = cut.substring(0, space);
    }
    return cut.strip() + "…";
  }

  /** The types Conventional Commits and its common presets (Angular, commitlint) know. */
  static final class KnownTypes {
    static final Set<String> ALL = Set.of("feat", "fix", "docs", "style", "refactor", "perf", "test", "build", "ci", "chore", "revert");

    private KnownTypes() {}
  }

  /**
   * {@code subject}, or when {@code used} has it already, the same with a count ("Repair failing
   * checks build, 2nd time (#12)") before its issue reference: no two commits share a subject.
   */
  public static String unique(String subject, Collection<String> used) {
    if (!used.contains(subject)) {
      return subject;
    }
    Matcher ref = Pattern.compile("(\\s\\(#\\d+\\))?(\\.)?$").matcher(subject);
    String head = subject;
    String tail = "";
    if (ref.find() && ref.start() > 0) {
      head = subject.substring(0, ref.start());
      tail = subject.substring(ref.start());
    }
    for (int n = 2; ; n++) {
      String candidate = head + ", " + ordinal(n) + " time" + tail;
      if (!used.contains(candidate)) {
        return candidate;
      }
    }
  }

  private static String ordinal(int n) {
    int mod100 = n % 100;
    String suffix = mod100 >= 11 && mod100 <= 13 ? "th" : switch (n % 10) {
      case 1 -> "st";
      case 2 -> "nd";
      case 3 -> "rd";
      default -> "th";
    };
    return n + suffix;
  }
}
