package dev.acs.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who this node is, across restarts: an id kept in the file {@code node-id} of the work directory,
 * under an operating-system lock held for the life of the process. The lock makes the id sound to
 * act on: whoever holds it is the only live process with that id, so work claimed under it before
 * (by a process that has since died: its lock died with it) is nobody's and can be taken back at
 * once. A second process on the same work directory gets an id of its own for its lifetime.
 *
 * <p>{@code ACS_NODE_ID} names the node instead, where the work directory does not outlive the
 * process (a container without a volume, a pod with an empty directory) but a name does (a
 * StatefulSet pod's name). The operator then vouches that no two live processes share it.
 */
public final class NodeIdentity implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeIdentity.class);

  static final String FILE = "node-id";
  /** The environment variable that names the node instead of the work directory's file. */
  public static final String VAR = "ACS_NODE_ID";
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9-]{8,64}");
  /** A host name, pod name or the like: it ends up in lease owner names and {@code claimed_by} (64 characters). */
  private static final Pattern VALID_GIVEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:-]{0,63}");

  private final String id;
  private final boolean stable;
  private final FileChannel channel;

  private NodeIdentity(String id, boolean stable, FileChannel channel) {
    this.id = id;
    this.stable = stable;
    this.channel = channel;
  }

  /** {@code ACS_NODE_ID} when set, else the id kept in {@code workDir} ({@link #of(Path)}). */
  public static NodeIdentity fromEnv(dev.acs.config.Env env, Path workDir) {
    java.util.Optional<String> given = env.get(VAR).map(String::strip).filter(s -> !s.isEmpty());
    if (given.isEmpty()) {
      return of(workDir);
    }
    if (!VALID_GIVEN.matcher(given.get()).matches()) {
      throw new dev.acs.config.ConfigException(VAR + " must be 1 to 64 letters, digits, '.', ':' or '-' (starting with a letter or digit), got '"
          + given.get() + "'");
    }
    return new NodeIdentity(given.get(), true, null);
  }

  /** The id of the node that runs in {@code workDir}: the one kept there, or a new one kept from now on. */
  public static NodeIdentity of(Path workDir) {
    Path file = workDir.resolve(FILE);
    FileChannel channel = null;
    try {
      Files.createDirectories(workDir);
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held in this very process (two apps in one JVM)
      }
      if (lock == null) {
        channel.close();
        NodeIdentity other = ephemeral();
        log.warn("another ACS process runs with work directory {}; this one is node {} until it stops", workDir, other.id);
        return other;
      }
      String kept = read(channel);
      if (VALID.matcher(kept).matches()) {
        return new NodeIdentity(kept, true, channel);
      }
      String fresh = newId();
      channel.truncate(0).write(ByteBuffer.wrap((fresh + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      channel.force(true);
      return new NodeIdentity(fresh, true, channel);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot keep this node's identity in " + file, e);
    }
  }

  /** An id for this process only (one-shot commands, tests): nothing is ever taken back under it. */
  public static NodeIdentity ephemeral() {
    return new NodeIdentity(newId(), false, null);
  }

  public String id() {
    return id;
  }

  /** True when the id outlives the process (kept in the work directory). */
  public boolean stable() {
    return stable;
  }

  private static String newId() {
    return "node-" + UUID.randomUUID();
  }

  private static String read(FileChannel channel) throws IOException {
    long size = Math.min(channel.size(), 128);
    ByteBuffer buf = ByteBuffer.allocate((int) size);
    channel.read(buf, 0);
    return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).strip();
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing
      }
    }
  }

  /** Releases the lock (closing the channel does): a later process may take the id. */
  @Override
  public void close() {
    closeQuietly(channel);
  }
}
