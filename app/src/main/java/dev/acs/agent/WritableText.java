package dev.acs.agent;

import dev.acs.workspace.ConfinedFiles;
import java.nio.charset.StandardCharsets;

/**
 * The rule for text a tool writes as a whole new file, the one edit_file keeps for the files it
 * changes: UTF-8 text (no NUL, which makes git and the secret scan treat a file as binary, and no
 * unpaired surrogate, which UTF-8 cannot hold) of at most {@link ConfinedFiles#MAX_TEXT_BYTES}.
 * A model that sends NUL-interleaved text or a blob in a JSON string is refused here, before the
 * file exists.
 */
final class WritableText {
  private WritableText() {}

  /** Why the content may not be written, addressed to the model; null when it may. */
  static String problemWith(String content) {
    int line = 1;
    for (int i = 0; i < content.length(); i++) {
      char c = content.charAt(i);
      if (c == '\n') {
        line++;
      } else if (c == '\0') {
        return "the content holds a NUL character (line " + line + "); ACS writes UTF-8 text files only, as edit_file does,"
            + " and cannot create binary files";
      } else if (Character.isHighSurrogate(c) && i + 1 < content.length() && Character.isLowSurrogate(content.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "the content holds an unpaired surrogate (line " + line + "), which is not text UTF-8 can hold";
      }
    }
    long bytes = content.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > ConfinedFiles.MAX_TEXT_BYTES) {
      return "the content is " + bytes + " bytes of UTF-8, over the " + ConfinedFiles.MAX_TEXT_BYTES / (1024 * 1024)
          + " MB a file ACS writes may have (edit_file keeps the same limit)";
    }
    return null;
  }
}
