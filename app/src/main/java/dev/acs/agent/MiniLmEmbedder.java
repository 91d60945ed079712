package dev.acs.agent;

import dev.acs.context.TextEmbedder;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 run in process (ONNX, through LangChain4j; no network, no key): 384-dimension
 * sentence vectors for the ranking's re-ranking of its first files. The model loads on first use
 * (about a second); vectors of texts seen before (the same file head in the planner's and the
 * coder's ranking) are kept, up to {@link #CACHED} of them.
 */
public final class MiniLmEmbedder implements TextEmbedder {
  static final int CACHED = 20_000;
  private static final MiniLmEmbedder SHARED = new MiniLmEmbedder();

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MiniLmEmbedder.class);

  private EmbeddingModel model;
  /** Set when the model cannot run here (no native library for this platform): the ranking goes on without it. */
  private boolean unavailable;
  private final Map<String, float[]> cache = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
      return size() > CACHED;
    }
  };

  /** The embedder the agent's planner and coder share (one model in memory). */
  public static MiniLmEmbedder shared() {
    return SHARED;
  }

  @Override
  public synchronized List<float[]> embed(List<String> texts) {
    List<String> missing = new ArrayList<>();
    for (String t : texts) {
      if (!cache.containsKey(t) && !missing.contains(t)) {
        missing.add(t);
      }
    }
    if (!missing.isEmpty()) {
      if (unavailable) {
        return texts.stream().map(t -> new float[0]).toList();
      }
      List<Embedding> vectors;
      try {
        if (model == null) {
          model = new AllMiniLmL6V2EmbeddingModel();
        }
        // The model refuses an empty text; a blank one stands for "nothing to say".
        vectors = model.embedAll(missing.stream().map(t -> TextSegment.from(t.isBlank() ? "-" : t)).toList()).content();
      } catch (RuntimeException | LinkageError e) {
        unavailable = true;
        LOG.warn("the embedding model cannot run here; files are ranked without it: {}", e.toString());
        return texts.stream().map(t -> new float[0]).toList();
      }
      for (int i = 0; i < missing.size(); i++) {
        cache.put(missing.get(i), vectors.get(i).vector());
      }
    }
    List<float[]> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      out.add(cache.get(t).clone());
    }
    return out;
  }
}
