package dev.acs.context;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FilterCodecReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.FixedBitSet;

/**
 * Some documents of an index, as readers {@code IndexWriter.addIndexes} copies from: the segments
 * of another index with every document but those of the given paths hidden. The copy takes the
 * documents as they were indexed (no file read, no text analysed again) and leaves the hidden
 * ones out altogether, so the new index holds no deleted documents and scores as an index built
 * from scratch over the same files would.
 */
final class IndexCopy {
  private IndexCopy() {}

  /** Readers of {@code from}'s documents whose path (their {@code id}) is in {@code paths}. */
  static CodecReader[] only(DirectoryReader from, Set<String> paths) throws IOException {
    List<CodecReader> out = new ArrayList<>();
    for (LeafReaderContext leaf : from.leaves()) {
      CodecReader segment = (CodecReader) leaf.reader(); // NOPMD CloseResource: a segment of the reader the caller holds, closed with it
      Bits live = segment.getLiveDocs();
      FixedBitSet kept = new FixedBitSet(segment.maxDoc());
      // The path is the "id" term of its document: walking the terms is much cheaper than reading
      // each document's stored fields.
      Terms ids = segment.terms("id");
      if (ids != null) {
        TermsEnum terms = ids.iterator();
        PostingsEnum docs = null;
        for (BytesRef id = terms.next(); id != null; id = terms.next()) {
          if (paths.contains(id.utf8ToString())) {
            docs = terms.postings(docs, PostingsEnum.NONE);
            for (int d = docs.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = docs.nextDoc()) {
              if (live == null || live.get(d)) {
                kept.set(d);
              }
            }
          }
        }
      }
      int count = kept.cardinality();
      if (count > 0) {
        out.add(new Kept(segment, kept, count));
      }
    }
    return out.toArray(CodecReader[]::new);
  }

  /** A segment with only some of its documents live. */
  private static final class Kept extends FilterCodecReader {
    private final Bits live;
    private final int count;

    Kept(CodecReader in, Bits live, int count) {
      super(in);
      this.live = live;
      this.count = count;
    }

    @Override
    public Bits getLiveDocs() {
      return live;
    }

    @Override
    public int numDocs() {
      return count;
    }

    // The source is an index in memory written moments ago by this process: reading every byte
    // of it again to verify checksums (as addIndexes does first) would guard against nothing.
    @Override
    public void checkIntegrity() {
      // nothing to verify
    }

    @Override
    public CacheHelper getCoreCacheHelper() {
      return null;
    }

    @Override
    public CacheHelper getReaderCacheHelper() {
      return null;
    }
  }
}
