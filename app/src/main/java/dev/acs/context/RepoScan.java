package dev.acs.context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.Query;

/**
 * One reading of a repository's files for ranking: the text files, what each declares and uses,
 * the lexical index over them and (built on first use) the reference graph. Made by {@link
 * ScanCache} (cached per working tree and commit, rebuilt incrementally) or, for a list of files
 * in memory, by {@link #of}. Immutable once made; safe to rank with from several threads.
 */
public final class RepoScan {
  private final List<SourceFile> files;
  private final Map<String, SourceFile> byPath;
  private final Map<String, FileFacts> facts;
  private final DirectoryReader reader;
  private final String commit;
  private final int reread;
  private final List<String> paths;
  private volatile ReferenceGraph graph;
  private volatile String[] docPaths;

  RepoScan(List<SourceFile> files, Map<String, FileFacts> facts, DirectoryReader reader, String commit, int reread) {
    this(files, facts, reader, commit, reread, files.stream().map(SourceFile::path).sorted().toList());
  }

  RepoScan(List<SourceFile> files, Map<String, FileFacts> facts, DirectoryReader reader, String commit, int reread, List<String> paths) {
    this.paths = List.copyOf(paths);
    this.files = List.copyOf(files);
    this.byPath = new HashMap<>(files.size() * 2);
    files.forEach(f -> byPath.put(f.path(), f));
    this.facts = Map.copyOf(facts);
    this.reader = reader;
    this.commit = commit;
    this.reread = reread;
  }

  /** A scan of files held in memory (no cache: indexed now). */
  public static RepoScan of(List<SourceFile> files) {
    Map<String, FileFacts> facts = new HashMap<>(files.size() * 2);
    try (LexicalIndex index = new LexicalIndex()) {
      for (SourceFile f : files) {
        FileFacts ff = FileFacts.of(f.text());
        facts.put(f.path(), ff);
        index.put(f, ff);
      }
      // The reader keeps the in-memory segments alive after the writer is closed.
      DirectoryReader reader = index.current();
      reader.incRef();
      return new RepoScan(files, facts, reader, null, files.size());
    }
  }

  /** The text files, sorted by path. */
  public List<SourceFile> files() {
    return files;
  }

  /**
   * Every file of the tree, sorted by path: the text files and also binary ones, links and files
   * of vendored folders ({@code vendor}, {@code dist}) that are listed but not read; not git's
   * own files or the folders nothing looks into (build output, {@code node_modules}). For a scan
   * of files in memory, their paths.
   */
  public List<String> paths() {
    return paths;
  }

  /**
   * The text file at {@code path}, or null (not a text file, or not there). The same instance as
   * long as the file is unchanged, so it can key what is derived from it (an outline).
   */
  public SourceFile file(String path) {
    return byPath.get(path);
  }

  /** The commit the working tree was at (HEAD), or null when not known. */
  public String commit() {
    return commit;
  }

  /** How many files were read to make this scan (all of them for a cold scan, the changed ones for an incremental one). */
  public int filesRead() {
    return reread;
  }

  /** The index's reader as this scan made it (owned by the cache: use under {@link DirectoryReader#tryIncRef}). */
  DirectoryReader reader() {
    return reader;
  }

  FileFacts facts(String path) {
    return facts.get(path);
  }

  /** The definition/reference graph of the files, built on first use. */
  ReferenceGraph graph() {
    ReferenceGraph g = graph;
    if (g == null) {
      synchronized (this) {
        g = graph;
        if (g == null) {
          g = ReferenceGraph.of(this);
          graph = g;
        }
      }
    }
    return g;
  }

  /** Lexical scores for {@code query}, by path. */
  Map<String, Double> search(Query query) {
    if (!reader.tryIncRef()) {
      // The cache released this reading's index (the tree was scanned again since): index anew.
      return of(files).search(query);
    }
    try {
      String[] paths = docPaths;
      if (paths == null) {
        paths = LexicalIndex.paths(reader);
        docPaths = paths;
      }
      return LexicalIndex.search(reader, paths, query);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      release();
    }
  }

  /** The paths of at most {@code limit} files matching {@code query}, best first. */
  List<String> matching(Query query, int limit) {
    if (!reader.tryIncRef()) {
      return of(files).matching(query, limit);
    }
    try {
      String[] paths = docPaths;
      if (paths == null) {
        paths = LexicalIndex.paths(reader);
        docPaths = paths;
      }
      return LexicalIndex.matching(reader, paths, query, limit);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      release();
    }
  }

  private void release() {
    try {
      reader.decRef();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
