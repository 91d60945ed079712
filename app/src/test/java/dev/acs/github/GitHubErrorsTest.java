package dev.acs.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GitHubErrorsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "installation token | push failed for ghs_16C7e42F292c6912E7710c838347Ae178B4a today | push failed for [redacted] today",
      "classic PAT | token ghp_abcdefghijklmnopqrstuvwxyz0123456789 | token [redacted]",
      "fine-grained PAT | github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz | [redacted]",
      "JWT | Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxIn0.c2lnbmF0dXJl | Bearer [redacted]",
      "x-access-token URL | https://x-access-token:abcdefghijklmnop1234@github.com/o/r.git | https://x-access-token:[redacted]@github.com/o/r.git",
      "PEM block | key -----BEGIN RSA PRIVATE KEY-----\\nMIIEow\\n-----END RSA PRIVATE KEY----- end | key [redacted] end",
      "plain text | Resource not accessible by integration | Resource not accessible by integration",
  })
  void scrubsSecretsOutOfMessages(String kind, String text, String expected) {
    assertThat(GitHubErrors.scrub(text.replace("\\n", "\n"))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "basic-error | {\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com\"} | : Not Found",
      "validation-error | {\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"PullRequest\",\"code\":\"custom\",\"message\":\"A pull request already exists for o:b.\"}]} | : Validation Failed (A pull request already exists for o:b.)",
      "validation-error-simple | {\"message\":\"Validation Failed\",\"errors\":[\"body is too long\"]} | : Validation Failed (body is too long)",
      "hub4j url then body | https://api.github.com/repos/o/r {\"message\":\"Not Found\"} | : Not Found",
      "not JSON | <html>Unicorn!</html> | : <html>Unicorn!</html>",
  })
  void keepsGitHubsOwnMessage(String kind, String body, String expected) {
    assertThat(GitHubErrors.detail(body)).isEqualTo(expected);
  }

  @Test
  void aConnectionFailureHasNoStatus() {
    GitHubException e = GitHubErrors.from("read issue #1", new ConnectException("Connection refused"));
    assertThat(e.status()).isEqualTo(-1);
    assertThat(e.getMessage()).isEqualTo("read issue #1: could not reach GitHub (connection refused or no route: Connection refused)");
  }

  @Test
  void noAnswerAtAllSaysWhereAndWhyNotResponseCodeMinusOne() {
    // What hub4j throws when nothing listens: response code -1, message 'null', the real cause inside.
    org.kohsuke.github.HttpException hub = new org.kohsuke.github.HttpException(
        "Server returned HTTP response code: -1, message: 'null' for URL: http://127.0.0.1:9/repos/o/r", -1, null,
        "http://127.0.0.1:9/repos/o/r", new ConnectException());

    GitHubException e = GitHubErrors.from("read repository o/r", hub);

    assertThat(e.status()).isEqualTo(-1);
    assertThat(e.getMessage()).isEqualTo("read repository o/r: could not reach GitHub at http://127.0.0.1:9 (connection refused or no route)")
        .doesNotContain("null");
  }

  @Test
  void theSetupCallbackSaysWhereGitHubCouldNotBeReachedAndWhatToCheck() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort(); // free now: nothing listens there
    }
    int port = closed;

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AppManifests.convert("http://127.0.0.1:" + port, "abc123"))
        .isInstanceOf(GitHubException.class)
        .hasMessageStartingWith("could not reach GitHub at http://127.0.0.1:" + port + " to finish creating the App (connection refused")
        .hasMessageContaining("HTTPS_PROXY").hasMessageContaining("GITHUB_API_URL")
        .hasMessageNotContaining("null");
  }

  @Test
  void anUnknownHostIsNamed() {
    GitHubException e = GitHubErrors.from("read issue #1", new java.net.UnknownHostException("github.example.invalid"));
    assertThat(e.getMessage()).isEqualTo("read issue #1: could not reach GitHub (unknown host github.example.invalid)");
  }

  @Test
  void aFailureMessageCarryingATokenIsScrubbed() {
    GitHubException e = GitHubErrors.from("push", new IOException("auth token ghs_16C7e42F292c6912E7710c838347Ae178B4a rejected"));
    assertThat(e.getMessage()).doesNotContain("ghs_16C7e42F292c6912E7710c838347Ae178B4a").contains("[redacted]");
  }
}
