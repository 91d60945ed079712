package dev.acs.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SignatureCheckTest {
  // GitHub's published test vector ("Validating webhook deliveries"), see fixtures/webhooks/README.md.
  private static final String GITHUB_SECRET = "It's a Secret to Everybody";
  private static final byte[] GITHUB_PAYLOAD = "Hello, World!".getBytes(StandardCharsets.UTF_8);
  private static final String GITHUB_SIGNATURE =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

  @Test
  void acceptsGitHubsPublishedTestVector() {
    SignatureCheck check = new SignatureCheck(GITHUB_SECRET);
    assertThat(check.verify(GITHUB_PAYLOAD, GITHUB_SIGNATURE)).isTrue();
    assertThat(check.sign(GITHUB_PAYLOAD)).isEqualTo(GITHUB_SIGNATURE);
  }

  @Test
  void acceptsAFixturePayloadSignedOverItsExactBytes() {
    byte[] body = Fixtures.bytes("issues/labeled.json");
    String header = "sha256=" + Fixtures.hmacHex("s3cret-for-tests", body);
    assertThat(new SignatureCheck("s3cret-for-tests").verify(body, header)).isTrue();
    assertThat(new SignatureCheck("another-secret").verify(body, header)).isFalse();
  }

  @Test
  void rejectsABodyChangedByOneByte() {
    byte[] body = Fixtures.bytes("issues/labeled.json");
    String header = "sha256=" + Fixtures.hmacHex("s3cret-for-tests", body);
    body[body.length / 2] ^= 1;
    assertThat(new SignatureCheck("s3cret-for-tests").verify(body, header)).isFalse();
  }

  static Stream<Arguments> badHeaders() {
    String good = GITHUB_SIGNATURE;
    return Stream.of(
        Arguments.of("missing", null),
        Arguments.of("empty", ""),
        Arguments.of("no prefix", good.substring("sha256=".length())),
        Arguments.of("sha1 prefix", "sha1=" + good.substring("sha256=".length())),
        Arguments.of("upper-case prefix", "SHA256=" + good.substring("sha256=".length())),
        Arguments.of("one digit wrong", good.substring(0, good.length() - 1) + "8"),
        Arguments.of("too short", good.substring(0, good.length() - 2)),
        Arguments.of("too long", good + "00"),
        Arguments.of("not hex", "sha256=" + "z".repeat(64)),
        Arguments.of("spaces", " " + good),
        Arguments.of("signature of another body", "sha256=" + Fixtures.hmacHex(GITHUB_SECRET, "Hello, World".getBytes(StandardCharsets.UTF_8))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badHeaders")
  void rejects(String what, String header) {
    assertThat(new SignatureCheck(GITHUB_SECRET).verify(GITHUB_PAYLOAD, header)).isFalse();
  }

  @Test
  void neverShowsTheSecret() {
    assertThat(new SignatureCheck(GITHUB_SECRET).toString()).doesNotContain("Secret to Everybody");
  }
}
