package dev.acs.metrics;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Keeps one label's values bounded: a value must look like a label ({@code [a-z0-9_+.-]}, short),
 * and past {@code max} distinct values new ones are reported as {@code other}. Every metric series
 * costs the scraper memory for as long as it lives, so a label never carries an id or a name that
 * grows with use (a task id, a repository).
 */
final class LabelValues {
  static final String OTHER = "other";
  private static final Pattern SHAPE = Pattern.compile("[a-z0-9_+.-]{1,60}");

  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final Set<String> known;
  private final int max;

  private LabelValues(Set<String> known, int max) {
    this.known = known;
    this.max = max;
  }

  /** Only these values; anything else is {@code other}. */
  static LabelValues of(String... values) {
    return new LabelValues(Set.of(values), 0);
  }

  /** Any well-shaped value, up to {@code max} distinct ones. */
  static LabelValues upTo(int max) {
    return new LabelValues(Set.of(), max);
  }

  String of(String raw) {
    String v = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
    if (known.contains(v)) {
      return v;
    }
    if (max == 0 || !SHAPE.matcher(v).matches()) {
      return OTHER;
    }
    if (seen.contains(v)) {
      return v;
    }
    synchronized (seen) {
      if (seen.size() >= max) {
        return OTHER;
      }
      seen.add(v);
      return v;
    }
  }

  Set<String> known() {
    return known;
  }
}
