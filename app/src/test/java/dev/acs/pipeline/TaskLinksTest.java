package dev.acs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TaskLinksTest {
  @ParameterizedTest
  @CsvSource({
      "https://acs.example.com, https://acs.example.com/tasks/t1",
      "https://acs.example.com/, https://acs.example.com/tasks/t1",
      "'  http://localhost:3000/acs/ ', http://localhost:3000/acs/tasks/t1"})
  void theTaskPageIsUnderThePublicUrl(String publicUrl, String page) {
    assertThat(TaskLinks.fromEnv(new Env(Map.of("ACS_PUBLIC_URL", publicUrl))).taskPage("t1")).contains(page);
  }

  @ParameterizedTest
  @ValueSource(strings = {"acs.example.com", "ftp://acs.example.com", "https://acs.example.com/?x=1", "https://", "http://a b"})
  void aValueThatIsNotAWebAddressStopsTheStart(String publicUrl) {
    assertThatThrownBy(() -> TaskLinks.fromEnv(new Env(Map.of("ACS_PUBLIC_URL", publicUrl))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ACS_PUBLIC_URL");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void withoutAPublicUrlThereAreNoLinks(String publicUrl) {
    TaskLinks links = TaskLinks.fromEnv(new Env(Map.of("ACS_PUBLIC_URL", publicUrl)));
    assertThat(links.taskPage("t1")).isEmpty();
    assertThat(TaskLinks.NONE.taskPage("t1")).isEmpty();
  }
}
