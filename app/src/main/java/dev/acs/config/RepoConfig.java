package dev.acs.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A repository's own settings for ACS, from {@code .github/acs.yml} on its default branch (read by
 * {@code dev.acs.github.RepoConfigFile}). Every key is optional:
 *
 * <pre>
 * enabled: true            # false: ACS ignores this repository
 * label: autocode          # the issue label that asks ACS to work
 * max_attempts: 3          # repair attempts per pull request
 * test_command: mvn -B test
 * budget: {max_steps: 40, max_tokens: 400000, max_usd: 2.00}
 * protected_paths: [".github/**", "**&#47;*.pem"]
 * model: anthropic:claude-sonnet-4-5   # else ACS_MODEL
 * repair_cancelled: false  # true: a cancelled check counts as failed (re-run, then repair)
 * triggers: {label: true, assign: true, mention: true, command: true}   # ways to start a task
 * question_timeout_days: 7 # a task waiting for an answer to ACS's questions stops after this
 * _extends: .github        # settings of another repository (here the owner's .github) under these
 * instructions: |          # the maintainers' guidance for the model (like AGENTS.md)
 *   Use the helpers in util/; every change needs a test.
 * </pre>
 *
 * @param testCommand empty: ACS finds no test command of its own (the policy may still require CI)
 * @param model empty: use the server's {@code ACS_MODEL}
 * @param repairCancelled whether a check that ended {@code cancelled} counts as failed; off by
 *     default because runs are mostly cancelled on purpose (a newer push, a person)
 * @param instructions the maintainers' guidance for the planner and the coder (given below ACS's
 *     rules, above the issue; cut to 8 KB when given); empty when there is none
 */
public record RepoConfig(
    boolean enabled,
    String label,
    int maxAttempts,
    Optional<String> testCommand,
    Budget budget,
    List<String> protectedPaths,
    Optional<String> model,
    boolean repairCancelled,
    Triggers triggers,
    int questionTimeoutDays,
    Optional<String> instructions) {

  public static final int MAX_SIZE = 64 * 1024;

  /** Limits of one task; dollars kept to the cent, so that equal budgets are equal records. */
  public record Budget(int maxSteps, long maxTokens, BigDecimal maxUsd) {
    public Budget {
      maxUsd = maxUsd.setScale(2, RoundingMode.HALF_UP);
    }
  }

  /**
   * Which events may start a task: the label, assigning the issue to the App's bot user, an
   * {@code @<app>} mention in an issue comment, {@code /acs plan} and {@code /acs implement}.
   */
  public record Triggers(boolean label, boolean assign, boolean mention, boolean command) {
    public static final Triggers ALL = new Triggers(true, true, true, true);
  }

  /**
   * The settings and what was odd about them (unknown keys), to show the user.
   *
   * @param sources where each setting came from, by its dotted key ({@code budget.max_usd}):
   *     {@code owner/repo} of the file that set it; keys no file set are left out (defaults)
   * @param extendsProblems why an {@code _extends} could not be followed (the repository's own
   *     settings then apply alone); empty when there was none or it worked
   */
  public record Loaded(RepoConfig config, List<String> warnings, Map<String, String> sources, List<String> extendsProblems) {
    public Loaded {
      warnings = List.copyOf(warnings);
      sources = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sources));
      extendsProblems = List.copyOf(extendsProblems);
    }

    public Loaded(RepoConfig config, List<String> warnings) {
      this(config, warnings, Map.of(), List.of());
    }
  }

  /** The key naming the repository whose settings lie under these (Probot's convention). */
  public static final String EXTENDS = "_extends";

  private static final Set<String> KEYS =
      Set.of("enabled", "label", "max_attempts", "test_command", "budget", "protected_paths", "model", "repair_cancelled",
          "triggers", "question_timeout_days", EXTENDS, "instructions",
          "dashboard"); // dashboard: read by dev.acs.dashboard.DashboardSetting
  private static final Set<String> TRIGGER_KEYS = Set.of("label", "assign", "mention", "command");
  private static final Set<String> BUDGET_KEYS = Set.of("max_steps", "max_tokens", "max_usd");

  private static final ObjectMapper YAML =
      Json.YAML.copy()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  public RepoConfig {
    protectedPaths = List.copyOf(protectedPaths);
    instructions = instructions == null ? Optional.empty() : instructions;
  }

  /** Settings without instructions. */
  public RepoConfig(boolean enabled, String label, int maxAttempts, Optional<String> testCommand, Budget budget,
      List<String> protectedPaths, Optional<String> model, boolean repairCancelled, Triggers triggers, int questionTimeoutDays) {
    this(enabled, label, maxAttempts, testCommand, budget, protectedPaths, model, repairCancelled, triggers, questionTimeoutDays,
        Optional.empty());
  }

  public static RepoConfig defaults() {
    return new RepoConfig(true, "autocode", 3, Optional.empty(),
        new Budget(40, 400_000, new BigDecimal("2.00")), List.of(), Optional.empty(), false, Triggers.ALL, 7);
  }

  /**
   * Parses the file's text. Unknown keys are warnings (a newer ACS may know them); a value of the
   * wrong kind or out of range is an error, as is YAML that does not parse.
   *
   * @throws RepoConfigException with a message fit to post as a comment
   */
  public static Loaded parse(String yaml) {
    if (yaml.length() > MAX_SIZE) {
      throw new RepoConfigException("the file is larger than " + MAX_SIZE / 1024 + " KiB");
    }
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": ";
      throw new RepoConfigException("it is not valid YAML: " + where + firstLine(e.getOriginalMessage()));
    }
    return parse(root);
  }

  /** The text of a settings file as a tree, for merging files ({@code _extends}) before {@link #parse(JsonNode)}. */
  public static JsonNode tree(String yaml) {
    if (yaml.length() > MAX_SIZE) {
      throw new RepoConfigException("the file is larger than " + MAX_SIZE / 1024 + " KiB");
    }
    try {
      JsonNode root = YAML.readTree(yaml);
      return root == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : root;
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": ";
      throw new RepoConfigException("it is not valid YAML: " + where + firstLine(e.getOriginalMessage()));
    }
  }

  /**
   * The {@code _extends} value of a settings tree: {@code .github}, {@code other-repo} or
   * {@code owner/repo}; empty when there is none.
   */
  public static Optional<String> extendsFrom(JsonNode root) {
    if (root == null || !root.isObject()) {
      return Optional.empty();
    }
    Optional<String> target = text(root, EXTENDS, 200);
    target.ifPresent(t -> {
      if (!t.matches("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)?") || java.util.Arrays.stream(t.split("/")).anyMatch(p -> p.equals(".") || p.equals(".."))) {
        throw new RepoConfigException("`" + EXTENDS + "` must name a repository (`.github`, `other-repo` or `owner/repo`), got "
            + shown(root.get(EXTENDS)));
      }
    });
    return target;
  }

  /** As {@link #parse(String)}, for a tree already read (and perhaps merged). */
  public static Loaded parse(JsonNode root) {
    RepoConfig d = defaults();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return new Loaded(d, List.of());
    }
    if (!root.isObject()) {
      throw new RepoConfigException("the file must be a mapping of keys (such as `label: autocode`), not a "
          + kind(root));
    }
    List<String> warnings = new ArrayList<>();
    unknownKeys(root, KEYS, "", warnings);
    JsonNode budget = root.path("budget");
    Budget b = d.budget();
    if (!budget.isMissingNode() && !budget.isNull()) {
      if (!budget.isObject()) {
        throw new RepoConfigException("`budget` must be a mapping with max_steps, max_tokens and max_usd, not a "
            + kind(budget));
      }
      unknownKeys(budget, BUDGET_KEYS, "budget.", warnings);
      b = new Budget(
          (int) whole(budget, "max_steps", "budget.max_steps", b.maxSteps(), 1, 10_000),
          whole(budget, "max_tokens", "budget.max_tokens", b.maxTokens(), 1, 1_000_000_000L),
          money(budget, "max_usd", "budget.max_usd", b.maxUsd()));
    }
    RepoConfig config = new RepoConfig(
        bool(root, "enabled", d.enabled()),
        label(root, d.label()),
        (int) whole(root, "max_attempts", "max_attempts", d.maxAttempts(), 1, 20),
        text(root, "test_command", 2000),
        b,
        paths(root),
        model(root),
        bool(root, "repair_cancelled", d.repairCancelled()),
        triggers(root, warnings),
        (int) whole(root, "question_timeout_days", "question_timeout_days", d.questionTimeoutDays(), 1, 365),
        text(root, "instructions", MAX_SIZE)); // long text is cut (with a note) where it is given to the model
    extendsFrom(root);
    return new Loaded(config, List.copyOf(warnings));
  }

  /**
   * The settings as the policy input's {@code config} object (the file's own key names); the
   * instructions are left out: they are prose for the model, not something a policy decides on.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> budgetMap = new LinkedHashMap<>();
    budgetMap.put("max_steps", budget.maxSteps());
    budgetMap.put("max_tokens", budget.maxTokens());
    budgetMap.put("max_usd", budget.maxUsd());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", enabled);
    m.put("label", label);
    m.put("max_attempts", maxAttempts);
    m.put("test_command", testCommand.orElse(null));
    m.put("budget", budgetMap);
    m.put("protected_paths", protectedPaths);
    m.put("model", model.orElse(null));
    m.put("repair_cancelled", repairCancelled);
    Map<String, Object> triggerMap = new LinkedHashMap<>();
    triggerMap.put("label", triggers.label());
    triggerMap.put("assign", triggers.assign());
    triggerMap.put("mention", triggers.mention());
    triggerMap.put("command", triggers.command());
    m.put("triggers", triggerMap);
    m.put("question_timeout_days", questionTimeoutDays);
    return m;
  }

  private static Triggers triggers(JsonNode root, List<String> warnings) {
    JsonNode t = root.path("triggers");
    if (t.isMissingNode() || t.isNull()) {
      return Triggers.ALL;
    }
    if (!t.isObject()) {
      throw new RepoConfigException("`triggers` must be a mapping such as `{label: true, assign: false}`, not a " + kind(t));
    }
    unknownKeys(t, TRIGGER_KEYS, "triggers.", warnings);
    return new Triggers(bool(t, "label", "triggers.label", true), bool(t, "assign", "triggers.assign", true),
        bool(t, "mention", "triggers.mention", true), bool(t, "command", "triggers.command", true));
  }

  private static void unknownKeys(JsonNode node, Set<String> known, String prefix, List<String> warnings) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        String hint = known.stream().filter(k -> distance(k, key.toLowerCase(Locale.ROOT)) <= 2).findFirst()
            .map(k -> " (did you mean `" + prefix + k + "`?)").orElse("");
        warnings.add("unknown key `" + prefix + key + "` is ignored" + hint);
      }
    }
  }

  private static boolean bool(JsonNode root, String key, boolean fallback) {
    return bool(root, key, key, fallback);
  }

  private static boolean bool(JsonNode root, String key, String name, boolean fallback) {
    JsonNode v = root.get(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    String s = v.isTextual() ? v.textValue().trim().toLowerCase(Locale.ROOT) : "";
    return switch (s) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new RepoConfigException("`" + name + "` must be true or false, got " + shown(v));
    };
  }

  private static String label(JsonNode root, String fallback) {
    Optional<String> label = text(root, "label", 50);
    if (label.isPresent() && label.get().contains(",")) {
      throw new RepoConfigException("`label` must be one label name, got " + shown(root.get("label")));
    }
    return label.orElse(fallback);
  }

  private static Optional<String> text(JsonNode root, String key, int maxLength) {
    JsonNode v = root.get(key);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual() && !v.isNumber()) {
      throw new RepoConfigException("`" + key + "` must be text, not a " + kind(v));
    }
    String s = v.asText().trim();
    if (s.isEmpty()) {
      throw new RepoConfigException("`" + key + "` is empty; leave the key out to use the default");
    }
    if (s.length() > maxLength) {
      throw new RepoConfigException("`" + key + "` is longer than " + maxLength + " characters");
    }
    return Optional.of(s);
  }

  private static long whole(JsonNode node, String key, String name, long fallback, long min, long max) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    long n;
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      n = v.longValue();
    } else if (v.isTextual() && v.textValue().trim().matches("-?\\d{1,18}")) {
      n = Long.parseLong(v.textValue().trim());
    } else {
      throw new RepoConfigException("`" + name + "` must be a whole number from " + min + " to " + max + ", got "
          + shown(v));
    }
    if (n < min || n > max) {
      throw new RepoConfigException("`" + name + "` must be from " + min + " to " + max + ", got " + n);
    }
    return n;
  }

  private static BigDecimal money(JsonNode node, String key, String name, BigDecimal fallback) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    BigDecimal usd;
    try {
      usd = new BigDecimal(v.asText().trim().replaceFirst("^\\$", "")).setScale(2, RoundingMode.HALF_UP);
    } catch (NumberFormatException e) {
      throw new RepoConfigException("`" + name + "` must be an amount in US dollars such as 2.50, got " + shown(v));
    }
    if (usd.signum() <= 0 || usd.compareTo(new BigDecimal("10000")) > 0) {
      throw new RepoConfigException("`" + name + "` must be at least 0.01 and at most 10000, got " + v.asText());
    }
    return usd;
  }

  private static List<String> paths(JsonNode root) {
    JsonNode v = root.get("protected_paths");
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new RepoConfigException("`protected_paths` must be a list of path patterns (such as"
          + " `[\".github/**\"]`), not a " + kind(v));
    }
    List<String> out = new ArrayList<>();
    for (JsonNode p : v) {
      if (!p.isTextual() || p.textValue().isBlank()) {
        throw new RepoConfigException("`protected_paths` entries must be non-empty path patterns, got " + shown(p));
      }
      out.add(p.textValue().trim());
    }
    return out;
  }

  private static Optional<String> model(JsonNode root) {
    Optional<String> model = text(root, "model", 500);
    model.ifPresent(spec -> {
      for (String entry : spec.split(",")) {
        int colon = entry.indexOf(':');
        if (colon <= 0 || colon == entry.trim().length() - 1) {
          throw new RepoConfigException("`model` must be `provider:model` (comma-separated for failover, e.g."
              + " `anthropic:claude-sonnet-4-5,openai:gpt-4.1`), got " + shown(root.get("model")));
        }
      }
    });
    return model.map(String::trim);
  }

  private static String kind(JsonNode v) {
    if (v.isArray()) {
      return "list";
    }
    if (v.isObject()) {
      return "mapping";
    }
    if (v.isNumber()) {
      return "number";
    }
    if (v.isBoolean()) {
      return "true/false";
    }
    return "text";
  }

  private static String shown(JsonNode v) {
    String s = v.isTextual() ? "'" + v.textValue() + "'" : v.toString();
    return s.length() <= 60 ? s : s.substring(0, 60) + "…";
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
