package dev.acs.workspace;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a fuzz input into text fields at NUL bytes, so that seed files stay readable
 * ({@code file text \0 search \0 replace}); missing fields are empty.
 */
final class FuzzInput {
  private FuzzInput() {}

  static List<String> fields(byte[] input, int count) {
    List<String> out = new ArrayList<>(count);
    int from = 0;
    for (int i = 0; i < count; i++) {
      int to = i == count - 1 ? input.length : indexOf(input, from);
      out.add(new String(input, from, to - from, StandardCharsets.UTF_8));
      from = Math.min(input.length, to + 1);
    }
    return out;
  }

  private static int indexOf(byte[] input, int from) {
    for (int i = from; i < input.length; i++) {
      if (input[i] == 0) {
        return i;
      }
    }
    return input.length;
  }
}
