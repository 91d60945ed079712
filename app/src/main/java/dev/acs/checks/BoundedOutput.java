package dev.acs.checks;

import java.nio.charset.StandardCharsets;

/**
 * Keeps the first and the last bytes of a stream that may be far larger than memory allows: the
 * start says what ran, the end has the build tool's verdict and summaries. What falls in between
 * is counted, not kept.
 */
final class BoundedOutput {
  private final byte[] head;
  private int headLength;
  private final byte[] tail;
  private int tailStart;
  private int tailLength;
  private long total;

  BoundedOutput(int maxBytes) {
    if (maxBytes < 2) {
      throw new IllegalArgumentException("maxBytes must be at least 2, got " + maxBytes);
    }
    this.head = new byte[maxBytes / 4];
    this.tail = new byte[maxBytes - head.length];
  }

  synchronized void write(byte[] b, int off, int len) {
    total += len;
    int toHead = Math.min(len, head.length - headLength);
    System.arraycopy(b, off, head, headLength, toHead);
    headLength += toHead;
    int rest = len - toHead;
    if (rest >= tail.length) {
      // The chunk alone fills the tail: keep its last bytes.
      System.arraycopy(b, off + len - tail.length, tail, 0, tail.length);
      tailStart = 0;
      tailLength = tail.length;
      return;
    }
    for (int i = off + toHead; i < off + len; i++) {
      tail[(tailStart + tailLength) % tail.length] = b[i];
      if (tailLength < tail.length) {
        tailLength++;
      } else {
        tailStart = (tailStart + 1) % tail.length;
      }
    }
  }

  synchronized long dropped() {
    return total - headLength - tailLength;
  }

  /** The kept bytes as text, with a marker line where bytes were dropped. */
  synchronized String text() {
    byte[] t = new byte[tailLength];
    for (int i = 0; i < tailLength; i++) {
      t[i] = tail[(tailStart + i) % tail.length];
    }
    String start = new String(head, 0, headLength, StandardCharsets.UTF_8);
    String end = new String(t, StandardCharsets.UTF_8);
    long dropped = dropped();
    return dropped == 0 ? start + end : start + "\n… [acs: " + dropped + " bytes of output omitted] …\n" + end;
  }
}
