package dev.acs.policy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The texts a file's bytes can be read as, for the secret scan: the bytes one by one (ASCII and
 * UTF-8 text, and text inside binary formats), and, where the bytes hold NULs, the bytes with the
 * NULs left out (NUL-interleaved text however irregular), UTF-16 in both byte orders at both
 * alignments, and UTF-32 in both byte orders at all four alignments when NULs are dense enough
 * for it. A BOM is read as a character and changes nothing. A secret written in any of these
 * encodings, anywhere in the file, shows in at least one view as the ASCII it is made of.
 */
final class ByteViews {
  /** One reading of the bytes: what it is called in a refusal, and the text. */
  record View(String name, String text) {}

  private static final Charset UTF_32LE = Charset.forName("UTF-32LE");
  private static final Charset UTF_32BE = Charset.forName("UTF-32BE");

  private ByteViews() {}

  static List<View> of(byte[] bytes) {
    int nuls = 0;
    for (byte b : bytes) {
      if (b == 0) {
        nuls++;
      }
    }
    List<View> views = new ArrayList<>();
    String raw = new String(bytes, StandardCharsets.ISO_8859_1);
    views.add(new View(nuls == 0 && isUtf8(bytes) ? "text" : "binary content", raw));
    if (nuls == 0) {
      return views;
    }
    for (int offset = 0; offset < 2 && offset < bytes.length; offset++) {
      views.add(new View("UTF-16LE text", decode(bytes, offset, 2, StandardCharsets.UTF_16LE)));
      views.add(new View("UTF-16BE text", decode(bytes, offset, 2, StandardCharsets.UTF_16BE)));
    }
    // UTF-32 of ASCII is three NULs in four bytes; below half NULs it cannot be most of the file,
    // and the NUL-free view still shows its ASCII.
    if (nuls * 2L >= bytes.length) {
      for (int offset = 0; offset < 4 && offset < bytes.length; offset++) {
        views.add(new View("UTF-32LE text", decode(bytes, offset, 4, UTF_32LE)));
        views.add(new View("UTF-32BE text", decode(bytes, offset, 4, UTF_32BE)));
      }
    }
    // Last, so that a proper encoding names what it finds; this one catches the irregular rest.
    views.add(new View("NUL-interleaved text", withoutNuls(bytes, nuls)));
    return views;
  }

  private static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static String withoutNuls(byte[] bytes, int nuls) {
    char[] out = new char[bytes.length - nuls];
    int n = 0;
    for (byte b : bytes) {
      if (b != 0) {
        out[n++] = (char) (b & 0xff);
      }
    }
    return new String(out);
  }

  // Whole code units from the offset on; what does not decode becomes U+FFFD, one per unit.
  private static String decode(byte[] bytes, int offset, int unit, Charset charset) {
    int length = (bytes.length - offset) / unit * unit;
    return charset.decode(ByteBuffer.wrap(bytes, offset, length)).toString();
  }
}
