package dev.acs.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The scan of added bytes, fuzzed two ways: a secret planted anywhere in any bytes, in any of the
 * encodings the scan reads, is always found; and any bytes (as a file, or as a diff) are scanned
 * without an exception other than a refusal of an unreadable diff.
 */
class SecretScanFuzzTest {
  private static final List<String> SECRETS = List.of(SecretScanTest.GH_TOKEN, SecretScanTest.AWS_ID, SecretScanTest.PEM_HEADER);
  private static final List<String> KINDS = List.of("GitHub token", "AWS access key id", "private key block");
  private static final List<Charset> ENCODINGS =
      List.of(StandardCharsets.US_ASCII, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE, Charset.forName("UTF-32LE"),
          Charset.forName("UTF-32BE"));

  /**
   * Byte 0 picks the encoding (the five above, or NULs after every character), byte 1 the
   * secret, byte 2 where it goes in the rest of the input, which surrounds it.
   */
  @FuzzTest
  void findsPlantedSecrets(byte[] input) {
    if (input.length < 3) {
      return;
    }
    int encoding = Byte.toUnsignedInt(input[0]) % (ENCODINGS.size() + 1);
    int which = Byte.toUnsignedInt(input[1]) % SECRETS.size();
    byte[] rest = Arrays.copyOfRange(input, 3, input.length);
    int at = rest.length == 0 ? 0 : Byte.toUnsignedInt(input[2]) * rest.length / 256;
    String secret = SECRETS.get(which);
    byte[] planted = encoding < ENCODINGS.size() ? secret.getBytes(ENCODINGS.get(encoding)) : nulAfterEach(secret);
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.write(rest, 0, at);
    content.writeBytes(planted);
    content.write(rest, at, rest.length - at);

    List<SecretScan.Hit> hits = SecretScan.scanBytes("f.bin", content.toByteArray(), List.of());

    assertThat(hits).as("a planted %s", KINDS.get(which)).isNotEmpty();
    if (hits.size() < 20) {
      assertThat(hits).extracting(SecretScan.Hit::kind).anyMatch(k -> k.startsWith(KINDS.get(which) + " in "));
    }
    assertThat(hits.toString()).doesNotContain(secret.substring(4));
  }

  @FuzzTest
  void scansAnyBytes(byte[] input) {
    for (SecretScan.Hit hit : SecretScan.scanBytes("any.bin", input, List.of("own-secret-value"))) {
      assertThat(hit.path()).isEqualTo("any.bin");
      assertThat(hit.line()).isPositive();
    }
    SecretScan.Report added = SecretScanBytesTest.scanAdded("added.bin", input, List.of());
    assertThat(added.opaque()).allSatisfy(o -> assertThat(o.path()).isEqualTo("added.bin"));
    try {
      SecretScan.Report report = SecretScan.scanChange(new String(input, StandardCharsets.UTF_8), List.of(), List.of());
      assertThat(report.hits()).allSatisfy(h -> assertThat(h.line()).isNotNegative());
    } catch (IllegalArgumentException unreadable) {
      assertThat(unreadable.getMessage()).isNotBlank();
    }
  }

  private static byte[] nulAfterEach(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte b : s.getBytes(StandardCharsets.US_ASCII)) {
      out.write(b);
      out.write(0);
      out.write(0);
    }
    return out.toByteArray();
  }
}
