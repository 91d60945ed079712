package dev.acs.github;

import dev.acs.config.RepoConfig;
import dev.acs.config.RepoConfigException;
import java.util.List;
import java.util.Optional;

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
      throw new RepoConfigException("`" + PATH + "` on `" + branch + "` cannot be used: " + e.getMessage());
    }
  }
}
