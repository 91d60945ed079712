package dev.acs.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.acs.config.ConfigException;
import dev.acs.config.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The data document of the policy (policies/data.json, seen by Rego as {@code data}): limits,
 * path lists and switches under {@code acs.*}. The built-in guardrails read the same document as
 * the Rego, so an organisation changes a number in one place. Known keys are checked for their
 * type when loaded: a string where a number belongs would make a Rego comparison silently false,
 * so it fails at start-up instead.
 */
public final class PolicyData {
  /** Where the jar carries the default policies (app/pom.xml maps ../policies there). */
  public static final String CLASSPATH_DATA = "policies/data.json";

  // The shipped defaults, used when a key is missing: the same values as policies/data.json and
  // the fallbacks of decision.rego (RegoDefaultsTest and the parity suite hold the three together).
  static final int DEFAULT_MAX_REPAIR_ATTEMPTS = 3;
  static final List<String> DEFAULT_SECRET_LIKE = List.of(".env*", "*.pem", "*.key", "id_rsa*", "*.p12");
  static final List<String> DEFAULT_WORKFLOWS = List.of(".github/workflows/**");
  static final List<String> DEFAULT_PROTECTED = List.of(".github/acs.yml", ".github/CODEOWNERS", "CODEOWNERS");
  static final List<String> DEFAULT_PERMISSIONS = List.of("admin", "maintain", "write");
  static final List<String> DEFAULT_SOURCE_PATTERNS = List.of("src/**", "**/src/main/**", "lib/**");
  static final List<String> DEFAULT_TEST_PATTERNS =
      List.of(
          "src/test/**", "**/src/test/**", "test/**", "tests/**", "**/__tests__/**", "*Test.java", "*Tests.java", "*IT.java",
          "*TestCase.java", "*.test.js", "*.test.ts", "*.spec.js", "*.spec.ts", "test_*.py", "*_test.py", "*_test.go");

  private static final Map<String, JsonNodeType> KNOWN =
      Map.ofEntries(
          Map.entry("limits.max_files_per_push", JsonNodeType.NUMBER),
          Map.entry("limits.max_changed_lines_per_push", JsonNodeType.NUMBER),
          Map.entry("limits.max_repair_attempts", JsonNodeType.NUMBER),
          Map.entry("limits.default_task_budget_usd", JsonNodeType.NUMBER),
          Map.entry("actors.permissions", JsonNodeType.ARRAY),
          Map.entry("actors.allow_bots", JsonNodeType.BOOLEAN),
          Map.entry("actors.allowed_bots", JsonNodeType.ARRAY),
          Map.entry("actors.allow_forks", JsonNodeType.BOOLEAN),
          Map.entry("actors.open_commands", JsonNodeType.ARRAY),
          Map.entry("paths.workflows", JsonNodeType.ARRAY),
          Map.entry("paths.secret_like", JsonNodeType.ARRAY),
          Map.entry("paths.protected", JsonNodeType.ARRAY),
          Map.entry("paths.uninspectable_allowed", JsonNodeType.ARRAY),
          Map.entry("findings.tools", JsonNodeType.ARRAY),
          Map.entry("findings.blocking_severities", JsonNodeType.ARRAY),
          Map.entry("tests.source_patterns", JsonNodeType.ARRAY),
          Map.entry("tests.test_patterns", JsonNodeType.ARRAY),
          Map.entry("test_integrity.max_tests_deleted", JsonNodeType.NUMBER),
          Map.entry("test_integrity.max_test_files_deleted", JsonNodeType.NUMBER),
          Map.entry("test_integrity.max_assertions_removed", JsonNodeType.NUMBER),
          Map.entry("test_integrity.max_skips_added", JsonNodeType.NUMBER),
          Map.entry("test_integrity.allow_ci_config_changed", JsonNodeType.BOOLEAN),
          Map.entry("test_integrity.allow_test_config_changed", JsonNodeType.BOOLEAN),
          Map.entry("plan.approval_files", JsonNodeType.NUMBER),
          Map.entry("plan.always_require_approval", JsonNodeType.BOOLEAN));

  private final JsonNode document;
  private final String source;
  private final JsonNode acs;
  private final int maxRepairAttempts;
  private final List<PathPattern> secretLike;
  private final List<PathPattern> workflows;
  private final List<PathPattern> protectedPaths;
  private final List<PathPattern> sourcePatterns;
  private final List<PathPattern> testPatterns;
  private final List<PathPattern> uninspectableAllowed;

  private PolicyData(JsonNode document, String source) {
    this.document = document;
    this.source = source;
    validate(document, source);
    this.acs = document.path("acs");
    this.maxRepairAttempts = acs.path("limits").path("max_repair_attempts").asInt(DEFAULT_MAX_REPAIR_ATTEMPTS);
    this.secretLike = patterns("paths", "secret_like", DEFAULT_SECRET_LIKE);
    this.workflows = patterns("paths", "workflows", DEFAULT_WORKFLOWS);
    this.protectedPaths = patterns("paths", "protected", DEFAULT_PROTECTED);
    this.sourcePatterns = patterns("tests", "source_patterns", DEFAULT_SOURCE_PATTERNS);
    this.testPatterns = patterns("tests", "test_patterns", DEFAULT_TEST_PATTERNS);
    this.uninspectableAllowed = patterns("paths", "uninspectable_allowed", List.of());
  }

  private List<PathPattern> patterns(String section, String key, List<String> fallback) {
    try {
      return PathPattern.all(strings(section, key, fallback));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("policy data " + source + ": acs." + section + "." + key + ": " + e.getMessage(), e);
    }
  }

  /** The data document the jar ships (a copy of policies/data.json). */
  public static PolicyData shipped() {
    try (InputStream in = PolicyData.class.getClassLoader().getResourceAsStream(CLASSPATH_DATA)) {
      if (in == null) {
        throw new ConfigException("the jar has no " + CLASSPATH_DATA + ": the build did not copy policies/");
      }
      return parse(in.readAllBytes(), "classpath:" + CLASSPATH_DATA);
    } catch (IOException e) {
      throw new ConfigException("cannot read classpath:" + CLASSPATH_DATA + ": " + e.getMessage(), e);
    }
  }

  public static PolicyData fromFile(Path file) {
    try {
      return parse(Files.readAllBytes(file), file.toString());
    } catch (IOException e) {
      throw new ConfigException("cannot read policy data " + file + ": " + e.getMessage(), e);
    }
  }

  public static PolicyData parse(byte[] json, String source) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new ConfigException("policy data " + source + " is not valid JSON: " + e.getMessage(), e);
    }
    return of(node, source);
  }

  public static PolicyData of(JsonNode document, String source) {
    if (document == null || !document.isObject()) {
      throw new ConfigException("policy data " + source + " must be a JSON object (it becomes OPA's data document)");
    }
    return new PolicyData(document, source);
  }

  /** The whole data document, as OPA sees it under {@code data}. */
  public JsonNode document() {
    return document;
  }

  /** Where the document came from, for logs and {@link PolicyGates#describe()}. */
  public String source() {
    return source;
  }

  public int maxRepairAttempts() {
    return maxRepairAttempts;
  }

  public List<PathPattern> secretLike() {
    return secretLike;
  }

  public List<PathPattern> workflows() {
    return workflows;
  }

  /** {@code acs.paths.protected}; a repository's own protected_paths come with the input. */
  public List<PathPattern> protectedPaths() {
    return protectedPaths;
  }

  public List<PathPattern> sourcePatterns() {
    return sourcePatterns;
  }

  public List<PathPattern> testPatterns() {
    return testPatterns;
  }

  /**
   * {@code acs.paths.uninspectable_allowed}: added files the secret scan cannot read that may
   * still be pushed (the secret scan's list; empty unless the data names some).
   */
  public List<PathPattern> uninspectableAllowed() {
    return uninspectableAllowed;
  }

  /** A number under {@code acs.<section>.<key>}, else the fallback (the shipped value). */
  public double number(String section, String key, double fallback) {
    JsonNode v = acs.path(section).path(key);
    return v.isNumber() ? v.doubleValue() : fallback;
  }

  /**
   * The default model budget per task in dollars: {@code acs.limits.default_task_budget_usd},
   * 5 when the key is missing, empty when it is null (no default budget).
   */
  public OptionalDouble defaultTaskBudgetUsd() {
    JsonNode v = acs.path("limits").path("default_task_budget_usd");
    if (v.isMissingNode()) {
      return OptionalDouble.of(5);
    }
    return v.isNumber() ? OptionalDouble.of(v.doubleValue()) : OptionalDouble.empty();
  }

  /** A switch under {@code acs.<section>.<key>} (type-checked when loaded), else the fallback. */
  public boolean flag(String section, String key, boolean fallback) {
    JsonNode v = acs.path(section).path(key);
    return v.isBoolean() ? v.booleanValue() : fallback;
  }

  /** A list of strings under {@code acs.<section>.<key>}, else the fallback. */
  public List<String> strings(String section, String key, List<String> fallback) {
    return strings(acs.path(section).path(key), fallback);
  }

  private static void validate(JsonNode document, String source) {
    JsonNode acs = document.path("acs");
    if (acs.isMissingNode()) {
      return; // an organisation's own policy may keep its data elsewhere; the guardrails use defaults
    }
    if (!acs.isObject()) {
      throw new ConfigException("policy data " + source + ": 'acs' must be an object");
    }
    List<String> problems = new ArrayList<>();
    KNOWN.forEach(
        (key, type) -> {
          String[] parts = key.split("\\.");
          JsonNode value = acs.path(parts[0]).path(parts[1]);
          if (value.isMissingNode() || (value.isNull() && key.equals("limits.default_task_budget_usd"))) {
            return;
          }
          if (value.getNodeType() != type) {
            problems.add("acs." + key + " must be a " + type.name().toLowerCase() + ", not " + value.getNodeType().name().toLowerCase());
          } else if (type == JsonNodeType.ARRAY) {
            for (JsonNode item : value) {
              if (!item.isTextual()) {
                problems.add("acs." + key + " must list strings only");
                break;
              }
            }
          }
        });
    if (!problems.isEmpty()) {
      problems.sort(null);
      throw new ConfigException("policy data " + source + " is invalid: " + String.join("; ", problems));
    }
  }

  private static List<String> strings(JsonNode array, List<String> fallback) {
    if (!array.isArray()) {
      return fallback;
    }
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
