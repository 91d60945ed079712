package dev.acs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.config.ConfigException;
import dev.acs.config.Json;
import dev.acs.config.RepoConfig;
import dev.acs.config.RepoConfigException;
import dev.acs.github.ForwardingRepoGitHub;
import dev.acs.github.RepoConfigFile;
import dev.acs.github.RepoGitHub;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The repository as the Action sees it: {@code .github/acs.yml} on the default branch with the
 * Action's inputs laid over it (label, test command, attempts). The inputs come from a workflow
 * file, which for the events ACS handles (issues, issue_comment, workflow_run) GitHub always takes
 * from the default branch, so they are as trusted as the settings file itself. Values are checked
 * by the same parser as the file; a bad input is reported like a bad setting.
 */
final class SettingsOverlay extends ForwardingRepoGitHub {
  private final Map<String, Object> overrides;

  SettingsOverlay(RepoGitHub target, Map<String, Object> overrides) {
    super(target);
    this.overrides = Map.copyOf(overrides);
  }

  /**
   * Wraps {@code target} only when there is something to lay over it. The inputs are checked on
   * their own first, so a bad one is a configuration error of this run, whatever the file says.
   */
  static RepoGitHub over(RepoGitHub target, Map<String, Object> overrides) {
    if (overrides.isEmpty()) {
      return target;
    }
    try {
      RepoConfig.parse(overlay("", overrides));
    } catch (RepoConfigException e) {
      throw new ConfigException("the action's inputs " + overrides.keySet() + " are not valid settings: " + e.getMessage());
    }
    return new SettingsOverlay(target, overrides);
  }

  @Override
  public Optional<String> readFile(String path, String ref) {
    Optional<String> text = super.readFile(path, ref);
    if (!RepoConfigFile.PATH.equals(path) || !ref.equals(repository().defaultBranch())) {
      return text;
    }
    return Optional.of(overlay(text.orElse("")));
  }

  /** The settings text with the overrides set; text that is not a mapping is left for the parser to report. */
  String overlay(String yaml) {
    return overlay(yaml, overrides);
  }

  private static String overlay(String yaml, Map<String, Object> overrides) {
    JsonNode root;
    try {
      root = yaml.isBlank() ? Json.YAML.createObjectNode() : Json.YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      return yaml;
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      root = Json.YAML.createObjectNode();
    }
    if (!(root instanceof ObjectNode settings)) {
      return yaml;
    }
    overrides.forEach((key, value) -> settings.set(key, Json.YAML.valueToTree(value)));
    try {
      return Json.YAML.writeValueAsString(settings);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("settings do not serialise", e);
    }
  }

  /** The overrides named by the Action's inputs (environment variables); blank ones are left out. */
  static Map<String, Object> fromInputs(dev.acs.config.Env env) {
    Map<String, Object> out = new LinkedHashMap<>();
    env.get(ActionCommand.LABEL_VAR).ifPresent(v -> out.put("label", v));
    env.get(ActionCommand.TEST_COMMAND_VAR).ifPresent(v -> out.put("test_command", v));
    env.get(ActionCommand.MAX_ATTEMPTS_VAR).ifPresent(v -> out.put("max_attempts", number(v)));
    return out;
  }

  // A number stays a number in the YAML (the parser refuses "3" as a string for max_attempts).
  private static Object number(String v) {
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new ConfigException(ActionCommand.MAX_ATTEMPTS_VAR + " (the action's max-attempts input) must be a whole number, got '" + v + "'");
    }
  }
}
