package dev.acs.context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The Lucene index behind the lexical ranking: one document per file with three fields (the
 * words of its path, the names it declares, every identifier in it, camelCase / snake_case
 * split), kept in memory and updated file by file, so that a scan after a commit or an edit only
 * re-indexes the files that changed.
 */
final class LexicalIndex implements AutoCloseable {
  /**
   * Lucene says on first use, through java.util.logging, that the Vector API module is not
   * enabled: true, and harmless for indexes this small, but it lands on the user's terminal. Held
   * in a field because java.util.logging keeps only weak references to its loggers.
   */
  static final java.util.logging.Logger LUCENE_VECTORS = quiet("org.apache.lucene.internal.vectorization");

  private final ByteBuffersDirectory dir = new ByteBuffersDirectory();
  private final IndexWriter writer;
  private DirectoryReader reader;

  LexicalIndex() {
    try {
      writer = new IndexWriter(dir, new IndexWriterConfig(new StandardAnalyzer()).setOpenMode(IndexWriterConfig.OpenMode.CREATE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds or replaces the document of {@code file}. */
  void put(SourceFile file, FileFacts facts) {
    try {
      writer.updateDocument(new Term("id", file.path()), document(file, facts));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Adds the documents of {@code paths} as another index's reader holds them (copied, not
   * analysed again), for a new working tree of a repository already indexed. This index must not
   * hold them yet: the copy adds, it does not replace.
   */
  void copy(DirectoryReader from, Set<String> paths) {
    try {
      writer.addIndexes(IndexCopy.only(from, paths));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void remove(String path) {
    try {
      writer.deleteDocuments(new Term("id", path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A reader of the index as it is now, owned by this index: use it under {@link
   * DirectoryReader#tryIncRef}. The previous reader is released; searches still running on it finish.
   */
  synchronized DirectoryReader current() {
    try {
      if (reader == null) {
        reader = DirectoryReader.open(writer);
      } else {
        DirectoryReader fresh = DirectoryReader.openIfChanged(reader, writer); // NOPMD CloseResource: kept as the current reader, released when replaced
        if (fresh != null) {
          reader.decRef();
          reader = fresh;
        }
      }
      return reader;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      if (reader != null) {
        reader.decRef();
        reader = null;
      }
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Document document(SourceFile f, FileFacts facts) {
    Document d = new Document();
    d.add(new StringField("id", f.path(), Field.Store.YES));
    d.add(new TextField("path", String.join(" ", Terms.of(f.path())), Field.Store.NO));
    Set<String> defs = new java.util.LinkedHashSet<>(facts.types());
    defs.addAll(facts.functions());
    d.add(new TextField("defs", String.join(" ", Terms.of(String.join(" ", defs))), Field.Store.NO));
    d.add(new TextField("body", String.join(" ", Terms.of(f.text())).toLowerCase(Locale.ROOT), Field.Store.NO));
    return d;
  }

  /** Scores of the files matching {@code query}, by path; {@code paths} names each document of {@code reader} ({@link #paths}). */
  static Map<String, Double> search(DirectoryReader reader, String[] paths, Query query) throws IOException {
    Map<String, Double> scores = new LinkedHashMap<>();
    IndexSearcher searcher = new IndexSearcher(reader);
    for (ScoreDoc hit : searcher.search(query, Math.max(1, reader.numDocs())).scoreDocs) {
      scores.put(paths[hit.doc], (double) hit.score);
    }
    return scores;
  }

  /** The paths of at most {@code limit} documents matching {@code query}, best first. */
  static java.util.List<String> matching(DirectoryReader reader, String[] paths, Query query, int limit) throws IOException {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (ScoreDoc hit : new IndexSearcher(reader).search(query, limit).scoreDocs) {
      out.add(paths[hit.doc]);
    }
    return out;
  }

  /** The path of each document of {@code reader}, by document number: read once per reader, not per search. */
  static String[] paths(DirectoryReader reader) throws IOException {
    String[] out = new String[reader.maxDoc()];
    org.apache.lucene.index.StoredFields stored = reader.storedFields();
    org.apache.lucene.util.Bits live = org.apache.lucene.index.MultiBits.getLiveDocs(reader);
    for (int d = 0; d < out.length; d++) {
      if (live == null || live.get(d)) {
        out[d] = stored.document(d).get("id");
      }
    }
    return out;
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.SEVERE);
    return logger;
  }
}
