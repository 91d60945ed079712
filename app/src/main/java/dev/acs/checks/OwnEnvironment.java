package dev.acs.checks;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Clears ACS's secrets from the environment block of its own process: the memory that {@code
 * /proc/<pid>/environ} shows to any process of the same user, the test commands ACS starts
 * included. Java keeps its own copy ({@link System#getenv()}, read first), so ACS goes on working
 * with the values while the block holds only the names. The values of those variables are also
 * blanked where they appear in the command line ({@code /proc/<pid>/cmdline}).
 *
 * <p>Why in place rather than by starting a second JVM without them: a re-started child would
 * leave the first JVM as its parent, still holding the secrets in its environment, and so
 * readable by every process below it; replacing the process image (execve) needs native code that
 * Java 21 does not offer. Writing to {@code /proc/self/mem} is allowed to a process on itself. What
 * stays: the values in the JVM's heap, readable only by a process allowed to ptrace ACS (the same
 * user when {@code kernel.yama.ptrace_scope} is 0 or absent; nobody but root at 1 and above), and
 * by none in a sandbox with its own PID namespace (see {@link Sandbox}).
 */
public final class OwnEnvironment {
  /** Shorter values are too common to blank in the command line without hitting other text. */
  private static final int MIN_VALUE_IN_CMDLINE = 8;
  private static final Path STAT = Path.of("/proc/self/stat");
  private static final Path MEM = Path.of("/proc/self/mem");
  private static final Path ENVIRON = Path.of("/proc/self/environ");

  /** What clearing did: the names cleared, and why it could not when {@code problem} is set. */
  public record Outcome(List<String> cleared, Optional<String> problem) {
    public boolean ok() {
      return problem.isEmpty();
    }
  }

  private OwnEnvironment() {}

  /**
   * Blanks the value of every secret-named variable ({@link TestCommandRunner#isSecretName}) in
   * this process's environment block, and those values in its command line. Safe to call again
   * (nothing left to clear); not on Linux (no {@code /proc}) it reports a problem and changes
   * nothing.
   */
  public static synchronized Outcome clearSecrets() {
    Map<String, String> javaCopy = System.getenv(); // makes Java copy the block before it is blanked
    if (!Files.isReadable(STAT) || !Files.isWritable(MEM)) {
      return new Outcome(List.of(), Optional.of("no /proc/self/mem to write to (not Linux, or /proc not mounted)"));
    }
    try {
      long[] bounds = bounds(Files.readString(STAT));
      List<String> cleared = new ArrayList<>();
      List<String> values = new ArrayList<>();
      try (RandomAccessFile mem = new RandomAccessFile(MEM.toFile(), "rw")) {
        byte[] env = read(mem, bounds[2], bounds[3]);
        int start = 0;
        for (int i = 0; i <= env.length; i++) {
          if (i == env.length || env[i] == 0) {
            int eq = indexOf(env, (byte) '=', start, i);
            if (eq > start) {
              String name = new String(env, start, eq - start, StandardCharsets.UTF_8);
              if (TestCommandRunner.isSecretName(name) && i > eq + 1) {
                values.add(new String(env, eq + 1, i - eq - 1, StandardCharsets.UTF_8));
                mem.seek(bounds[2] + eq + 1);
                mem.write(new byte[i - eq - 1]);
                cleared.add(name);
              }
            }
            start = i + 1;
          }
        }
        javaCopy.forEach((name, value) -> {
          if (TestCommandRunner.isSecretName(name) && !value.isEmpty()) {
            values.add(value);
          }
        });
        blankInCommandLine(mem, bounds[0], bounds[1], values);
      }
      List<String> left = secretsIn(Files.readAllBytes(ENVIRON));
      if (!left.isEmpty()) {
        return new Outcome(cleared, Optional.of("still set in /proc/self/environ after clearing: " + String.join(", ", left)));
      }
      return new Outcome(List.copyOf(cleared), Optional.empty());
    } catch (IOException | RuntimeException e) {
      return new Outcome(List.of(), Optional.of("could not clear the environment block: " + e));
    }
  }

  /** The names of secret-named variables with a value in an environment block ({@code NAME=value\0...}). */
  public static List<String> secretsIn(byte[] block) {
    List<String> names = new ArrayList<>();
    for (String entry : new String(block, StandardCharsets.UTF_8).split("\0")) {
      int eq = entry.indexOf('=');
      if (eq > 0 && eq < entry.length() - 1 && TestCommandRunner.isSecretName(entry.substring(0, eq))) {
        names.add(entry.substring(0, eq));
      }
    }
    return names;
  }

  /** arg_start, arg_end, env_start, env_end: fields 48 to 51 of /proc/self/stat (Linux 3.5+). */
  static long[] bounds(String stat) {
    // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).strip().split(" ");
    if (f.length < 49) {
      throw new IllegalStateException("/proc/self/stat has " + (f.length + 2) + " fields; Linux 3.5 or later has 51+");
    }
    return new long[] {Long.parseLong(f[45]), Long.parseLong(f[46]), Long.parseLong(f[47]), Long.parseLong(f[48])};
  }

  private static void blankInCommandLine(RandomAccessFile mem, long start, long end, List<String> values) throws IOException {
    byte[] args = read(mem, start, end);
    for (String v : values) {
      byte[] needle = v.getBytes(StandardCharsets.UTF_8);
      if (needle.length < MIN_VALUE_IN_CMDLINE) {
        continue;
      }
      for (int at = find(args, needle, 0); at >= 0; at = find(args, needle, at + needle.length)) {
        byte[] stars = new byte[needle.length];
        Arrays.fill(stars, (byte) '*');
        mem.seek(start + at);
        mem.write(stars);
        System.arraycopy(stars, 0, args, at, stars.length);
      }
    }
  }

  private static byte[] read(RandomAccessFile mem, long start, long end) throws IOException {
    if (end <= start || end - start > 16 * 1024 * 1024) {
      throw new IOException("unexpected bounds " + start + ".." + end);
    }
    byte[] b = new byte[(int) (end - start)];
    mem.seek(start);
    mem.readFully(b);
    return b;
  }

  private static int indexOf(byte[] b, byte c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static int find(byte[] hay, byte[] needle, int from) {
    for (int i = from; i <= hay.length - needle.length; i++) {
      if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }
}
