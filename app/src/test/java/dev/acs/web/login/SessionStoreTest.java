package dev.acs.web.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.task.Database;
import dev.acs.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Migration V8 and the session queries on both databases ACS supports. */
class SessionStoreTest {
  static java.util.stream.Stream<TestDatabases.Kind> kinds() {
    return TestDatabases.both();
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void aSessionIsFoundByItsHashUntilItExpiresAndIsGoneAfterItEnds(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      SessionStore store = new SessionStore(db.dataSource());
      Instant now = Instant.parse("2026-12-04T12:00:00Z");
      SessionStore.Row row = new SessionStore.Row(SessionKeys.hash("id-1"), "octocat", "c2VhbGVk", now.plus(Duration.ofHours(8)));
      store.insert(row, now);

      assertThat(store.find(row.idHash(), now.plus(Duration.ofHours(7)))).hasValueSatisfying(found -> {
        assertThat(found.login()).isEqualTo("octocat");
        assertThat(found.tokenSealed()).isEqualTo("c2VhbGVk");
        assertThat(found.expiresAt()).isEqualTo(row.expiresAt());
      });
      assertThat(store.find(row.idHash(), now.plus(Duration.ofHours(8)))).isEmpty();
      assertThat(store.find(SessionKeys.hash("id-2"), now)).isEmpty();

      // The next login sweeps the expired row away.
      SessionStore.Row next = new SessionStore.Row(SessionKeys.hash("id-2"), "hubot", "c2VhbGVk", now.plus(Duration.ofHours(17)));
      store.insert(next, now.plus(Duration.ofHours(9)));
      assertThat(store.find(row.idHash(), now)).isEmpty();

      store.delete(next.idHash());
      assertThat(store.find(next.idHash(), now.plus(Duration.ofHours(10)))).isEmpty();
    }
  }
}
