package dev.acs.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.eclipse.jgit.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bare mirror per repository under {@code <work>/mirrors/<owner>/<repo>.git}: cloned once, then
 * brought up to date with an incremental fetch (only new objects travel). Task working trees borrow
 * its objects (git alternates), so starting a task costs one small fetch, not a clone. Branches and
 * tags are mirrored (not GitHub's refs/pull/*, which can be many and large); refs deleted upstream
 * are pruned. Git's own automatic gc is off: {@link WorkDirUpkeep} repacks a mirror on its schedule,
 * under the mirror's lock and only while no working tree borrows from it, and evicts the least
 * recently used mirrors when the work directory outgrows its cap.
 */
public final class MirrorCache {
  private static final Logger log = LoggerFactory.getLogger(MirrorCache.class);
  static final List<RefSpec> REFSPECS =
      List.of(new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*"));

  /** A file whose time says when a task last used the mirror: the eviction order under the size cap. */
  static final String LAST_USED = "acs-last-used";

  private final Path mirrorsDir;

  public MirrorCache(Path mirrorsDir) {
    this.mirrorsDir = mirrorsDir.toAbsolutePath().normalize();
  }

  /** What an update did: the mirror's folder, whether it was cloned now, and how many refs moved. */
  public record Mirror(Path dir, boolean cloned, int refsUpdated, Optional<String> defaultBranch) {}

  /** The mirror's folder; names are lower-cased as GitHub treats them case-insensitively. */
  public Path pathOf(GitRemote remote) {
    return mirrorsDir
        .resolve(remote.owner().toLowerCase(Locale.ROOT))
        .resolve(remote.name().toLowerCase(Locale.ROOT) + ".git");
  }

  /** Clones the mirror if it is missing or unusable, else fetches what is new. */
  public Mirror update(GitRemote remote, AccessToken token) {
    Path dir = pathOf(remote);
    try (MirrorLock ignored = MirrorLock.acquire(dir)) {
      return updateLocked(remote, token, dir);
    }
  }

  /** Runs {@code work} while holding the mirror's lock (no fetch can change it meanwhile). */
  <T> T locked(GitRemote remote, Supplier<T> work) {
    try (MirrorLock ignored = MirrorLock.acquire(pathOf(remote))) {
      return work.get();
    }
  }

  Mirror updateLocked(GitRemote remote, AccessToken token, Path dir) {
    Mirror m = fetchOrClone(remote, token, dir);
    markUsed(dir);
    return m;
  }

  private static void markUsed(Path dir) {
    try {
      Files.writeString(dir.resolve(LAST_USED), java.time.Instant.now() + "\n");
    } catch (IOException e) {
      log.debug("could not mark {} as used: {}", dir, e.getMessage());
    }
  }

  private Mirror fetchOrClone(GitRemote remote, AccessToken token, Path dir) {
    long started = System.nanoTime();
    if (!isUsable(dir)) {
      Mirror m = cloneInto(remote, token, dir);
      log.info("mirror {} cloned into {} in {} ms", remote.fullName(), dir, (System.nanoTime() - started) / 1_000_000);
      return m;
    }
    try (Git git = Git.open(dir.toFile())) {
      setOrigin(git.getRepository(), remote);
      FetchResult result = fetch(git, remote, token);
      String head = linkHead(git.getRepository(), result);
      int moved = countMoved(result);
      log.info("mirror {} fetched: {} refs updated in {} ms", remote.fullName(), moved, (System.nanoTime() - started) / 1_000_000);
      return new Mirror(dir, false, moved, Optional.ofNullable(head));
    } catch (IOException e) {
      throw new WorkspaceException("cannot open mirror " + dir + ": " + e.getMessage(), e);
    }
  }

  // Clones into a temporary sibling and renames it into place, so a crash or a failed first fetch
  // never leaves a half-made mirror that later looks usable.
  private Mirror cloneInto(GitRemote remote, AccessToken token, Path dir) {
    Path tmp = null;
    try {
      Files.createDirectories(dir.getParent());
      if (Files.exists(dir)) {
        log.warn("mirror {} at {} is unusable; cloning it again", remote.fullName(), dir);
        FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY);
      }
      tmp = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".tmp-");
      Mirror fetched;
      try (Git git = Git.init().setBare(true).setDirectory(tmp.toFile()).call()) {
        Repository repo = git.getRepository();
        StoredConfig config = repo.getConfig();
        // ACS never runs gc on a mirror: working trees borrow its objects through alternates.
        config.setInt("gc", null, "auto", 0);
        config.setInt("gc", null, "autoPackLimit", 0);
        // JGit checks for auto-gc after a fetch; detached, that check races with the rename below.
        // Redirects are not followed: the token goes with every request and must not travel on.
        config.setBoolean("gc", null, "autoDetach", false);
        config.setString("http", null, "followRedirects", "false");
        config.save();
        setOrigin(repo, remote);
        FetchResult result = fetch(git, remote, token);
        String head = linkHead(repo, result);
        fetched = new Mirror(dir, true, countMoved(result), Optional.ofNullable(head));
      }
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      tmp = null;
      return fetched;
    } catch (IOException | GitAPIException e) {
      throw new WorkspaceException("cannot create mirror " + dir + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          FileUtils.delete(tmp.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.IGNORE_ERRORS);
        } catch (IOException ignored) {
          // IGNORE_ERRORS: best effort on the failure path.
        }
      }
    }
  }

  private static FetchResult fetch(Git git, GitRemote remote, AccessToken token) {
    var fetch = git.fetch().setRemote(Constants.DEFAULT_REMOTE_NAME).setRefSpecs(REFSPECS)
        .setRemoveDeletedRefs(true).setTagOpt(TagOpt.NO_TAGS).setForceUpdate(true);
    GitTransport.authenticate(fetch, remote, token);
    try {
      return fetch.call();
    } catch (GitAPIException | RuntimeException e) {
      throw GitTransport.failure("fetch " + remote.fullName(), remote, token, e);
    }
  }

  private static void setOrigin(Repository repo, GitRemote remote) throws IOException {
    StoredConfig config = repo.getConfig();
    String url = remote.url().toString();
    if (url.equals(config.getString("remote", "origin", "url"))) {
      return;
    }
    config.setString("remote", "origin", "url", url);
    config.setStringList("remote", "origin", "fetch", REFSPECS.stream().map(RefSpec::toString).toList());
    config.setBoolean("remote", "origin", "mirror", true);
    config.save();
  }

  // Points the mirror's HEAD at the remote's default branch, when the server tells us which it is.
  private static String linkHead(Repository repo, FetchResult result) throws IOException {
    Ref advertised = result.getAdvertisedRef(Constants.HEAD);
    String target = null;
    if (advertised != null && advertised.isSymbolic()) {
      target = advertised.getTarget().getName();
    } else if (advertised != null && advertised.getObjectId() != null) {
      // Servers without the symref capability: the branch whose tip HEAD names, main/master first.
      for (String candidate : List.of("refs/heads/main", "refs/heads/master")) {
        Ref r = result.getAdvertisedRef(candidate);
        if (r != null && advertised.getObjectId().equals(r.getObjectId())) {
          target = candidate;
          break;
        }
      }
    }
    if (target == null || !target.startsWith(Constants.R_HEADS)) {
      return null;
    }
    Ref current = repo.exactRef(Constants.HEAD);
    if (current == null || !current.isSymbolic() || !current.getTarget().getName().equals(target)) {
      RefUpdate u = repo.updateRef(Constants.HEAD);
      u.link(target);
    }
    return target.substring(Constants.R_HEADS.length());
  }

  private static int countMoved(FetchResult result) {
    int n = 0;
    for (TrackingRefUpdate u : result.getTrackingRefUpdates()) {
      if (u.getResult() != RefUpdate.Result.NO_CHANGE) {
        n++;
      }
    }
    return n;
  }

  private static boolean isUsable(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build()) {
      return repo.isBare() && repo.getConfig().getString("remote", "origin", "url") != null;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }
}
