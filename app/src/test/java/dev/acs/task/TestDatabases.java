package dev.acs.task;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Real databases for tests: a private in-memory H2, or a fresh database on one embedded PostgreSQL
 * server started once per test JVM.
 */
public final class TestDatabases {
  private static EmbeddedPostgres postgres;

  private TestDatabases() {}

  public enum Kind {
    H2,
    POSTGRESQL
  }

  public static String url(Kind kind) {
    return kind == Kind.H2 ? h2Url() : newPostgresDatabaseUrl();
  }

  public static Database open(Kind kind) {
    return Database.open(url(kind), "", "", 10);
  }

  public static String h2Url() {
    return "jdbc:h2:mem:t" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
  }

  /** A new, empty database on the shared embedded server; its URL carries user postgres. */
  public static synchronized String newPostgresDatabaseUrl() {
    try {
      if (postgres == null) {
        postgres = EmbeddedPostgres.builder().start();
      }
      String name = "t" + UUID.randomUUID().toString().replace("-", "");
      try (Connection c = postgres.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + name);
      }
      return postgres.getJdbcUrl("postgres", name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
