package dev.acs.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.task.InstallationStore.InstallationRow;
import dev.acs.task.InstallationStore.RepositoryRow;
import dev.acs.task.TestDatabases.Kind;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InstallationStoreTest {
  private static InstallationRow installation(long id, Instant suspendedAt) {
    return new InstallationRow(id, "octo", "Organization", "selected", 29310L, suspendedAt, suspendedAt == null ? null : "admin");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void recordsUpdatesAndRemovesInstallationsWithTheirRepositories(Kind kind) throws Exception {
    try (Database db = TestDatabases.open(kind)) {
      InstallationStore store = new InstallationStore(db);
      store.save(installation(7, null), List.of(new RepositoryRow(1, "octo/a", false), new RepositoryRow(2, "octo/b", true)));
      store.save(installation(7, null), List.of(new RepositoryRow(1, "octo/a", false))); // same event twice: no change
      assertThat(store.find(7)).hasValueSatisfying(i -> {
        assertThat(i.accountLogin()).isEqualTo("octo");
        assertThat(i.isSuspended()).isFalse();
      });
      assertThat(store.repositories(7)).containsExactly(new RepositoryRow(1, "octo/a", false), new RepositoryRow(2, "octo/b", true));
      assertThat(store.installationOf("octo/b")).contains(7L);

      Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      store.save(installation(7, at), List.of());
      assertThat(store.find(7).orElseThrow().suspendedAt()).isEqualTo(at);
      assertThat(store.find(7).orElseThrow().suspendedBy()).isEqualTo("admin");
      store.save(installation(7, null), List.of());
      assertThat(store.find(7).orElseThrow().isSuspended()).isFalse();

      store.changeRepositories(installation(7, null), List.of(new RepositoryRow(3, "octo/c", false)), List.of(new RepositoryRow(1, "octo/a", false)));
      assertThat(store.repositories(7)).extracting(RepositoryRow::fullName).containsExactly("octo/b", "octo/c");

      assertThat(store.delete(7)).isTrue();
      assertThat(store.find(7)).isEmpty();
      assertThat(store.repositories(7)).isEmpty();
      assertThat(store.installationOf("octo/b")).isEmpty();
      assertThat(store.delete(7)).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void repositoriesOfAnUnrecordedInstallationCreateIt(Kind kind) throws Exception {
    try (Database db = TestDatabases.open(kind)) {
      InstallationStore store = new InstallationStore(db);
      store.changeRepositories(installation(9, null), List.of(new RepositoryRow(5, "octo/x", false)), List.of());
      assertThat(store.find(9)).isPresent();
      assertThat(store.repositories(9)).extracting(RepositoryRow::fullName).containsExactly("octo/x");
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void concurrentEventsOfOneNewInstallationAllSucceed(Kind kind) throws Exception {
    try (Database db = TestDatabases.open(kind)) {
      InstallationStore store = new InstallationStore(db);
      var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
      var start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<?>> saves = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        saves.add(pool.submit(() -> {
          start.await();
          store.save(installation(11, null), List.of(new RepositoryRow(1, "octo/a", false)));
          return null;
        }));
      }
      start.countDown();
      for (var f : saves) {
        f.get(); // no unique-key failure surfaces
      }
      pool.shutdown();
      assertThat(store.find(11)).isPresent();
      assertThat(store.repositories(11)).hasSize(1);
    }
  }
}
