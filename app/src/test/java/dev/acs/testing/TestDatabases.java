package dev.acs.testing;

import dev.acs.task.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Real databases for tests: a fresh in-memory H2, or a fresh database inside one embedded
 * PostgreSQL server that is started once per test JVM and stopped at exit.
 */
public final class TestDatabases {
  private static EmbeddedPostgres postgres;

  private TestDatabases() {}

  public static Database h2() {
    return Database.inMemory("t" + UUID.randomUUID().toString().replace("-", ""));
  }

  /** A new, empty PostgreSQL database (migrated) on the shared embedded server. */
  public static Database postgres() {
    EmbeddedPostgres pg = server();
    String name = "t" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return Database.open(pg.getJdbcUrl("postgres", name), "postgres", "", 20);
  }

  /** Both kinds, for @MethodSource-parameterized storage tests. */
  public static Stream<Kind> both() {
    return Stream.of(Kind.H2, Kind.POSTGRESQL);
  }

  public enum Kind {
    H2,
    POSTGRESQL;

    public Database open() {
      return this == H2 ? h2() : postgres();
    }
  }

  private static synchronized EmbeddedPostgres server() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      postgres.close();
                    } catch (IOException ignored) {
                      // exiting anyway
                    }
                  }));
    }
    return postgres;
  }
}
