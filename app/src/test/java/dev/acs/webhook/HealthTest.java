package dev.acs.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acs.task.Database;
import dev.acs.testing.TestDatabases;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Up versus ready, on a real H2 database (and one that was closed under the server). */
class HealthTest {

  static Stream<Arguments> configurations() {
    return Stream.of(
        Arguments.of(true, true, List.of()),
        Arguments.of(false, true, List.of("no model is configured: set ACS_MODEL")),
        Arguments.of(true, false, List.of("no GitHub App identity is configured: set GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY (or GITHUB_APP_PRIVATE_KEY_FILE)")),
        Arguments.of(false, false, List.of("no model is configured: set ACS_MODEL",
            "no GitHub App identity is configured: set GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY (or GITHUB_APP_PRIVATE_KEY_FILE)")));
  }

  @ParameterizedTest
  @MethodSource("configurations")
  void aServerIsUpWithoutConfigurationButReadyOnlyWithIt(boolean model, boolean app, List<String> reasons) {
    try (Database db = TestDatabases.h2()) {
      Health health = new Health(db.dataSource(), () -> true, new Health.Configured(model, app));

      Health.Report up = health.check();
      assertThat(up.up()).isTrue();
      assertThat(up.details()).containsEntry("status", "up").containsEntry("ready", reasons.isEmpty());

      Health.Report ready = health.readiness();
      assertThat(ready.up()).isEqualTo(reasons.isEmpty());
      assertThat(ready.details()).containsEntry("status", reasons.isEmpty() ? "ready" : "not ready")
          .containsEntry("model", Map.of("status", model ? "configured" : "missing"))
          .containsEntry("app", Map.of("status", app ? "configured" : "missing"));
      if (reasons.isEmpty()) {
        assertThat(ready.details()).doesNotContainKey("not_ready");
      } else {
        assertThat(ready.details().get("not_ready")).isEqualTo(reasons);
      }
    }
  }

  @Test
  void anUnreachableDatabaseIsNeitherUpNorReadyAndTheAnswerSaysSo() {
    Database db = TestDatabases.h2();
    Health health = new Health(db.dataSource(), () -> true, Health.Configured.FULLY);
    db.close();

    Health.Report up = health.check();
    assertThat(up.up()).isFalse();
    assertThat(up.details()).containsEntry("status", "down").containsEntry("ready", false);
    Health.Report ready = health.readiness();
    assertThat(ready.up()).isFalse();
    assertThat(ready.details()).containsEntry("status", "not ready");
    assertThat(ready.details().get("not_ready")).isEqualTo(List.of("the database is unreachable"));
    assertThat(ready.details().get("database").toString()).contains("down").doesNotContain("jdbc:");
  }

  @Test
  void jobsThatStoppedMakeTheNodeNotReady() {
    try (Database db = TestDatabases.h2()) {
      Health.Report ready = new Health(db.dataSource(), () -> false, Health.Configured.FULLY).readiness();
      assertThat(ready.up()).isFalse();
      assertThat(ready.details().get("not_ready")).isEqualTo(List.of("this node is not processing jobs"));
    }
  }
}
