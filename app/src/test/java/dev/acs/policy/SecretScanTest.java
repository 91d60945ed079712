package dev.acs.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SecretScanTest {

  // Fake credentials in the real formats, assembled at run time so that no scanner (ours or a
  // code host's) flags this source file itself.
  static final String GH_TOKEN = "gh" + "p_" + "R4nd0mLooking1234567890abcdefGHIJklmn";
  static final String GHS_TOKEN = "gh" + "s_" + "16C7e42F292c6912E7710c838347Ae178B4a";
  static final String GH_PAT = "github" + "_pat_" + "11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEF";
  static final String AWS_ID = "AK" + "IA" + "IOSFODNN7QX3MPLE";
  static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8r3Kx9LmT2vB";
  static final String PEM_HEADER = "-----BEGIN " + "RSA PRIVATE KEY-----";

  static Stream<Arguments> lines() {
    return Stream.of(
        Arguments.of("token = \"" + GH_TOKEN + "\"", "GitHub token"),
        Arguments.of("GITHUB_TOKEN: " + GHS_TOKEN, "GitHub token"),
        Arguments.of("export GH=" + GH_PAT, "GitHub fine-grained token"),
        Arguments.of("aws_access_key_id = " + AWS_ID, "AWS access key id"),
        Arguments.of("aws_secret_access_key = " + AWS_SECRET.substring(0, 40), "AWS secret access key"),
        Arguments.of(PEM_HEADER, "private key block"),
        Arguments.of("-----BEGIN " + "OPENSSH PRIVATE KEY-----", "private key block"),
        Arguments.of("-----BEGIN " + "PRIVATE KEY-----", "private key block"),
        Arguments.of("db.password=Zx9#qL2!vR7pT4wK8mN", "high-entropy value assigned to db.password"),
        Arguments.of("  \"apiKey\": \"a8F3kL9qZ2xW7vB4nM6pR1tY\",", "high-entropy value assigned to apiKey"),
        Arguments.of("CLIENT_SECRET := \"q7Vd2Kp9Lx4Zr8Tw1Ny6\"", "high-entropy value assigned to CLIENT_SECRET"),
        // not secrets
        Arguments.of("password = ${DB_PASSWORD}", null),
        Arguments.of("token: <your-token-here>", null),
        Arguments.of("api_key = \"your_api_key_goes_here\"", null),
        Arguments.of("private static final String TOKEN_HEADER = \"Authorization\";", null),
        Arguments.of("String secretName = secretManager.lookupSecretByName(name);", null),
        Arguments.of("password=aaaaaaaaaaaaaaaaaaaaaa1", null),
        Arguments.of("-----BEGIN " + "PUBLIC KEY-----", null),
        Arguments.of("assertEquals(42, Parser.parse(\"42\"));", null),
        Arguments.of("sha256: 3b18e512dba79e4c8300dd08aeb37f8e728b8dad", null),
        Arguments.of("\"access_tokens_url\": \"https://api.github.com/app/installations/957387/access_tokens\",", null),
        Arguments.of("static final String TOKEN_PATH = \"/app/installations/1/access_tokens\";", null),
        Arguments.of("map(SecretScan.Hit::line).isEqualTo(3)", null),
        Arguments.of("db_url_password=https://u:Zx9qL2vR7pT4wK8m@db.internal.net/x", "high-entropy value assigned to db_url_password"));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("lines")
  void recognisesSecretsOnALine(String line, String kind) {
    assertThat(SecretScan.kindOf(line, List.of())).isEqualTo(kind);
  }

  @Test
  void hitsNameFileAndLineButNeverTheSecret() {
    String diff =
        """
        diff --git a/src/main/resources/app.properties b/src/main/resources/app.properties
        index 1111111..2222222 100644
        --- a/src/main/resources/app.properties
        +++ b/src/main/resources/app.properties
        @@ -1,3 +1,4 @@
         name=demo
        -token=
        +github.token=%s
        +url=https://example.org
         port=8080
        """
            .formatted(GH_TOKEN);
    List<SecretScan.Hit> hits = SecretScan.scan(UnifiedDiff.parse(diff), List.of());
    assertThat(hits).containsExactly(new SecretScan.Hit("src/main/resources/app.properties", 2, "GitHub token"));
    assertThat(hits.toString()).doesNotContain(GH_TOKEN).doesNotContain(GH_TOKEN.substring(4, 20));
  }

  @Test
  void removedLinesAreNotScanned() {
    String diff =
        """
        diff --git a/a.env.txt b/a.env.txt
        --- a/a.env.txt
        +++ b/a.env.txt
        @@ -1 +1 @@
        -T=%s
        +T=removed
        """
            .formatted(GH_TOKEN);
    assertThat(SecretScan.scan(UnifiedDiff.parse(diff), List.of())).isEmpty();
  }

  @Test
  void findsAcsOwnCredentialsEvenInPieces() {
    String installationToken = "v1.0123456789abcdef0123456789abcdef01234567";
    String appKey =
        PEM_HEADER + "\nMIIEowIBAAKCAQEAx4Ul2kTfJ3pQk8r1vN0aBcDeFgHiJkLmNoPqRsTuVwXyZ01\nQ2W3e4R5t6Y7u8I9o0PaSdFgHjKl\n-----END RSA PRIVATE KEY-----";
    String diff =
        """
        diff --git a/notes.md b/notes.md
        --- a/notes.md
        +++ b/notes.md
        @@ -1 +1,4 @@
         # notes
        +the token was %s
        +key part: MIIEowIBAAKCAQEAx4Ul2kTfJ3pQk8r1vN0aBcDeFgHiJkLmNoPqRsTuVwXyZ01
        +nothing here
        """
            .formatted(installationToken);
    List<SecretScan.Hit> hits = SecretScan.scan(UnifiedDiff.parse(diff), List.of(installationToken, appKey));
    assertThat(hits)
        .containsExactly(
            new SecretScan.Hit("notes.md", 2, "ACS's own credential"), new SecretScan.Hit("notes.md", 3, "ACS's own credential"));
  }

  @Test
  void aNameThatHoldsASecretIsNotShown() {
    // Found by fuzzing: a key glued to a variable name came back in the refusal as the name.
    String line = "x" + AWS_ID + "token=Zx9qL2vR7pT4wK8mNb6c";
    List<SecretScan.Hit> hits = SecretScan.scanBytes("f.bin", line.getBytes(java.nio.charset.StandardCharsets.US_ASCII), List.of());
    assertThat(hits).extracting(SecretScan.Hit::kind)
        .contains("AWS access key id in text", "high-entropy value assigned to a secret-looking name in text");
    assertThat(hits.toString()).doesNotContain(AWS_ID.substring(4));
    assertThat(SecretScan.kindOf("q7Vd2Kp9Lx4Zr8Tw1Ny6_token = \"a8F3kL9qZ2xW7vB4nM6pR1tY\"", List.of()))
        .isEqualTo("high-entropy value assigned to a secret-looking name");
  }

  @Test
  void entropyTellsWordsFromKeys() {
    assertThat(SecretScan.looksRandom("correcthorsebatterystaple1")).isFalse();
    assertThat(SecretScan.looksRandom("q7Vd2Kp9Lx4Zr8Tw1Ny6")).isTrue();
  }
}
