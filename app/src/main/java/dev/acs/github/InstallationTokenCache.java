package dev.acs.github;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installation tokens, one per installation, reused until {@link #REFRESH_BEFORE} ahead of their
 * {@code expires_at} (GitHub issues them for an hour). Thread-safe; while one thread mints a token
 * for an installation, other threads asking for the same installation wait for that token instead
 * of minting their own; other installations are not held up.
 */
public final class InstallationTokenCache {
  /** Refresh this long before expiry, so a token handed out still lasts a git push. */
  public static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);

  /** Floor on reuse when GitHub's expiry looks already near (clock skew): do not mint per call. */
  static final Duration MIN_REUSE = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(InstallationTokenCache.class);

  /** Asks GitHub for a fresh token (POST /app/installations/{id}/access_tokens). */
  @FunctionalInterface
  public interface Minter {
    InstallationToken mint(long installationId);
  }

  private final Minter minter;
  private final Clock clock;
  private final ConcurrentMap<Long, Slot> slots = new ConcurrentHashMap<>();

  public InstallationTokenCache(Minter minter, Clock clock) {
    this.minter = minter;
    this.clock = clock;
  }

  /** A token for the installation that stays valid for at least a few more minutes. */
  public String token(long installationId) {
    return slots.computeIfAbsent(installationId, Slot::new).get();
  }

  /** Forgets the installation's token (after GitHub rejected it, or the App was uninstalled). */
  public void invalidate(long installationId) {
    Slot slot = slots.get(installationId);
    if (slot != null) {
      slot.clear();
    }
  }

  private final class Slot {
    private final long installationId;
    private InstallationToken token;
    private Instant refreshAt = Instant.MIN;

    Slot(long installationId) {
      this.installationId = installationId;
    }

    // One lock per installation: the mint happens inside it, so concurrent callers wait for it.
    synchronized String get() {
      Instant now = clock.instant();
      if (token == null || !now.isBefore(refreshAt)) {
        InstallationToken fresh = minter.mint(installationId);
        Instant wanted = fresh.expiresAt().minus(REFRESH_BEFORE);
        Instant floor = now.plus(MIN_REUSE);
        if (wanted.isBefore(floor)) {
          LOG.warn("Installation {} token expires at {}, less than {} from now ({}):"
                  + " is this machine's clock right?", installationId, fresh.expiresAt(),
              REFRESH_BEFORE, now);
          wanted = floor;
        }
        token = fresh;
        refreshAt = wanted;
      }
      return token.token();
    }

    synchronized void clear() {
      token = null;
      refreshAt = Instant.MIN;
    }
  }
}
