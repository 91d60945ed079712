package dev.acs.context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The textbook baseline: Lucene's BM25 over each file's contents with the standard analyzer, the
 * issue text as a bag of words. Kept to measure ACS's ranking against.
 */
public final class ContentBm25 {
  static final int MAX_CLAUSES = 1000;

  private ContentBm25() {}

  /** Paths of {@code files}, best match for {@code query} first (files matching nothing last, by path). */
  public static List<String> rank(List<SourceFile> files, String query) {
    java.util.Objects.requireNonNull(LexicalIndex.LUCENE_VECTORS); // quiet Lucene's start-up note first
    try (Analyzer analyzer = new StandardAnalyzer(); ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
      try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(analyzer))) {
        for (SourceFile f : files) {
          Document d = new Document();
          d.add(new StoredField("path", f.path()));
          d.add(new TextField("body", f.text(), Field.Store.NO));
          w.addDocument(d);
        }
      }
      Map<String, Integer> counts = new LinkedHashMap<>();
      try (TokenStream ts = analyzer.tokenStream("body", query)) {
        CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
        ts.reset();
        while (ts.incrementToken()) {
          counts.merge(term.toString(), 1, Integer::sum);
        }
        ts.end();
      }
      List<Query> clauses = new ArrayList<>();
      counts.forEach((t, n) -> clauses.add(new BoostQuery(new TermQuery(new Term("body", t)), n)));
      return search(dir, clauses, files);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs the OR of {@code clauses} (at most {@link #MAX_CLAUSES}) and lists every file, hits first. */
  static List<String> search(ByteBuffersDirectory dir, List<Query> clauses, List<SourceFile> files) throws IOException {
    BooleanQuery.Builder q = new BooleanQuery.Builder();
    for (Query c : clauses.subList(0, Math.min(clauses.size(), MAX_CLAUSES))) {
      q.add(c, BooleanClause.Occur.SHOULD);
    }
    List<String> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    try (DirectoryReader reader = DirectoryReader.open(dir)) {
      IndexSearcher searcher = new IndexSearcher(reader);
      for (ScoreDoc hit : searcher.search(q.build(), Math.max(1, files.size())).scoreDocs) {
        String path = searcher.storedFields().document(hit.doc).get("path");
        out.add(path);
        seen.add(path);
      }
    }
    for (SourceFile f : files) {
      if (seen.add(f.path())) {
        out.add(f.path());
      }
    }
    return out;
  }
}
