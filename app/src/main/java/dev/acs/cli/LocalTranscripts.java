package dev.acs.cli;

import dev.acs.config.Env;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the local commands ({@code acs run}, {@code acs replay}) keep transcripts: one place, so
 * that replay finds what run wrote. {@code ACS_TRANSCRIPT_DIR} when set, else the checkout's git
 * folder ({@code .git/acs/transcripts}; a worktree's own git folder): never the working tree,
 * where a transcript would dirty the checkout and the next run would refuse it.
 */
final class LocalTranscripts {
  private LocalTranscripts() {}

  static Path dir(Env env, Path checkout) {
    Optional<String> configured = env.get("ACS_TRANSCRIPT_DIR");
    if (configured.isPresent()) {
      return Path.of(configured.get());
    }
    return gitDir(checkout).map(g -> g.resolve("acs").resolve("transcripts"))
        .orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir"), "acs-transcripts"));
  }

  /** {@code .git} as a folder, or the folder a worktree's {@code .git} file points to. */
  private static Optional<Path> gitDir(Path checkout) {
    Path dotGit = checkout.resolve(".git");
    if (Files.isDirectory(dotGit)) {
      return Optional.of(dotGit);
    }
    if (Files.isRegularFile(dotGit)) {
      try {
        String text = Files.readString(dotGit, StandardCharsets.UTF_8).strip();
        if (text.startsWith("gitdir:")) {
          Path target = checkout.resolve(text.substring("gitdir:".length()).strip()).normalize();
          return Files.isDirectory(target) ? Optional.of(target) : Optional.empty();
        }
      } catch (IOException unreadable) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
