package dev.acs.policy;

import static dev.acs.policy.SecretScanTest.AWS_ID;
import static dev.acs.policy.SecretScanTest.GH_TOKEN;
import static dev.acs.policy.SecretScanTest.PEM_HEADER;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every added byte is scanned: binary files, other encodings, and files the scan cannot see into. */
class SecretScanBytesTest {
  private static final Charset UTF_32LE = Charset.forName("UTF-32LE");
  private static final Charset UTF_32BE = Charset.forName("UTF-32BE");
  private static final String TEXT = "config:\n  name: demo\n  token: " + GH_TOKEN + "\n";

  static Stream<Arguments> encodings() {
    return Stream.of(
        Arguments.of("UTF-16LE", bom(0xff, 0xfe, TEXT.getBytes(StandardCharsets.UTF_16LE)), "UTF-16LE text"),
        Arguments.of("UTF-16LE without BOM", TEXT.getBytes(StandardCharsets.UTF_16LE), "UTF-16LE text"),
        Arguments.of("UTF-16BE", TEXT.getBytes(StandardCharsets.UTF_16), "UTF-16BE text"), // Java writes a BOM
        Arguments.of("UTF-16BE without BOM", TEXT.getBytes(StandardCharsets.UTF_16BE), "UTF-16BE text"),
        Arguments.of("UTF-32LE", TEXT.getBytes(UTF_32LE), "UTF-32LE text"),
        Arguments.of("UTF-32BE with BOM", bom(0, 0, 0xfe, 0xff, TEXT.getBytes(UTF_32BE)), "UTF-32BE text"),
        // Little-endian one byte off reads as big-endian: either reading names it.
        Arguments.of("UTF-16LE, odd offset in a binary", concat(new byte[] {7, 0, 1}, TEXT.getBytes(StandardCharsets.UTF_16LE)), "UTF-16"),
        Arguments.of("NUL-interleaved, irregular", interleave(TEXT), "NUL-interleaved text"),
        Arguments.of("binary, NUL first", concat(new byte[] {0, 1, 2, (byte) 0xff}, TEXT.getBytes(StandardCharsets.US_ASCII)), "binary content"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void aTokenInAnyEncodingIsFound(String name, byte[] content, String view) {
    List<SecretScan.Hit> hits = SecretScan.scanBytes("res/config.dat", content, List.of());
    assertThat(hits).extracting(SecretScan.Hit::kind).anyMatch(k -> k.startsWith("GitHub token in " + view));
    assertThat(hits).allSatisfy(h -> assertThat(h.path()).isEqualTo("res/config.dat"));
    assertThat(hits).filteredOn(h -> h.kind().startsWith("GitHub token")).first().extracting(SecretScan.Hit::line).isEqualTo(3);
    assertThat(hits.toString()).doesNotContain(GH_TOKEN.substring(4, 20));
  }

  @Test
  void aBinaryWithATokenAnAwsKeyAndAPrivateKeyInTheMiddle() throws Exception {
    // Bytes of a small alphabet: binary, with NULs, but not random enough to read as encrypted.
    byte[] noise = new byte[3000];
    Random random = new Random(7);
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (byte) random.nextInt(16);
    }
    String pem = PEM_HEADER + "\nMIIEowIBAAKCAQEAx4Ul2kTfJ3pQk8r1vN0aBcDeFgHiJkLmNoPqRsTuVwXyZ01\n-----END RSA PRIVATE KEY-----";
    byte[] content = concat(noise, ("x" + GH_TOKEN + "y").getBytes(StandardCharsets.US_ASCII), noise,
        ("\u0001" + AWS_ID + "\u0002").getBytes(StandardCharsets.US_ASCII), noise, pem.getBytes(StandardCharsets.US_ASCII), noise);
    SecretScan.Report report = scanAdded("assets/blob.bin", content, List.of());
    assertThat(report.hits()).extracting(SecretScan.Hit::kind)
        .contains("GitHub token in binary content", "AWS access key id in binary content", "private key block in binary content");
    assertThat(report.opaque()).as("random noise is not the whole file").isEmpty();
  }

  @Test
  void aPemHeaderGluedToBinaryBytesIsFound() {
    byte[] content = concat(new byte[] {0, (byte) 0x89, 'Q'}, PEM_HEADER.getBytes(StandardCharsets.US_ASCII), new byte[] {'Z', 0});
    assertThat(SecretScan.scanBytes("k.bin", content, List.of())).extracting(SecretScan.Hit::kind)
        .containsExactly("private key block in binary content");
  }

  @Test
  void aZipArchiveCannotBeInspectedAndIsReported() throws Exception {
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(zip)) {
      out.putNextEntry(new ZipEntry("creds.txt"));
      out.write(("token=" + GH_TOKEN + "\n").repeat(20).getBytes(StandardCharsets.US_ASCII));
      out.closeEntry();
    }
    SecretScan.Report report = scanAdded("lib/tools.jar", zip.toByteArray(), List.of());
    assertThat(report.opaque()).containsExactly(new SecretScan.Opaque("lib/tools.jar", 0, "a zip archive"));
  }

  @Test
  void encryptedBytesCannotBeInspectedAndAreReported() throws Exception {
    Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
    aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[16], "AES"), new IvParameterSpec(new byte[16]));
    byte[] secret = aes.doFinal(("API_TOKEN=" + GH_TOKEN + "\n").repeat(100).getBytes(StandardCharsets.US_ASCII));
    SecretScan.Report report = scanAdded("config/prod.enc", secret, List.of());
    assertThat(report.hits()).isEmpty();
    assertThat(report.opaque()).singleElement().satisfies(o -> {
      assertThat(o.path()).isEqualTo("config/prod.enc");
      assertThat(o.why()).startsWith("bytes that look compressed or encrypted");
    });
    byte[] openssl = concat("Salted__".getBytes(StandardCharsets.US_ASCII), new byte[] {0, 1, 2, 3, 4, 5, 6, 7}, new byte[40]);
    assertThat(scanAdded("secrets.bin", openssl, List.of()).opaque()).extracting(SecretScan.Opaque::why).containsExactly("encrypted (OpenSSL)");
  }

  @Test
  void anImageOverTheSizeIsOpaqueASmallOneIsScanned() {
    byte[] png = new byte[OpaqueContent.MAX_IMAGE_BYTES + 1];
    byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    System.arraycopy(magic, 0, png, 0, magic.length);
    assertThat(scanAdded("docs/shot.png", png, List.of()).opaque()).extracting(SecretScan.Opaque::why)
        .singleElement().asString().startsWith("a PNG image of 262145 bytes");
    byte[] icon = concat(magic, ("tEXtComment\0" + AWS_ID).getBytes(StandardCharsets.ISO_8859_1));
    SecretScan.Report small = scanAdded("icon.png", icon, List.of());
    assertThat(small.opaque()).isEmpty();
    assertThat(small.hits()).extracting(SecretScan.Hit::kind).containsExactly("AWS access key id in binary content");
  }

  @Test
  void anAllowedPathMayHoldWhatCannotBeInspectedButNotASecretThatCan() throws Exception {
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(zip)) {
      out.putNextEntry(new ZipEntry("a.txt"));
      out.write("hello".getBytes(StandardCharsets.US_ASCII));
      out.closeEntry();
    }
    List<PathPattern> allowed = PathPattern.all(List.of("gradle/wrapper/*.jar"));
    SecretScan.Report report = scanAdded("gradle/wrapper/gradle-wrapper.jar", zip.toByteArray(), allowed);
    assertThat(report.opaque()).isEmpty();
    assertThat(report.hits()).isEmpty();
    byte[] withToken = concat(zip.toByteArray(), GH_TOKEN.getBytes(StandardCharsets.US_ASCII));
    assertThat(scanAdded("gradle/wrapper/gradle-wrapper.jar", withToken, allowed).hits()).isNotEmpty();
  }

  @Test
  void aBinaryFileWithoutItsBytesInTheDiffIsOpaque() {
    String diff = """
        diff --git a/lib/native.so b/lib/native.so
        new file mode 100644
        index 0000000..1234567
        Binary files /dev/null and b/lib/native.so differ
        """;
    assertThat(SecretScan.scanChange(diff, List.of(), List.of()).opaque())
        .containsExactly(new SecretScan.Opaque("lib/native.so", 0, "binary content that the diff does not carry"));
  }

  @Test
  void encryptedTextIsOpaqueOnTheLineItStarts() {
    String diff = """
        diff --git a/deploy/vars.yml b/deploy/vars.yml
        new file mode 100644
        --- /dev/null
        +++ b/deploy/vars.yml
        @@ -0,0 +1,3 @@
        +# vault
        +$ANSIBLE_VAULT;1.1;AES256
        +6163346539643866383334353462616239633937313439
        """;
    assertThat(SecretScan.scanChange(diff, List.of(), List.of()).opaque())
        .containsExactly(new SecretScan.Opaque("deploy/vars.yml", 2, "encrypted text ($ANSIBLE_VAULT;)"));
  }

  @Test
  void nulInterleavedTextPastGitsBinaryCheckIsReadAsText() {
    String interleaved = new String(interleave("key " + GH_TOKEN), StandardCharsets.ISO_8859_1);
    String diff = """
        diff --git a/notes.txt b/notes.txt
        --- a/notes.txt
        +++ b/notes.txt
        @@ -1 +1,2 @@
         hello
        +%s
        """.formatted(interleaved);
    assertThat(SecretScan.scanChange(diff, List.of(), List.of()).hits()).containsExactly(new SecretScan.Hit("notes.txt", 2, "GitHub token"));
  }

  @Test
  void binaryPatchesRoundTrip() {
    byte[] content = new byte[5000];
    new Random(3).nextBytes(content);
    String diff = "diff --git a/x.bin b/x.bin\nnew file mode 100644\nindex 0000000..1111111\n"
        + "Binary files /dev/null and b/x.bin differ\n" + GitBinaryPatch.literal(content)
        + "diff --git a/y.txt b/y.txt\n--- a/y.txt\n+++ b/y.txt\n@@ -1 +1 @@\n-a\n+b\n";
    List<GitBinaryPatch.Carried> carried = GitBinaryPatch.newContents(diff);
    assertThat(carried).hasSize(2);
    assertThat(carried.get(0).content()).isEqualTo(content);
    assertThat(carried.get(1).content()).isNull();
    assertThat(UnifiedDiff.parse(diff).files()).extracting(UnifiedDiff.FileDiff::path).containsExactly("x.bin", "y.txt");
  }

  /** The scan of a diff that adds one binary file with this content, as the workspace writes it. */
  static SecretScan.Report scanAdded(String path, byte[] content, List<PathPattern> allowed) {
    String diff = "diff --git a/" + path + " b/" + path + "\nnew file mode 100644\nindex 0000000..1111111\n"
        + "Binary files /dev/null and b/" + path + " differ\n" + GitBinaryPatch.literal(content);
    return SecretScan.scanChange(diff, List.of(), allowed);
  }

  private static byte[] interleave(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < ascii.length; i++) {
      out.write(ascii[i]);
      for (int k = 0; k <= i % 3; k++) {
        out.write(0);
      }
    }
    return out.toByteArray();
  }

  private static byte[] bom(int a, int b, byte[] rest) {
    return concat(new byte[] {(byte) a, (byte) b}, rest);
  }

  private static byte[] bom(int a, int b, int c, int d, byte[] rest) {
    return concat(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d}, rest);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
