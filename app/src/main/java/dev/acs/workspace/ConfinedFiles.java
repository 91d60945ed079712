package dev.acs.workspace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The only way the agent's tools touch files: every path is relative to the working tree root and
 * can never leave it or reach git's own data.
 *
 * <p>A path is rejected when it is empty, absolute (also {@code C:} or {@code ~}), uses backslashes,
 * contains {@code ..}, or names {@code .git} in any segment, in any case, with the spellings that
 * file systems fold to {@code .git} ({@code .GIT.}, {@code git~1}, invisible Unicode). Every
 * access then resolves real paths, so a symbolic link inside the tree that points out of it (or into
 * {@code .git/}) is refused too, and writes never follow a link in the last segment. Writes and
 * deletes are also refused in a git submodule and on Git LFS files ({@link PinnedPaths}).
 */
public final class ConfinedFiles {
  /** Larger files are not read into a prompt (and not rewritten by edits). */
  public static final long MAX_TEXT_BYTES = 2L * 1024 * 1024;

  // Code points that HFS+/NTFS ignore or strip when comparing names: ".g\u200cit" is ".git" there.
  private static final Pattern IGNORABLE =
      Pattern.compile("[\\u00AD\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u206F\\uFEFF]");
  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

  private final Path root;
  private PinnedPaths pins;

  /** @param root the working tree; must exist. Its real path becomes the confinement boundary. */
  public ConfinedFiles(Path root) throws IOException {
    this.root = root.toRealPath();
    if (!Files.isDirectory(this.root)) {
      throw new IOException("working tree " + root + " is not a directory");
    }
  }

  public Path root() {
    return root;
  }

  /** A path refused by the confinement rules; the message says why and is safe to show a model. */
  public static final class Rejected extends IOException {
    public Rejected(String message) {
      super(message);
    }
  }

  /**
   * Checks the spelling of a path (no file access) and returns it normalised: segments joined by
   * {@code /}, without empty or {@code .} segments. An empty result means the root itself.
   */
  public static String normalize(String path) throws Rejected {
    if (path == null) {
      throw new Rejected("no path given");
    }
    String p = path.strip();
    for (int i = 0; i < p.length(); i++) {
      if (Character.isISOControl(p.charAt(i))) {
        throw new Rejected("path '" + printable(p) + "' contains a control character");
      }
    }
    if (p.indexOf('\\') >= 0) {
      throw new Rejected("path '" + p + "' contains a backslash; use '/' between folders");
    }
    if (p.startsWith("/") || p.startsWith("~") || DRIVE.matcher(p).matches()) {
      throw new Rejected("path '" + p + "' is absolute; give a path relative to the repository root");
    }
    List<String> kept = new ArrayList<>();
    for (String segment : p.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        throw new Rejected("path '" + p + "' contains '..'; paths must stay inside the repository");
      }
      if (isGitName(segment)) {
        throw new Rejected("path '" + p + "' is inside .git; git's own files are off limits");
      }
      kept.add(segment);
    }
    return String.join("/", kept);
  }

  /** True for names a file system may treat as {@code .git} (see the class comment). */
  static boolean isGitName(String segment) {
    String s = IGNORABLE.matcher(segment).replaceAll("");
    // Windows drops trailing dots and spaces from names.
    s = s.replaceAll("[. ]+$", "").toLowerCase(Locale.ROOT);
    return s.equals(".git") || s.equals("git~1");
  }

  /** Whether a regular file or directory exists at the path (links are resolved and checked). */
  public boolean exists(String path) throws Rejected {
    try {
      resolveExisting(path);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (Rejected e) {
      throw e;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The real path of an existing file or directory, after checking that it lies inside the tree
   * and outside {@code .git}, whatever links lead there.
   */
  public Path resolveExisting(String path) throws IOException {
    String rel = normalize(path);
    Path candidate = root.resolve(rel);
    if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(rel.isEmpty() ? "." : rel);
    }
    Path real;
    try {
      real = candidate.toRealPath();
    } catch (NoSuchFileException e) {
      throw new Rejected("path '" + rel + "' is a symbolic link to a missing file");
    }
    checkInside(rel, real);
    return real;
  }

  /** Reads a UTF-8 text file of at most {@link #MAX_TEXT_BYTES}. */
  public String readString(String path) throws IOException {
    Path file = resolveExisting(path);
    if (!Files.isRegularFile(file)) {
      throw new IOException("'" + normalize(path) + "' is not a file");
    }
    long size = Files.size(file);
    if (size > MAX_TEXT_BYTES) {
      throw new IOException("'" + normalize(path) + "' is too large (" + size + " bytes) to read as text");
    }
    byte[] bytes = Files.readAllBytes(file);
    for (int i = 0; i < Math.min(bytes.length, 8000); i++) {
      if (bytes[i] == 0) {
        throw new IOException("'" + normalize(path) + "' is a binary file");
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      // Decoding leniently and writing back would corrupt the file, so refuse instead.
      throw new IOException("'" + normalize(path) + "' is not UTF-8 text; ACS only edits UTF-8 files");
    }
  }

  /**
   * Writes a UTF-8 file, creating missing folders. Refuses to write through a symbolic link or
   * onto a folder.
   */
  public void writeString(String path, String content) throws IOException {
    String rel = normalize(path);
    if (rel.isEmpty()) {
      throw new Rejected("no file name given");
    }
    Path target = root.resolve(rel);
    Path parent = target.getParent();
    Path existingAncestor = parent;
    while (!Files.exists(existingAncestor, LinkOption.NOFOLLOW_LINKS)) {
      existingAncestor = existingAncestor.getParent();
    }
    Path realAncestor = existingAncestor.toRealPath();
    checkInside(rel, realAncestor);
    refusePinned(rel);
    if (!Files.isDirectory(realAncestor)) {
      throw new IOException("cannot create '" + rel + "': '" + root.relativize(existingAncestor) + "' is a file");
    }
    // Folders below the checked ancestor are made here and now, so they are plain folders.
    Path realParent = realAncestor.resolve(existingAncestor.relativize(parent));
    Files.createDirectories(realParent);
    Path file = realParent.resolve(target.getFileName());
    if (Files.isSymbolicLink(file)) {
      throw new Rejected("'" + rel + "' is a symbolic link; ACS does not write through links");
    }
    if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("'" + rel + "' is a folder");
    }
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    try (SeekableByteChannel ch =
        Files.newByteChannel(
            file,
            Set.of(
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING,
                LinkOption.NOFOLLOW_LINKS))) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }
  }

  /** Deletes a regular file (not a folder, not a link). */
  public void delete(String path) throws IOException {
    String rel = normalize(path);
    Path candidate = root.resolve(rel);
    if (Files.isSymbolicLink(candidate)) {
      throw new Rejected("'" + rel + "' is a symbolic link; ACS does not delete links");
    }
    Path real = resolveExisting(rel);
    refusePinned(rel);
    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("'" + rel + "' is not a file");
    }
    Files.delete(real);
  }

  /**
   * Files under a folder (recursively, sorted, relative to the root with {@code /}), without
   * {@code .git} and without following links; at most {@code limit} entries.
   */
  public List<String> listFiles(String folder, int limit) throws IOException {
    Path start = resolveExisting(folder);
    List<String> out = new ArrayList<>();
    if (Files.isRegularFile(start)) {
      out.add(relative(start));
      return out;
    }
    List<Path> found = new ArrayList<>();
    Files.walkFileTree(
        start,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            return !dir.equals(start) && isGitName(dir.getFileName().toString())
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            // A worktree or submodule has a ".git" file: skip it like the folder.
            if (!isGitName(file.getFileName().toString())) {
              found.add(file);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException exc) {
            return FileVisitResult.CONTINUE;
          }
        });
    found.stream().map(this::relative).sorted().limit(limit).forEach(out::add);
    return out;
  }

  /** The path relative to the root, with {@code /}. */
  public String relative(Path path) {
    Path p = path.isAbsolute() ? path : root.resolve(path);
    return root.relativize(p.normalize()).toString().replace('\\', '/');
  }

  // Submodules and Git LFS files stay as git has them (see PinnedPaths); read once, on the first write.
  private void refusePinned(String rel) throws Rejected {
    if (pins == null) {
      pins = PinnedPaths.of(root);
    }
    var why = pins.refusal(rel);
    if (why.isPresent()) {
      throw new Rejected(why.get());
    }
  }

  private void checkInside(String rel, Path real) throws Rejected {
    if (!real.startsWith(root)) {
      throw new Rejected("path '" + rel + "' leads out of the repository through a symbolic link");
    }
    for (Path segment : root.relativize(real)) {
      if (isGitName(segment.toString())) {
        throw new Rejected("path '" + rel + "' leads into .git through a symbolic link");
      }
    }
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(Character.isISOControl(c) ? '?' : c);
    }
    return b.toString();
  }
}
