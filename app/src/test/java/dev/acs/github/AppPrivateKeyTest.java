package dev.acs.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acs.config.ConfigException;
import dev.acs.config.Env;
import dev.acs.testing.TestKeys;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AppPrivateKeyTest {
  static final KeyPair PAIR = TestKeys.rsa();

  /** The ways people hand the key over: each must give back the same key. */
  static Stream<Arguments> acceptedForms() {
    String pkcs1 = TestKeys.pkcs1(PAIR);
    String pkcs8 = TestKeys.pkcs8(PAIR);
    return Stream.of(
        Arguments.of("PKCS#1 as downloaded", pkcs1),
        Arguments.of("PKCS#8", pkcs8),
        Arguments.of("PKCS#1 with literal \\n escapes", pkcs1.strip().replace("\n", "\\n")),
        Arguments.of("PKCS#8 with literal \\n escapes", pkcs8.strip().replace("\n", "\\n")),
        Arguments.of("double-quoted with \\n escapes", "\"" + pkcs1.strip().replace("\n", "\\n") + "\""),
        Arguments.of("Windows line ends", pkcs1.replace("\n", "\r\n")),
        Arguments.of("base64 of the whole PEM", Base64.getEncoder().encodeToString(pkcs1.getBytes(StandardCharsets.UTF_8))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptedForms")
  void readsTheKeyInEveryFormPeoplePaste(String form, String text) {
    RSAPrivateKey key = AppPrivateKey.parse(text, "GITHUB_APP_PRIVATE_KEY");
    assertThat(key.getModulus()).isEqualTo(((RSAPrivateKey) PAIR.getPrivate()).getModulus());
    assertThat(key.getPrivateExponent()).isEqualTo(((RSAPrivateKey) PAIR.getPrivate()).getPrivateExponent());
  }

  static Stream<Arguments> refusedForms() throws Exception {
    KeyPair ec = TestKeys.generate("EC", 256);
    KeyPair small = TestKeys.generate("RSA", 1024);
    String pkcs1 = TestKeys.pkcs1(PAIR);
    String encrypted = TestKeys.pem(new JcaPKCS8Generator(PAIR.getPrivate(),
        new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.PBE_SHA1_3DES).setPassword("pw".toCharArray()).build())
        .generate());
    String certificate = TestKeys.pem(new JcaX509v3CertificateBuilder(new X500Name("CN=test"), BigInteger.ONE,
        new Date(), new Date(System.currentTimeMillis() + 86_400_000L), new X500Name("CN=test"), PAIR.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withRSA").build(PAIR.getPrivate())));
    String damaged = pkcs1.substring(0, 200) + "!!!!" + pkcs1.substring(204);
    return Stream.of(
        Arguments.of("empty-looking text", "not a key at all", "holds no PEM block"),
        Arguments.of("a public key", TestKeys.pem(PAIR.getPublic()), "holds a public key, not a private key"),
        Arguments.of("a certificate", certificate, "holds a certificate, not a private key"),
        Arguments.of("an EC key", TestKeys.pkcs8(ec), "holds a key of type EC; GitHub App keys are RSA"),
        Arguments.of("a 1024-bit RSA key", TestKeys.pkcs1(small), "RSA key of 1024 bits"),
        Arguments.of("an encrypted PKCS#8 key", encrypted, "is encrypted with a passphrase"),
        Arguments.of("a damaged PEM body", damaged, "is not a valid PEM private key"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedForms")
  void refusesWhatIsNotAnAppKeyWithAClearMessageThatQuotesNoKeyMaterial(String form, String text, String expected) {
    assertThatThrownBy(() -> AppPrivateKey.parse(text, "GITHUB_APP_PRIVATE_KEY"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("GITHUB_APP_PRIVATE_KEY ")
        .hasMessageContaining(expected)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("MII").doesNotContain(body(text)));
  }

  private static String body(String pem) {
    String[] lines = pem.split("\n");
    return lines.length > 2 ? lines[1] : "\u0000never";
  }

  @Test
  void readsTheKeyFromTheFileVariable(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("app.pem");
    Files.writeString(file, TestKeys.pkcs1(PAIR));
    Env env = new Env(Map.of("GITHUB_APP_PRIVATE_KEY_FILE", file.toString()));
    assertThat(AppPrivateKey.fromEnv(env)).get()
        .extracting(RSAPrivateKey::getModulus)
        .isEqualTo(((RSAPrivateKey) PAIR.getPrivate()).getModulus());
  }

  @Test
  void aMissingFileIsNamedInTheError(@TempDir Path dir) {
    Env env = new Env(Map.of("GITHUB_APP_PRIVATE_KEY_FILE", dir.resolve("nope.pem").toString()));
    assertThatThrownBy(() -> AppPrivateKey.fromEnv(env))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("nope.pem")
        .hasMessageContaining("is not a readable file");
  }

  @Test
  void bothVariablesAtOnceIsAnError() {
    Env env = new Env(Map.of("GITHUB_APP_PRIVATE_KEY", TestKeys.pkcs1(PAIR), "GITHUB_APP_PRIVATE_KEY_FILE", "/x.pem"));
    assertThatThrownBy(() -> AppPrivateKey.fromEnv(env)).hasMessageContaining("set only one");
  }

  @Test
  void neitherVariableMeansNoKey() {
    assertThat(AppPrivateKey.fromEnv(new Env(Map.of()))).isEmpty();
  }
}
