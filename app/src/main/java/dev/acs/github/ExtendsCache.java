package dev.acs.github;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The files that repositories' settings extend ({@code _extends: .github}), kept for a short
 * time: every settings load of every repository of an organisation otherwise reads the
 * organisation's {@code .github} repository again (its default branch, then its file: two GitHub
 * requests). A change there takes effect within {@link #DEFAULT_TTL}.
 *
 * <p>Keyed by who reads and where ({@link RepoGitHub#cacheScope}: the API's URL and the App
 * installation, or a digest of the token) and the repository read, so that one installation never
 * gets what only another can read. What GitHub answered is kept, a file or its absence, or that
 * the repository cannot be read (404/403); failures that may pass (5xx, rate limits) are not.
 */
public final class ExtendsCache {
  /** How long a read is used: long enough for the bursts of events a task makes, short enough to edit settings by. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
  /** More entries than this and the expired ones go; more still and all go (a bound, not a policy). */
  static final int MAX_ENTRIES = 1_000;
  private static final ExtendsCache SHARED = new ExtendsCache(Clock.systemUTC(), DEFAULT_TTL);

  /**
   * What a read of another repository's settings file found: the default branch and the file's
   * text (null when there is no such file), or that the repository cannot be read ({@code branch} null).
   */
  public record Read(String branch, String text) {
    static Read unreadable() {
      return new Read(null, null);
    }

    boolean readable() {
      return branch != null;
    }
  }

  private record Entry(Read read, Instant until) {}

  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  public ExtendsCache(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
  }

  /** The cache settings loads share. */
  public static ExtendsCache shared() {
    return SHARED;
  }

  /** The read kept for {@code scope} and {@code fullName} while fresh, else {@code fetch}'s (kept from now on). */
  Read get(String scope, String fullName, Supplier<Read> fetch) {
    String key = scope + "\n" + fullName.toLowerCase(java.util.Locale.ROOT);
    Instant now = clock.instant();
    Entry e = entries.get(key);
    if (e != null && now.isBefore(e.until())) {
      return e.read();
    }
    Read read = fetch.get();
    if (entries.size() >= MAX_ENTRIES) {
      evict(now);
    }
    entries.put(key, new Entry(read, now.plus(ttl)));
    return read;
  }

  private void evict(Instant now) {
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext();) {
      if (!now.isBefore(it.next().until())) {
        it.remove();
      }
    }
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
  }
}
