package dev.acs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.task.Database;
import dev.acs.testing.TestDatabases;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The V9 table on both databases: one row per repository, updated in place. */
class DashboardIssuesTest {
  @ParameterizedTest
  @MethodSource("dev.acs.testing.TestDatabases#both")
  void oneRowPerRepositoryUpdatedInPlace(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      DashboardIssues issues = new DashboardIssues(db.dataSource());
      assertThat(issues.find("octo/greeter")).isEmpty();

      issues.save("octo/greeter", 7, "abc", Instant.parse("2026-12-04T10:00:00Z"));
      issues.save("octo/other", 3, null, Instant.parse("2026-12-04T10:00:00Z"));
      issues.save("octo/greeter", 7, "def", Instant.parse("2026-12-04T10:00:05Z"));

      assertThat(issues.find("octo/greeter")).contains(new DashboardIssues.Row("octo/greeter", 7, "def"));
      assertThat(issues.find("octo/other")).contains(new DashboardIssues.Row("octo/other", 3, null));
    }
  }
}
