package dev.acs.context;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One text file of a repository, by its path relative to the root ({@code /}-separated). */
public record SourceFile(String path, String text) {
  /** Files larger than this are ranked by their path only (generated or minified, mostly). */
  public static final int MAX_BYTES = 512 * 1024;
  /** Folders neither read nor listed in the map: build output, installed dependencies, IDE and ACS state. */
  private static final Set<String> UNLISTED_DIRS = Set.of("target", "build", "node_modules", ".gradle", ".idea", ".acs");
  /** Folders listed in the map but never read: vendored and bundled code. */
  private static final Set<String> LISTED_ONLY_DIRS = Set.of("dist", "vendor");
  private static final Set<String> SKIPPED_DIRS = skippedDirs();

  /** Is this a test file (by the conventions of Maven, Gradle, Jest, pytest, Go)? */
  public boolean isTest() {
    return looksLikeTest(path);
  }

  /** Test paths: {@code src/test/}, {@code test/}, {@code tests/}, {@code __tests__/}, {@code *Test.java}, {@code *.test.ts}, {@code test_*.py}, {@code *_test.go}. */
  public static boolean looksLikeTest(String path) {
    String p = "/" + path;
    String name = path.substring(path.lastIndexOf('/') + 1);
    return p.contains("/test/") || p.contains("/tests/") || p.contains("/__tests__/") || p.contains("/testing/")
        || name.matches(".*(Test|Tests|TestCase|IT|Spec)\\.(java|kt|scala|groovy)")
        || name.matches(".*[._](test|spec)\\.[jt]sx?") || name.matches("test_.*\\.py|.*_test\\.(py|go)");
  }

  /** Folders never read: VCS data, and the unlisted and listed-only ones. */
  private static Set<String> skippedDirs() {
    Set<String> all = new java.util.HashSet<>(UNLISTED_DIRS);
    all.addAll(LISTED_ONLY_DIRS);
    all.add(".git");
    return Set.copyOf(all);
  }

  /** A folder whose files are neither read nor listed (build output, installed dependencies). */
  public static boolean unlistedDir(String name) {
    return UNLISTED_DIRS.contains(name);
  }

  /** A folder whose files the map lists but the ranking never reads ({@code dist}, {@code vendor}). */
  static boolean listedOnlyDir(String name) {
    return LISTED_ONLY_DIRS.contains(name);
  }

  /** The text files under {@code root}, build output and VCS folders left out, links not followed. */
  public static List<SourceFile> readTree(Path root) throws IOException {
    List<SourceFile> out = new ArrayList<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        return !dir.equals(root) && SKIPPED_DIRS.contains(dir.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isRegularFile()) {
          String rel = root.relativize(file).toString().replace('\\', '/');
          String text = attrs.size() > MAX_BYTES ? "" : textOf(Files.readAllBytes(file));
          if (text != null) {
            out.add(new SourceFile(rel, text));
          }
        }
        return FileVisitResult.CONTINUE;
      }
    });
    out.sort((a, b) -> a.path().compareTo(b.path()));
    return out;
  }

  /** The bytes as UTF-8 text, or null for a binary file (a NUL in its first 8 KB). */
  static String textOf(byte[] bytes) {
    for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
      if (bytes[i] == 0) {
        return null;
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return null;
    }
  }
}
