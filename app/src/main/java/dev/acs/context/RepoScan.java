package dev.acs.context;

import dev.acs.workspace.FileHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
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
  private final Supplier<FileHistory> historySource;
  private volatile ReferenceGraph graph;
  private volatile String[] docPaths;
  private volatile FileHistory history;

  RepoScan(List<SourceFile> files, Map<String, FileFacts> facts, DirectoryReader reader, String commit, int reread) {
    this(files, facts, reader, commit, reread, files.stream().map(SourceFile::path).sorted().toList(), () -> FileHistory.NONE);
  }

  RepoScan(List<SourceFile> files, Map<String, FileFacts> facts, DirectoryReader reader, String commit, int reread, List<String> paths,
      Supplier<FileHistory> historySource) {
    this.paths = List.copyOf(paths);
    this.files = List.copyOf(files);
    this.byPath = new HashMap<>(files.size() * 2);
    files.forEach(f -> byPath.put(f.path(), f));
    this.facts = Map.copyOf(facts);
    this.reader = reader;
    this.commit = commit;
    this.reread = reread;
    this.historySource = historySource;
  }

  /** The same reading of the files, with {@code history} as theirs (the graph, built or not, is shared). */
  private RepoScan(RepoScan of, FileHistory history) {
    this.paths = of.paths;
    this.files = of.files;
    this.byPath = of.byPath;
    this.facts = of.facts;
    this.reader = of.reader;
    this.commit = of.commit;
    this.reread = of.reread;
    this.graph = of.graph;
    this.docPaths = of.docPaths;
    this.historySource = () -> history;
    this.history = history;
  }

  /**
   * This scan with the files' history taken from elsewhere: for a tree exported from a commit (no
   * git of its own), the history of that commit in its repository.
   */
  public RepoScan withHistory(FileHistory history) {
    return new RepoScan(this, history);
  }

  /**
   * Which files the last commits changed ({@link FileHistory}), read from the working tree's git
   * on first use and kept with this scan (a new commit makes a new scan); {@link FileHistory#NONE}
   * for files in memory, a tree without git or a history that cannot be read.
   */
  public FileHistory history() {
    FileHistory h = history;
    if (h == null) {
      synchronized (this) {
        h = history;
        if (h == null) {
          try {
            h = historySource.get();
          } catch (RuntimeException e) {
            h = FileHistory.NONE;
          }
          history = h;
        }
      }
    }
    return h;
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
