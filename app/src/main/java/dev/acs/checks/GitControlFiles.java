package dev.acs.checks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The files through which git configuration makes ACS's own later git operations run commands or
 * send its token elsewhere: the working tree's {@code .git/config} ({@code remote.origin.url},
 * {@code url.*.insteadOf}, filters), {@code .git/hooks} (JGit runs {@code post-commit} and {@code
 * pre-push} with ACS's environment), {@code .git/info}, {@code .git/objects/info/alternates}, and
 * the user's global git configuration. A test command without the sandbox could write them; ACS
 * takes them before such a run and puts back whatever the run changed (in the sandbox, {@code
 * .git} and the home folder are read-only anyway).
 */
final class GitControlFiles {
  /** Far more than any real hooks folder; a run that floods it is not restored file by file. */
  private static final int MAX_FILES = 500;
  private static final long MAX_BYTES = 1 << 20;

  /** Content as taken (empty: absent); files that were not plain files of a sane size are not in it. */
  private final Map<Path, Optional<byte[]>> files;
  private final List<Path> folders;

  private GitControlFiles(Map<Path, Optional<byte[]>> files, List<Path> folders) {
    this.files = files;
    this.folders = folders;
  }

  static GitControlFiles take(Path workDir, Map<String, String> env) {
    Path git = workDir.resolve(".git");
    // .git itself when it is a file: a linked worktree's pointer to its git folder.
    List<Path> singles = new ArrayList<>(List.of(git, git.resolve("config"), git.resolve("objects/info/alternates"), git.resolve("commondir")));
    String home = env.get("HOME");
    if (home != null && !home.isBlank()) {
      singles.add(Path.of(home, ".gitconfig"));
      singles.add(Path.of(home, ".config", "git", "config"));
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank()) {
      singles.add(Path.of(xdg, "git", "config"));
    }
    List<Path> folders = List.of(git.resolve("hooks"), git.resolve("info"));
    Map<Path, Optional<byte[]>> files = new LinkedHashMap<>();
    singles.forEach(p -> take(files, p));
    for (Path folder : folders) {
      filesIn(folder).forEach(p -> take(files, p));
    }
    return new GitControlFiles(files, folders);
  }

  /** Puts back what changed since {@link #take}; the paths put back (empty when nothing changed). */
  List<Path> restore() {
    List<Path> changed = new ArrayList<>();
    for (Path folder : folders) {
      if (Files.isSymbolicLink(folder)) {
        changed.add(folder);
        try {
          Files.delete(folder);
          Files.createDirectories(folder);
        } catch (IOException e) {
          // reported as changed
        }
      }
    }
    for (Path folder : folders) {
      for (Path p : filesIn(folder)) {
        if (!files.containsKey(p)) {
          files.put(p, Optional.empty()); // added by the run: to be removed
        }
      }
    }
    files.forEach((path, before) -> {
      Optional<byte[]> now = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? Optional.empty() : read(path);
      boolean same = before.isPresent() == now.isPresent() && (before.isEmpty() || Arrays.equals(before.get(), now.get()))
          && !Files.isSymbolicLink(path);
      if (!same) {
        changed.add(path);
        try {
          Files.deleteIfExists(path);
          if (before.isPresent()) {
            Files.createDirectories(path.getParent());
            Files.write(path, before.get());
          }
        } catch (IOException e) {
          // reported as changed; the caller fails the run
        }
      }
    });
    return changed;
  }

  private static List<Path> filesIn(Path folder) {
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).limit(MAX_FILES).toList();
    } catch (IOException | UncheckedIOException e) {
      return List.of();
    }
  }

  /** Records a plain file or an absent one; anything else (a folder, a link ACS found there) is left alone. */
  private static void take(Map<Path, Optional<byte[]>> files, Path p) {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      files.put(p, Optional.empty());
    } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      Optional<byte[]> content = read(p);
      if (content.isPresent()) {
        files.put(p, content);
      }
    }
  }

  /** A plain file's bytes; a link, a folder or an oversized file reads as different from any content. */
  private static Optional<byte[]> read(Path p) {
    try {
      if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.size(p) <= MAX_BYTES) {
        return Optional.of(Files.readAllBytes(p));
      }
      return Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? Optional.of(new byte[] {-1}) : Optional.empty();
    } catch (IOException e) {
      return Optional.of(new byte[] {-1});
    }
  }
}
