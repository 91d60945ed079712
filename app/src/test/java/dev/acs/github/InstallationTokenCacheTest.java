package dev.acs.github;

import dev.acs.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InstallationTokenCacheTest {
  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  final MutableClock clock = new MutableClock(T0);
  final Map<Long, AtomicInteger> mints = new ConcurrentHashMap<>();

  /** Mints "t<installation>-<n>" valid for an hour from now, like GitHub. */
  InstallationToken mint(long installation) {
    int n = mints.computeIfAbsent(installation, i -> new AtomicInteger()).incrementAndGet();
    return new InstallationToken("t" + installation + "-" + n, clock.instant().plus(Duration.ofHours(1)));
  }

  int minted(long installation) {
    return mints.getOrDefault(installation, new AtomicInteger()).get();
  }

  @Test
  void reusesATokenUntilFiveMinutesBeforeItExpires() {
    InstallationTokenCache cache = new InstallationTokenCache(this::mint, clock);
    assertThat(cache.token(1)).isEqualTo("t1-1");

    clock.advance(Duration.ofMinutes(54).plusSeconds(59));
    assertThat(cache.token(1)).isEqualTo("t1-1");
    assertThat(minted(1)).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1)); // 55 min: 5 min before expiry
    assertThat(cache.token(1)).isEqualTo("t1-2");
    assertThat(minted(1)).isEqualTo(2);
  }

  @Test
  void keepsOneTokenPerInstallation() {
    InstallationTokenCache cache = new InstallationTokenCache(this::mint, clock);
    assertThat(cache.token(1)).isEqualTo("t1-1");
    assertThat(cache.token(2)).isEqualTo("t2-1");
    assertThat(cache.token(1)).isEqualTo("t1-1");
    assertThat(minted(1)).isEqualTo(1);
    assertThat(minted(2)).isEqualTo(1);
  }

  @Test
  void invalidateMakesTheNextCallMint() {
    InstallationTokenCache cache = new InstallationTokenCache(this::mint, clock);
    cache.token(1);
    cache.invalidate(1);
    assertThat(cache.token(1)).isEqualTo("t1-2");
  }

  @Test
  void aTokenGitHubSaysIsAlmostExpiredIsStillReusedForAMinute() {
    // Our clock ahead of GitHub's: every token looks nearly expired. Minting per call would hammer GitHub.
    InstallationTokenCache cache = new InstallationTokenCache(
        id -> new InstallationToken("skewed-" + mints.computeIfAbsent(id, i -> new AtomicInteger()).incrementAndGet(),
            clock.instant().plus(Duration.ofMinutes(2))), clock);
    cache.token(1);
    clock.advance(Duration.ofSeconds(59));
    assertThat(cache.token(1)).isEqualTo("skewed-1");
    clock.advance(Duration.ofSeconds(1));
    assertThat(cache.token(1)).isEqualTo("skewed-2");
  }

  @Test
  void aFailedMintIsNotCachedAndSurfaces() {
    AtomicInteger calls = new AtomicInteger();
    InstallationTokenCache cache = new InstallationTokenCache(id -> {
      if (calls.incrementAndGet() == 1) {
        throw new GitHubException(502, "GitHub answered 502", null);
      }
      return mint(id);
    }, clock);
    assertThatThrownBy(() -> cache.token(1)).isInstanceOf(GitHubException.class);
    assertThat(cache.token(1)).isEqualTo("t1-1");
  }

  @Test
  void concurrentCallersForOneInstallationShareOneMint() throws Exception {
    CountDownLatch minting = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    InstallationTokenCache cache = new InstallationTokenCache(id -> {
      minting.countDown();
      await(release);
      return mint(id);
    }, clock);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(pool.submit(() -> cache.token(7)));
      }
      assertThat(minting.await(5, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(100); // let the other 15 callers reach the lock
      release.countDown();
      for (Future<String> r : results) {
        assertThat(r.get(5, TimeUnit.SECONDS)).isEqualTo("t7-1");
      }
      assertThat(minted(7)).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSlowMintForOneInstallationDoesNotHoldUpAnother() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    InstallationTokenCache cache = new InstallationTokenCache(id -> {
      if (id == 1) {
        await(release);
      }
      return mint(id);
    }, clock);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<String> slow = pool.submit(() -> cache.token(1));
      Future<String> other = pool.submit(() -> cache.token(2));
      assertThat(other.get(5, TimeUnit.SECONDS)).isEqualTo("t2-1");
      assertThat(slow.isDone()).isFalse();
      release.countDown();
      assertThat(slow.get(5, TimeUnit.SECONDS)).isEqualTo("t1-1");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aTokenRecordDoesNotPrintItsToken() {
    assertThat(new InstallationToken("ghs_secretvalue", T0).toString()).doesNotContain("ghs_secretvalue");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
