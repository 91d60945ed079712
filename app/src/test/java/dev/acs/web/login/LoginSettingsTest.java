package dev.acs.web.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LoginSettingsTest {
  private static Map<String, String> all() {
    Map<String, String> vars = new HashMap<>();
    vars.put("ACS_GITHUB_CLIENT_ID", "Iv1.8a61f9b3a7aba766");
    vars.put("ACS_GITHUB_CLIENT_SECRET", "s3cret-value");
    vars.put("ACS_PUBLIC_URL", "https://acs.example.com/");
    return vars;
  }

  @Test
  void withoutTheThreeSettingsTheLoginIsOff() {
    assertThat(LoginSettings.fromEnv(new Env(Map.of("ACS_ADMINS", "octocat")))).isEmpty();
    assertThat(GitHubVisitors.fromEnv(new Env(Map.of()), null)).isEmpty();
    // ACS_PUBLIC_URL alone only turns on the links to the task pages
    assertThat(LoginSettings.fromEnv(new Env(Map.of("ACS_PUBLIC_URL", "https://acs.example.com")))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ACS_GITHUB_CLIENT_ID                          | ACS_GITHUB_CLIENT_ID is not set",
      "ACS_GITHUB_CLIENT_SECRET                      | ACS_GITHUB_CLIENT_SECRET is not set",
      "ACS_PUBLIC_URL                                | ACS_PUBLIC_URL is not set",
      "ACS_GITHUB_CLIENT_SECRET,ACS_PUBLIC_URL       | ACS_GITHUB_CLIENT_SECRET and ACS_PUBLIC_URL are not set",
      "ACS_GITHUB_CLIENT_ID,ACS_PUBLIC_URL           | ACS_GITHUB_CLIENT_ID and ACS_PUBLIC_URL are not set",
  })
  void someButNotAllSettingsStopTheStartNamingWhatIsMissing(String unset, String message) {
    Map<String, String> vars = all();
    for (String name : unset.split(",")) {
      vars.remove(name);
    }
    assertThatThrownBy(() -> LoginSettings.fromEnv(new Env(vars)))
        .isInstanceOf(ConfigException.class).hasMessageContaining(message).hasMessageNotContaining("s3cret-value");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "https://acs.example.com/      | https://acs.example.com  | true",
      "https://acs.example.com/ci    | https://acs.example.com/ci | true",
      "HTTPS://acs.example.com       | HTTPS://acs.example.com  | true",
      "http://localhost:3000         | http://localhost:3000    | false",
      "http://127.0.0.1:3000/        | http://127.0.0.1:3000    | false",
  })
  void thePublicUrlDecidesTheCallbackAndTheSecureFlag(String given, String url, boolean secure) {
    Map<String, String> vars = all();
    vars.put("ACS_PUBLIC_URL", given);
    LoginSettings s = LoginSettings.fromEnv(new Env(vars)).orElseThrow();
    assertThat(s.publicUrl()).isEqualTo(url);
    assertThat(s.callbackUrl()).isEqualTo(url + "/login/callback");
    assertThat(s.secureCookies()).isEqualTo(secure);
    assertThat(s.sessionLifetime()).isEqualTo(Duration.ofHours(8));
    assertThat(s.toString()).doesNotContain("s3cret-value");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ACS_PUBLIC_URL     | http://acs.example.com   | must start with https://",
      "ACS_PUBLIC_URL     | acs.example.com          | must be an http(s) address",
      "ACS_PUBLIC_URL     | https://acs.example.com/?x=1 | must be an http(s) address",
      "ACS_GITHUB_URL     | ftp://github.example.com | ACS_GITHUB_URL must be an http(s) address",
      "ACS_ADMINS         | octocat, not a login     | 'not a login' is not one",
      "ACS_SESSION_HOURS  | 0                        | between 1 and 168",
      "ACS_SESSION_HOURS  | eight                    | must be a whole number",
  })
  void malformedSettingsAreStartUpErrors(String name, String value, String message) {
    Map<String, String> vars = all();
    vars.put(name, value);
    assertThatThrownBy(() -> LoginSettings.fromEnv(new Env(vars))).isInstanceOf(ConfigException.class).hasMessageContaining(message);
  }

  @Test
  void adminsAreLoginsInAnyCase() {
    Map<String, String> vars = all();
    vars.put("ACS_ADMINS", " OctoCat ,hubot,, ");
    LoginSettings s = LoginSettings.fromEnv(new Env(vars)).orElseThrow();
    assertThat(s.isAdmin("octocat")).isTrue();
    assertThat(s.isAdmin("HUBOT")).isTrue();
    assertThat(s.isAdmin("monalisa")).isFalse();
  }
}
