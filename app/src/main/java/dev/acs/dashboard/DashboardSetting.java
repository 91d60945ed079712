package dev.acs.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.config.Json;
import dev.acs.config.RepoConfig;
import dev.acs.config.RepoConfigException;
import dev.acs.github.RepoConfigFile;
import dev.acs.github.RepoGitHub;
import java.util.Locale;
import java.util.Set;

/**
 * {@code dashboard: true} in the repository's {@code .github/acs.yml} (default branch): the
 * repository asks for a dashboard issue. Off by default — an issue nobody asked for is noise
 * (probot's rule: no bulk actions without opt-in).
 */
final class DashboardSetting {
  private DashboardSetting() {}

  /** True when the file turns the dashboard on and ACS is enabled there; false for a missing or broken file. */
  static boolean enabled(RepoGitHub github) {
    String text = github.readFile(RepoConfigFile.PATH, github.repository().defaultBranch()).orElse(null);
    if (text == null || text.length() > RepoConfig.MAX_SIZE) {
      return false;
    }
    try {
      if (!RepoConfig.parse(text).config().enabled()) {
        return false;
      }
      return of(Json.YAML.readTree(text));
    } catch (RepoConfigException | java.io.IOException e) {
      return false; // the task handlers say on the issue what is wrong with the file
    }
  }

  static boolean of(JsonNode root) {
    JsonNode v = root == null ? null : root.get("dashboard");
    if (v == null || v.isNull()) {
      return false;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    return v.isTextual() && Set.of("true", "yes", "on").contains(v.textValue().strip().toLowerCase(Locale.ROOT));
  }
}
