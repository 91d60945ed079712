package dev.acs.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code .env} file of {@code NAME=value} lines, as {@code set -a; . ./.env}, docker compose and
 * systemd read it. Updating keeps the other lines and replaces the given names; the file is
 * written whole to a temporary file and moved into place, readable and writable by the owner
 * only (0600), because it holds the App's private key.
 */
final class DotEnv {
  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private DotEnv() {}

  static void update(Path file, Map<String, String> values) throws IOException {
    Path target = file.toAbsolutePath();
    Map<String, String> pending = new LinkedHashMap<>(values);
    List<String> lines = new ArrayList<>();
    if (Files.exists(target)) {
      for (String line : Files.readAllLines(target, StandardCharsets.UTF_8)) {
        String name = nameOf(line);
        if (name != null && pending.containsKey(name)) {
          lines.add(name + "=" + quote(pending.remove(name)));
        } else {
          lines.add(line);
        }
      }
    }
    pending.forEach((name, value) -> lines.add(name + "=" + quote(value)));
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), ".env-", ".tmp");
    try {
      ownerOnly(temp);
      Files.writeString(temp, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      ownerOnly(target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void ownerOnly(Path p) throws IOException {
    if (Files.getFileStore(p).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(p, OWNER_ONLY);
    }
  }

  private static String nameOf(String line) {
    String t = line.strip();
    if (t.startsWith("export ")) {
      t = t.substring(7).strip();
    }
    int eq = t.indexOf('=');
    return t.startsWith("#") || eq <= 0 ? null : t.substring(0, eq).strip();
  }

  /**
   * Plain when the value is one word of safe characters (ids, hex secrets), so that even {@code
   * docker run --env-file}, which keeps quotes, reads it right; else double-quoted with line
   * breaks as {@code \n} (a PEM key: ACS turns {@code \n} back into line breaks).
   */
  static String quote(String value) {
    if (value.matches("[A-Za-z0-9_./:@+-]*")) {
      return value;
    }
    String escaped = value.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$").replace("`", "\\`")
        .replace("\r\n", "\n").replace("\n", "\\n");
    return "\"" + escaped + "\"";
  }
}
