package dev.acs.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.config.ConfigException;
import dev.acs.config.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyDataTest {

  @Test
  void theJarShipsTheSameDataAsPoliciesFolder() throws Exception {
    PolicyData shipped = PolicyData.shipped();
    Path root = Path.of(System.getProperty("acs.root.dir", ".."));
    assertThat(shipped.document()).isEqualTo(Json.MAPPER.readTree(root.resolve("policies/data.json").toFile()));
    assertThat(shipped.source()).isEqualTo("classpath:policies/data.json");
  }

  @Test
  void shippedDefaultsMatchTheFallbacksInCode() {
    PolicyData shipped = PolicyData.shipped();
    assertThat(shipped.maxRepairAttempts()).isEqualTo(PolicyData.DEFAULT_MAX_REPAIR_ATTEMPTS);
    assertThat(shipped.secretLike()).extracting(PathPattern::toString).containsExactlyElementsOf(PolicyData.DEFAULT_SECRET_LIKE);
  }

  @Test
  void missingKeysUseDefaults() {
    PolicyData empty = PolicyData.parse("{}".getBytes(), "test");
    assertThat(empty.maxRepairAttempts()).isEqualTo(3);
    assertThat(empty.secretLike()).hasSize(5);
  }

  @Test
  void wrongTypesFailAtStartUpNamingTheKeys() {
    String bad = "{\"acs\":{\"limits\":{\"max_files_per_push\":\"25\"},\"paths\":{\"protected\":[1]},\"actors\":{\"allow_bots\":\"no\"}}}";
    assertThatThrownBy(() -> PolicyData.parse(bad.getBytes(), "org-data.json"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "policy data org-data.json is invalid: acs.actors.allow_bots must be a boolean, not string; "
                + "acs.limits.max_files_per_push must be a number, not string; acs.paths.protected must list strings only");
  }

  @Test
  void aNullDefaultBudgetIsAllowed() {
    assertThat(PolicyData.parse("{\"acs\":{\"limits\":{\"default_task_budget_usd\":null}}}".getBytes(), "t").document()).isNotNull();
  }

  @Test
  void notJsonOrNotAnObjectIsAClearError(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("data.json");
    Files.writeString(file, "{ nope");
    assertThatThrownBy(() -> PolicyData.fromFile(file)).isInstanceOf(ConfigException.class).hasMessageContaining("is not valid JSON");
    assertThatThrownBy(() -> PolicyData.parse("[1]".getBytes(), "x")).hasMessageContaining("must be a JSON object");
    assertThatThrownBy(() -> PolicyData.fromFile(dir.resolve("missing.json"))).hasMessageContaining("cannot read policy data");
  }
}
