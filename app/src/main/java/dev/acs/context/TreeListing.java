package dev.acs.context;

import dev.acs.workspace.TrackedFiles;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One walk of a working tree for {@link ScanCache}: the version of every file the ranking reads
 * (its blob id while git vouches for it, else its size and time), and every path the repository
 * map lists (binary files, links and vendored folders too), so that the map need not walk the
 * tree again. Links are not followed; git's own files and the folders below are never entered.
 *
 * @param versions by path, the files the ranking reads: regular files outside vendored or built folders
 * @param paths every entry that is not a folder, sorted: what the map lists
 */
record TreeListing(Map<String, String> versions, List<String> paths) {
  static TreeListing of(Path root, Map<String, TrackedFiles.Entry> tracked) throws IOException {
    Map<String, String> versions = new HashMap<>();
    List<String> paths = new ArrayList<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      /** How many folders the walk is in whose files are listed but not read ({@code dist}, {@code vendor}). */
      private int listedOnly;

      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (dir.equals(root)) {
          return FileVisitResult.CONTINUE;
        }
        String name = dir.getFileName().toString();
        if (TrackedFiles.isGitName(name) || SourceFile.unlistedDir(name)) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        if (SourceFile.listedOnlyDir(name)) {
          listedOnly++;
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) {
        if (!dir.equals(root) && SourceFile.listedOnlyDir(dir.getFileName().toString())) {
          listedOnly--;
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        // A linked worktree or submodule has a ".git" file: git's, like the folder.
        if (TrackedFiles.isGitName(file.getFileName().toString())) {
          return FileVisitResult.CONTINUE;
        }
        String rel = root.relativize(file).toString().replace('\\', '/');
        paths.add(rel);
        if (attrs.isRegularFile() && listedOnly == 0) {
          java.time.Instant t = attrs.lastModifiedTime().toInstant();
          long nanos = t.getEpochSecond() * 1_000_000_000L + t.getNano();
          TrackedFiles.Entry e = tracked.get(rel);
          // The index's blob is the file's content while size and time are the ones git recorded.
          versions.put(rel, e != null && e.size() == attrs.size() && e.modifiedNanos() == nanos ? "blob " + e.blobId() : "stat " + attrs.size() + " " + nanos);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        // Gone or unreadable since the folder was listed: neither read nor listed.
        return FileVisitResult.CONTINUE;
      }
    });
    paths.sort(null);
    return new TreeListing(versions, List.copyOf(paths));
  }
}
