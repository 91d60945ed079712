package dev.acs.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkspaceSettingsTest {

  @Test
  void defaults() {
    WorkspaceSettings s = WorkspaceSettings.fromEnv(new Env(Map.of()));
    assertThat(s.workDir()).isEqualTo(Path.of(".acs/work").toAbsolutePath().normalize());
    assertThat(s.mirrorsDir().toString()).endsWith("/.acs/work/mirrors");
    assertThat(s.keepWorkspaces()).isFalse();
    assertThat(s.identity()).isEqualTo(new BotIdentity("acs[bot]", "acs[bot]@users.noreply.github.com"));
  }

  @Test
  void botIdentityOfAnApp() {
    Env env = new Env(Map.of("ACS_APP_SLUG", "my-acs", "ACS_BOT_USER_ID", "123456", "ACS_WORK_DIR", "/tmp/w",
        "ACS_KEEP_WORKSPACES", "true"));
    WorkspaceSettings s = WorkspaceSettings.fromEnv(env);
    assertThat(s.identity()).isEqualTo(new BotIdentity("my-acs[bot]", "123456+my-acs[bot]@users.noreply.github.com"));
    assertThat(s.workDir()).isEqualTo(Path.of("/tmp/w"));
    assertThat(s.keepWorkspaces()).isTrue();
  }

  @Test
  void explicitIdentityWins() {
    Env env = new Env(Map.of("ACS_APP_SLUG", "x", "ACS_GIT_AUTHOR_NAME", "Robot", "ACS_GIT_AUTHOR_EMAIL", "robot@example.org"));
    assertThat(BotIdentity.fromEnv(env)).isEqualTo(new BotIdentity("Robot", "robot@example.org"));
    assertThat(BotIdentity.fromEnv(env).hasEmail("ROBOT@example.org")).isTrue();
  }

  @Test
  void badBotUserIdIsAConfigError() {
    assertThatThrownBy(() -> BotIdentity.fromEnv(new Env(Map.of("ACS_BOT_USER_ID", "abc"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ACS_BOT_USER_ID");
  }

  @Test
  void identityCannotBreakTheCommitHeader() {
    assertThatThrownBy(() -> new BotIdentity("a>b", "x@y")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BotIdentity("a", "x@y\nb")).isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Arguments> remotes() {
    return Stream.of(
        Arguments.of("octo/repo", "https://github.com/octo/repo.git", null),
        Arguments.of("octo/re.po_-1", "http://127.0.0.1:8080/octo/re.po_-1.git", null),
        Arguments.of("octo", "https://github.com/octo.git", "owner/name"),
        Arguments.of("octo/repo/x", "https://github.com/octo/repo.git", "owner/name"),
        Arguments.of("../repo", "https://github.com/octo/repo.git", "owner/name"),
        Arguments.of("octo/..", "https://github.com/octo/repo.git", "owner/name"),
        Arguments.of("oc to/repo", "https://github.com/octo/repo.git", "owner/name"),
        Arguments.of("octo/repo", "https://x-access-token:ghs_secret@github.com/octo/repo.git", "credentials"),
        Arguments.of("octo/repo", "ssh://git@github.com/octo/repo.git", "https"),
        Arguments.of("octo/repo", "github.com/octo/repo.git", "scheme"));
  }

  @ParameterizedTest(name = "[{index}] {0} {1}")
  @MethodSource("remotes")
  void remotes(String fullName, String url, String error) {
    if (error == null) {
      assertThat(GitRemote.of(fullName, url).url()).isEqualTo(URI.create(url));
    } else {
      assertThatThrownBy(() -> GitRemote.of(fullName, url)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(error).hasMessageNotContaining("ghs_secret");
    }
  }

  static Stream<Arguments> tokenHosts() {
    return Stream.of(
        Arguments.of("https://github.com/o/r.git", true),
        Arguments.of("https://ghe.example.com/o/r.git", true),
        Arguments.of("http://127.0.0.1:1234/o/r.git", true),
        Arguments.of("http://localhost/o/r.git", true),
        Arguments.of("http://github.com/o/r.git", false),
        Arguments.of("file:///tmp/o/r.git", false));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("tokenHosts")
  void tokenOnlyOverHttpsOrLoopback(String url, boolean allowed) {
    assertThat(GitRemote.of("o/r", url).mayCarryToken()).isEqualTo(allowed);
  }

  @Test
  void tokenNeverShows() {
    AccessToken t = AccessToken.of("ghs_abc123");
    assertThat(t.toString()).doesNotContain("ghs_abc123");
    assertThat(t.redact("fatal: ghs_abc123 rejected")).isEqualTo("fatal: *** rejected");
    assertThatThrownBy(() -> AccessToken.of(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AccessToken.of("a\nb")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("a\nb");
  }
}
