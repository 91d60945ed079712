package dev.acs.context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The latest scan of each repository, for a new working tree of it to start from ({@link
 * ScanCache}): which blob each file held, the file as read, and the scan's index. A seed outlives
 * its working tree (a task's tree is deleted when the task ends, the next task of the repository
 * makes a new one), so it holds its own reference to the index's reader; at most {@code max}
 * repositories are kept (least recently used dropped).
 *
 * <p>Its lock is taken inside a tree's and never the other way round.
 */
final class ScanSeeds {
  /** A file as read: {@code version} is {@code "blob <id>"} or {@code "stat <size> <time>"}; {@code file} null for a binary file. */
  record Held(String version, SourceFile file, FileFacts facts) {
    boolean isBlob() {
      return version.startsWith("blob ");
    }
  }

  /** A repository's latest scan and the files of it that git vouches for (their version is a blob id). */
  record Seed(Map<String, Held> blobs, RepoScan scan) {}

  private final int max;
  private final Map<String, Seed> seeds = new LinkedHashMap<>(16, 0.75f, true);

  ScanSeeds(int max) {
    this.max = max;
  }

  /**
   * The latest seed of {@code repository} with its reader's reference count raised (the caller
   * decrements it when done: {@link #release}), or null.
   */
  synchronized Seed take(String repository) {
    Seed s = seeds.get(repository);
    if (s == null) {
      return null;
    }
    if (!s.scan().reader().tryIncRef()) {
      seeds.remove(repository);
      return null;
    }
    return s;
  }

  static void release(Seed seed) {
    try {
      seed.scan().reader().decRef();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Keeps {@code scan} as {@code repository}'s latest, with the blob-versioned entries of {@code held}. */
  void offer(String repository, Map<String, Held> held, RepoScan scan) {
    Map<String, Held> blobs = new HashMap<>(held.size() * 2);
    held.forEach((path, h) -> {
      if (h.isBlob()) {
        blobs.put(path, h);
      }
    });
    Seed fresh = new Seed(Map.copyOf(blobs), scan);
    synchronized (this) {
      if (!scan.reader().tryIncRef()) {
        return;
      }
      Seed old = seeds.put(repository, fresh);
      if (old != null) {
        release(old);
      }
      Iterator<Seed> it = seeds.values().iterator();
      while (seeds.size() > max && it.hasNext()) {
        Seed eldest = it.next();
        it.remove();
        release(eldest);
      }
    }
  }

  /** The repositories with a seed. */
  synchronized Set<String> repositories() {
    return Set.copyOf(seeds.keySet());
  }

  /** How many repositories have a seed. */
  synchronized int size() {
    return seeds.size();
  }
}
