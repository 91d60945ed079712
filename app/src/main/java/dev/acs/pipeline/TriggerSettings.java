package dev.acs.pipeline;

import dev.acs.config.RepoConfig;
import dev.acs.github.RepoConfigFile;
import dev.acs.github.RepoGitHub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repository's settings as a trigger on an issue reads them. An {@code _extends} that could
 * not be followed (missing, unreadable, a cycle) is said on the issue in one comment, edited rather
 * than repeated; the repository's own settings apply meanwhile.
 */
public final class TriggerSettings {
  private static final Logger log = LoggerFactory.getLogger(TriggerSettings.class);
  static final String MARKER = "config-extends";

  private TriggerSettings() {}

  /**
   * @throws dev.acs.config.RepoConfigException when the repository's own file cannot be used
   */
  public static RepoConfig.Loaded load(RepoGitHub github, int issue) {
    RepoConfig.Loaded loaded = RepoConfigFile.load(github);
    sayProblems(github, issue, loaded);
    return loaded;
  }

  /** Says on the issue why {@code _extends} could not be followed, if it could not. */
  public static void sayProblems(RepoGitHub github, int issue, RepoConfig.Loaded loaded) {
    if (!loaded.extendsProblems().isEmpty()) {
      log.warn("{}: {}", github.fullName(), String.join("; ", loaded.extendsProblems()));
      github.upsertComment(issue, MARKER, "⚠️ " + String.join("\n\n⚠️ ", loaded.extendsProblems())
          + "\n\nFix `_extends` in `" + RepoConfigFile.PATH + "` on the default branch (or the repository it names). "
          + "See docs/usage.md (organisation settings).");
    }
  }
}
