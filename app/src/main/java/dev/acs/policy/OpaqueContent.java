package dev.acs.policy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tells a file whose bytes the secret scan cannot see into: archives and compressed files (their
 * content is deflated), images over {@link #MAX_IMAGE_BYTES} (pixel data is compressed too; small
 * icons are let through), encrypted files (known headers) and anything whose bytes look random
 * (compressed or encrypted data of an unknown format). Such a file is denied unless the policy
 * data allows its path ({@code acs.paths.uninspectable_allowed}).
 */
final class OpaqueContent {
  /** Images up to this size pass (their raw bytes are still scanned); larger ones are opaque. */
  static final int MAX_IMAGE_BYTES = 256 * 1024;

  // Bytes per byte of Shannon entropy above which content reads as compressed or encrypted. Small
  // samples cannot reach 8 bits even when random, hence the lower bar for them.
  static final double RANDOM_BITS = 7.5;
  static final double RANDOM_BITS_SMALL = 7.0;
  static final int MIN_RANDOM_SAMPLE = 256;
  static final int SMALL_SAMPLE = 1024;

  private record Magic(int offset, byte[] bytes, String what) {
    Magic(int offset, String latin1, String what) {
      this(offset, latin1.getBytes(StandardCharsets.ISO_8859_1), what);
    }

    boolean matches(byte[] content) {
      if (content.length < offset + bytes.length) {
        return false;
      }
      for (int i = 0; i < bytes.length; i++) {
        if (content[offset + i] != bytes[i]) {
          return false;
        }
      }
      return true;
    }
  }

  private static final List<Magic> ARCHIVES =
      List.of(
          new Magic(0, "PK\u0003\u0004", "a zip archive"),
          new Magic(0, "PK\u0005\u0006", "a zip archive"),
          new Magic(0, "PK\u0007\u0008", "a zip archive"),
          new Magic(0, "\u001f\u008b", "a gzip-compressed file"),
          new Magic(0, "BZh", "a bzip2-compressed file"),
          new Magic(0, "\u00fd7zXZ\u0000", "an xz-compressed file"),
          new Magic(0, "7z\u00bc\u00af\u0027\u001c", "a 7-Zip archive"),
          new Magic(0, "Rar!\u001a\u0007", "a RAR archive"),
          new Magic(0, "\u0028\u00b5\u002f\u00fd", "a zstd-compressed file"),
          new Magic(0, "\u0004\"M\u0018", "an LZ4-compressed file"),
          new Magic(0, "MSCF", "a cabinet archive"),
          new Magic(0, "%PDF-", "a PDF (its streams are compressed)"));

  private static final List<Magic> ENCRYPTED =
      List.of(
          new Magic(0, "Salted__", "encrypted (OpenSSL)"),
          new Magic(0, "\u0000GITCRYPT\u0000", "encrypted (git-crypt)"),
          new Magic(0, "age-encryption.org/v1", "encrypted (age)"),
          new Magic(0, "$ANSIBLE_VAULT;", "encrypted (Ansible Vault)"));

  private static final List<Magic> IMAGES =
      List.of(
          new Magic(0, "\u0089PNG", "a PNG image"),
          new Magic(0, "\u00ff\u00d8\u00ff", "a JPEG image"),
          new Magic(0, "GIF8", "a GIF image"),
          new Magic(8, "WEBP", "a WebP image"),
          new Magic(0, "II*\u0000", "a TIFF image"),
          new Magic(0, "MM\u0000*", "a TIFF image"),
          new Magic(4, "ftyp", "an AVIF/HEIC image or MP4 video"),
          new Magic(0, "BM", "a BMP image"));

  // Text that is ciphertext: an added line like these makes its whole file opaque.
  private static final Pattern ENCRYPTED_TEXT =
      Pattern.compile(
          "^\\s*(?:-----BEGIN (?:PGP MESSAGE|AGE ENCRYPTED FILE|ENCRYPTED MESSAGE)-----|\\$ANSIBLE_VAULT;|age-encryption\\.org/v1)");

  private OpaqueContent() {}

  /** Why the scan cannot see into these bytes, or empty when it can. */
  static Optional<String> reason(byte[] content) {
    for (Magic m : ARCHIVES) {
      if (m.matches(content)) {
        return Optional.of(m.what());
      }
    }
    for (Magic m : ENCRYPTED) {
      if (m.matches(content)) {
        return Optional.of(m.what());
      }
    }
    for (Magic m : IMAGES) {
      if (m.matches(content)) {
        return content.length > MAX_IMAGE_BYTES
            ? Optional.of(m.what() + " of " + content.length + " bytes, over the " + MAX_IMAGE_BYTES / 1024 + " KiB inspected")
            : Optional.empty();
      }
    }
    if (content.length >= MIN_RANDOM_SAMPLE) {
      double bits = entropy(content);
      if (bits >= (content.length < SMALL_SAMPLE ? RANDOM_BITS_SMALL : RANDOM_BITS)) {
        return Optional.of(String.format(java.util.Locale.ROOT, "bytes that look compressed or encrypted (%.2f bits of entropy per byte)", bits));
      }
    }
    return Optional.empty();
  }

  /** Why a line of added text makes its file opaque (it starts ciphertext), or empty. */
  static Optional<String> reasonForLine(String line) {
    java.util.regex.Matcher m = ENCRYPTED_TEXT.matcher(line);
    return m.find() ? Optional.of("encrypted text (" + m.group().strip() + ")") : Optional.empty();
  }

  static double entropy(byte[] content) {
    long[] counts = new long[256];
    for (byte b : content) {
      counts[b & 0xff]++;
    }
    double bits = 0;
    for (long n : counts) {
      if (n > 0) {
        double p = (double) n / content.length;
        bits -= p * (Math.log(p) / Math.log(2));
      }
    }
    return bits;
  }
}
