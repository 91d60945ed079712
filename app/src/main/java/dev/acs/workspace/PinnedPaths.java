package dev.acs.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.attributes.Attribute;
import org.eclipse.jgit.attributes.AttributesNode;
import org.eclipse.jgit.attributes.AttributesRule;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Paths ACS keeps exactly as git has them: submodules (the gitlink and anything under its folder,
 * which ACS never fills) and Git LFS files (a pointer in the repository, the content on the LFS
 * server). Committing content over an LFS pointer would put the file itself into git history, and
 * a commit without a gitlink deletes the submodule; so the model's tools refuse these paths
 * ({@link ConfinedFiles}) and staging leaves them alone ({@link StageChanges}).
 */
final class PinnedPaths {
  /** The first line of every LFS pointer (and of the pre-1.0 "hawser" ones). */
  private static final List<String> LFS_POINTER_STARTS =
      List.of("version https://git-lfs.github.com/spec/v1", "version https://hawser.github.com/spec/v1");
  private static final int LFS_POINTER_MAX_BYTES = 1024;
  private static final String ATTRIBUTES = Constants.DOT_GIT_ATTRIBUTES;

  private final Path root;
  private final Set<String> gitlinks;
  private final Map<Path, Optional<AttributesNode>> attributes = new HashMap<>();

  private PinnedPaths(Path root, Set<String> gitlinks) {
    this.root = root;
    this.gitlinks = gitlinks;
  }

  /** The pins of the working tree at {@code root}; no submodules when it is not a git checkout. */
  static PinnedPaths of(Path root) {
    if (!Files.exists(root.resolve(Constants.DOT_GIT), LinkOption.NOFOLLOW_LINKS)) {
      return new PinnedPaths(root, Set.of());
    }
    try (Repository repo = new FileRepositoryBuilder().setWorkTree(root.toFile()).setMustExist(true).build()) {
      return of(repo);
    } catch (IOException | IllegalArgumentException e) {
      // Not a usable repository: git itself would see no submodules there either.
      return new PinnedPaths(root, Set.of());
    }
  }

  static PinnedPaths of(Repository repo) throws IOException {
    DirCache index = repo.readDirCache();
    Set<String> links = new TreeSet<>();
    for (int i = 0; i < index.getEntryCount(); i++) {
      DirCacheEntry e = index.getEntry(i);
      if (e.getFileMode() == FileMode.GITLINK) {
        links.add(e.getPathString());
      }
    }
    return new PinnedPaths(repo.getWorkTree().toPath(), links);
  }

  Set<String> gitlinks() {
    return gitlinks;
  }

  /** The submodule {@code path} is or lies in, if any. */
  Optional<String> submoduleOf(String path) {
    for (String link : gitlinks) {
      if (path.equals(link) || path.startsWith(link + "/")) {
        return Optional.of(link);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code .gitattributes} gives the path {@code filter=lfs}, or the file on disk is an LFS pointer. */
  boolean isLfs(String path) {
    return "lfs".equals(filterOf(path)) || isLfsPointer(root.resolve(path));
  }

  /** Why the model may not create, change or delete {@code path}; empty when it may. */
  Optional<String> refusal(String path) {
    Optional<String> submodule = submoduleOf(path);
    if (submodule.isPresent()) {
      return Optional.of("'" + path + "' is " + (submodule.get().equals(path) ? "" : "inside ") + "the git submodule '"
          + submodule.get() + "'; its files live in another repository and ACS leaves submodules as they are."
          + " Change the files of this repository instead.");
    }
    if (isLfs(path)) {
      return Optional.of("'" + path + "' is a Git LFS file: the repository holds only a small pointer and the content"
          + " lives on the LFS server, so ACS does not create, change or delete LFS files. Leave it as it is.");
    }
    return Optional.empty();
  }

  static boolean isLfsPointer(Path file) {
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > LFS_POINTER_MAX_BYTES) {
        return false;
      }
      String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
      return LFS_POINTER_STARTS.stream().anyMatch(text::startsWith);
    } catch (IOException e) {
      return false;
    }
  }

  // The "filter" attribute as git resolves it: the deepest .gitattributes decides, and in a file
  // the last matching line. Only the checked-in files count, not .git/info/attributes (ACS writes
  // "* -filter" there so that no filter ever runs in its working trees).
  private String filterOf(String path) {
    List<Path> dirs = new ArrayList<>();
    Path dir = root.resolve(path).getParent();
    while (dir != null && dir.startsWith(root)) {
      dirs.add(dir);
      dir = dir.equals(root) ? null : dir.getParent();
    }
    for (Path d : dirs) {
      Optional<AttributesNode> node = attributes.computeIfAbsent(d, PinnedPaths::readAttributes);
      if (node.isEmpty()) {
        continue;
      }
      List<AttributesRule> rules = node.get().getRules();
      for (int i = rules.size() - 1; i >= 0; i--) {
        AttributesRule rule = rules.get(i);
        if (!rule.isMatch(path, false)) {
          continue;
        }
        for (Attribute a : rule.getAttributes()) {
          if (Constants.ATTR_FILTER.equals(a.getKey())) {
            return a.getState() == Attribute.State.CUSTOM ? a.getValue() : null;
          }
        }
      }
    }
    return null;
  }

  private static Optional<AttributesNode> readAttributes(Path dir) {
    Path file = dir.resolve(ATTRIBUTES);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    AttributesNode node = new AttributesNode();
    try (InputStream in = Files.newInputStream(file)) {
      node.parse(in);
      return Optional.of(node);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
