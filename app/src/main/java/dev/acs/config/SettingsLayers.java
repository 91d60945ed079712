package dev.acs.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings files laid over each other ({@code _extends}): the repository's own file on top of the
 * one it extends. Mappings merge key by key, as deep as they go; any other value (a list, text, a
 * number) of the upper file replaces the lower one whole, so a repository can shorten an
 * organisation's {@code protected_paths} as well as lengthen it.
 */
public final class SettingsLayers {
  private SettingsLayers() {}

  /** {@code top} over {@code base}; neither is changed. */
  public static JsonNode merge(JsonNode base, JsonNode top) {
    if (base == null || !base.isObject()) {
      return top == null ? null : top.deepCopy();
    }
    if (top == null || top.isMissingNode() || top.isNull()) {
      return base.deepCopy();
    }
    if (!top.isObject()) {
      return top.deepCopy();
    }
    ObjectNode out = ((ObjectNode) base).deepCopy();
    for (Iterator<Map.Entry<String, JsonNode>> it = top.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode below = out.get(e.getKey());
      out.set(e.getKey(), below != null && below.isObject() && e.getValue().isObject() ? merge(below, e.getValue()) : e.getValue().deepCopy());
    }
    return out;
  }

  /**
   * Which file set each value: the dotted path of every leaf of {@code top} names {@code topName},
   * every other leaf of {@code base} names {@code baseName}. {@code _extends} itself is left out.
   */
  public static Map<String, String> sources(JsonNode base, String baseName, JsonNode top, String topName) {
    Map<String, String> out = new LinkedHashMap<>();
    leaves(base, "", baseName, out);
    leaves(top, "", topName, out);
    out.remove(RepoConfig.EXTENDS);
    return out;
  }

  private static void leaves(JsonNode node, String prefix, String name, Map<String, String> out) {
    if (node == null || !node.isObject()) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix + e.getKey();
      if (e.getValue().isObject() && !e.getValue().isEmpty()) {
        leaves(e.getValue(), key + ".", name, out);
      } else {
        out.put(key, name);
      }
    }
  }
}
