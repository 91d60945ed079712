package dev.acs.context;

import dev.acs.context.ScanSeeds.Held;
import dev.acs.workspace.FileHistory;
import dev.acs.workspace.TrackedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Scans of working trees, kept between calls and brought up to date file by file. A file is read
 * again only when it changed: for a git working tree, a file whose size and time still match the
 * index holds the blob the index names, so after a checkout of another commit only the files of
 * other blobs are read (the diff of the two commits' trees, found without walking them), and after
 * an edit only the edited ones; outside git, size and modification time decide. The planner and
 * the coder of a task scan the same working tree, so the second scan costs a walk of the folders.
 *
 * <p>A new working tree of a repository already scanned (each task has its own tree of the
 * repository, borrowing the objects of its mirror) starts from that repository's latest scan
 * ({@link ScanSeeds}): the files whose blob is the same in both trees are taken as they were read
 * there, and their documents are copied from that scan's index ({@link IndexCopy}) rather than
 * analysed again; only the files of other blobs are read. A tree outside git, or one whose
 * repository is not known ({@link TrackedFiles.Snapshot#repository}), starts cold.
 *
 * <p>Holds the last scan of up to {@code maxTrees} working trees (least recently used dropped),
 * and the latest scan of up to {@code maxTrees} repositories to start new trees from.
 */
public final class ScanCache {
  private static final ScanCache SHARED = new ScanCache(4);

  private final int maxTrees;
  private final Map<Path, TreeState> trees;
  private final ScanSeeds seeds;

  public ScanCache(int maxTrees) {
    this.maxTrees = maxTrees;
    this.trees = new LinkedHashMap<>(16, 0.75f, true);
    this.seeds = new ScanSeeds(maxTrees);
  }

  /** The cache the agent's planner and coder share. */
  public static ScanCache shared() {
    return SHARED;
  }

  /** The scan of the working tree at {@code root} as it is now. */
  public RepoScan scan(Path root) throws IOException {
    Path key = root.toAbsolutePath().normalize();
    TreeState state;
    synchronized (this) {
      state = trees.computeIfAbsent(key, k -> new TreeState());
      while (trees.size() > maxTrees) {
        Path eldest = trees.keySet().iterator().next();
        TreeState old = trees.remove(eldest);
        synchronized (old) {
          old.close();
        }
      }
    }
    synchronized (state) {
      return state.update(key, seeds);
    }
  }

  /** What is kept: the working trees with a scan, and the repositories with a scan to start new trees from. */
  public record Kept(Set<Path> trees, Set<String> repositories) {}

  public Kept kept() {
    Set<Path> kept;
    synchronized (this) {
      kept = Set.copyOf(trees.keySet());
    }
    return new Kept(kept, seeds.repositories());
  }

  /** Drops what is kept for {@code root} (a working tree about to be deleted). */
  public void forget(Path root) {
    TreeState state;
    synchronized (this) {
      state = trees.remove(root.toAbsolutePath().normalize());
    }
    if (state != null) {
      synchronized (state) {
        state.close();
      }
    }
  }

  /** What is kept of one working tree: each file's version key, text and facts, and the index. */
  private static final class TreeState {
    private final Map<String, Held> held = new HashMap<>();
    private LexicalIndex index = new LexicalIndex();
    private RepoScan last;

    RepoScan update(Path root, ScanSeeds seeds) throws IOException {
      Optional<TrackedFiles.Snapshot> tracked = TrackedFiles.of(root);
      Map<String, TrackedFiles.Entry> index0 = tracked.map(TrackedFiles.Snapshot::files).orElse(Map.of());
      String repository = tracked.map(TrackedFiles.Snapshot::repository).orElse(null);
      TreeListing listing = TreeListing.of(root, index0);
      Map<String, String> versions = listing.versions();
      if (last == null && held.isEmpty() && repository != null) {
        startFrom(seeds.take(repository), versions);
      }
      int read = 0;
      Set<String> gone = new HashSet<>(held.keySet());
      gone.removeAll(versions.keySet());
      for (String path : gone) {
        held.remove(path);
        index.remove(path);
      }
      for (Map.Entry<String, String> v : versions.entrySet()) {
        Held h = held.get(v.getKey());
        if (h != null && h.version().equals(v.getValue())) {
          continue;
        }
        read++;
        Path file = root.resolve(v.getKey());
        long size = Files.size(file);
        String text = size > SourceFile.MAX_BYTES ? "" : SourceFile.textOf(Files.readAllBytes(file));
        if (text == null) {
          held.put(v.getKey(), new Held(v.getValue(), null, null));
          index.remove(v.getKey());
        } else {
          SourceFile f = new SourceFile(v.getKey(), text);
          FileFacts facts = FileFacts.of(text);
          held.put(v.getKey(), new Held(v.getValue(), f, facts));
          index.put(f, facts);
        }
      }
      String commit = tracked.map(TrackedFiles.Snapshot::headCommit).orElse(null);
      if (last != null && read == 0 && gone.isEmpty() && java.util.Objects.equals(commit, last.commit()) && listing.paths().equals(last.paths())) {
        return last;
      }
      List<SourceFile> files = new ArrayList<>(held.size());
      Map<String, FileFacts> facts = new HashMap<>(held.size() * 2);
      for (Held h : held.values()) {
        if (h.file() != null) {
          files.add(h.file());
          facts.put(h.file().path(), h.facts());
        }
      }
      files.sort((a, b) -> a.path().compareTo(b.path()));
      // The history is read on first use (ranking), not by every scan; a tree without git has none.
      last = new RepoScan(files, facts, index.current(), commit, read, listing.paths(),
          tracked.isPresent() ? () -> FileHistory.ofTree(root) : () -> FileHistory.NONE);
      if (repository != null) {
        seeds.offer(repository, held, last);
      }
      return last;
    }

    /**
     * Takes from {@code seed} the files whose version here is the blob they held there (same blob,
     * same content) and copies their documents into this tree's empty index. On any failure the
     * tree is left empty, to be read cold.
     */
    private void startFrom(ScanSeeds.Seed seed, Map<String, String> versions) {
      if (seed == null) {
        return;
      }
      try {
        Set<String> documents = new HashSet<>();
        seed.blobs().forEach((path, h) -> {
          if (h.version().equals(versions.get(path))) {
            held.put(path, h);
            if (h.file() != null) {
              documents.add(path);
            }
          }
        });
        index.copy(seed.scan().reader(), documents);
      } catch (java.io.UncheckedIOException | IllegalStateException e) {
        // The other tree's index was closed meanwhile (AlreadyClosedException) or could not be read.
        close();
      } finally {
        ScanSeeds.release(seed);
      }
    }

    void close() {
      index.close();
      held.clear();
      last = null;
      index = new LexicalIndex();
    }
  }
}
