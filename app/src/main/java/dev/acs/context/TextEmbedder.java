package dev.acs.context;

import java.util.List;

/**
 * Dense vectors of texts whose cosine says how close two texts are in meaning. The ranking uses
 * one, when given, to re-rank its first files against the issue; the implementation (an
 * in-process model) lives with the other model code in {@code dev.acs.agent}.
 */
public interface TextEmbedder {
  /** One vector per text, in order. */
  List<float[]> embed(List<String> texts);
}
