package dev.acs.workspace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.BatchRefUpdate;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the working trees ACS edits: a fresh one per task, made from the repository's mirror, or
 * a person's existing checkout in local mode ({@code acs run --repo DIR}).
 */
public final class Workspaces {
  private static final Logger log = LoggerFactory.getLogger(Workspaces.class);
  static final int MAX_DIRTY_PATHS_SHOWN = 10;

  private final WorkspaceSettings settings;
  private final MirrorCache mirrors;
  private final TreeClosed onClose;

  public Workspaces(WorkspaceSettings settings) {
    this(settings, TreeClosed.NONE);
  }

  /** As {@link #Workspaces(WorkspaceSettings)}, telling {@code onClose} of every working tree a task is done with. */
  public Workspaces(WorkspaceSettings settings, TreeClosed onClose) {
    this.settings = settings;
    this.mirrors = new MirrorCache(settings.mirrorsDir());
    this.onClose = onClose;
  }

  public MirrorCache mirrors() {
    return mirrors;
  }

  public WorkspaceSettings settings() {
    return settings;
  }

  /**
   * Brings the mirror up to date, then makes a working tree for the task under {@code
   * <work>/tasks/} that borrows the mirror's objects (nothing is copied), with {@code origin}
   * pointing at the real repository for pushing. The tree is on {@code branch}: continuing the
   * remote branch if it exists (a repair), else new from {@code base}. Close it when the task ends.
   */
  public Workspace forTask(GitRemote remote, AccessToken token, String taskId, String branch, String base) {
    TaskTrailer.requireValidTaskId(taskId);
    requireBranchName(branch);
    requireBranchName(base);
    if (branch.equals(base)) {
      throw new IllegalArgumentException("ACS works on its own branch, not on the base branch " + base);
    }
    long started = System.nanoTime();
    Path dir = mirrors.locked(remote, () -> {
      Path mirrorDir = mirrors.pathOf(remote);
      mirrors.updateLocked(remote, token, mirrorDir);
      return createWorkingTree(remote, taskId, mirrorDir);
    });
    long treeReady = System.nanoTime();
    Git git = null;
    try {
      git = Git.open(dir.toFile());
      Repository repo = git.getRepository();
      Ref existing = repo.exactRef(Constants.R_REMOTES + "origin/" + branch);
      Ref baseRef = repo.exactRef(Constants.R_REMOTES + "origin/" + base);
      if (existing == null && baseRef == null) {
        throw new WorkspaceException("base branch '" + base + "' does not exist in " + remote.fullName());
      }
      ObjectId start = existing != null ? existing.getObjectId() : baseRef.getObjectId();
      checkout(git, branch, start);
      log.debug("task {}: mirror and refs {} ms, checkout {} ms", taskId, (treeReady - started) / 1_000_000,
          (System.nanoTime() - treeReady) / 1_000_000);
      log.info("workspace for task {} on {} {} ({}) ready in {} ms at {}", taskId, remote.fullName(), branch,
          existing != null ? "continuing the remote branch" : "new from " + base, (System.nanoTime() - started) / 1_000_000, dir);
      return new Workspace(git, remote, settings.identity(), !settings.keepWorkspaces(), branch, existing != null, start, onClose);
    } catch (IOException | GitAPIException | RuntimeException e) {
      if (git != null) {
        git.close();
      }
      deleteQuietly(dir);
      if (e instanceof WorkspaceException we) {
        throw we;
      }
      throw new WorkspaceException("cannot prepare a working tree for " + remote.fullName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Local mode: the checkout at {@code dir} (its top level), which must be clean, switched to
   * {@code branch}, created from {@code base} (or from the current commit when base is null). If
   * the checkout is already on {@code branch}, work continues there. Never deleted, never pushed.
   */
  public Workspace openLocal(Path dir, String branch, String base) {
    requireBranchName(branch);
    Git git = openCheckout(dir);
    try {
      Repository repo = git.getRepository();
      if (repo.resolve(Constants.HEAD) == null) {
        throw new WorkspaceException(dir + " has no commits yet; make a first commit before running ACS on it");
      }
      requireClean(git, dir);
      String current = repo.getFullBranch();
      if ((Constants.R_HEADS + branch).equals(current)) {
        ObjectId head = repo.resolve(Constants.HEAD);
        return new Workspace(git, null, settings.identity(), false, branch, true, head, onClose);
      }
      if (repo.exactRef(Constants.R_HEADS + branch) != null) {
        throw new WorkspaceException("branch " + branch + " already exists in " + dir
            + "; check it out to continue it, or delete it (git branch -D " + branch + ") to start over");
      }
      ObjectId start;
      if (base == null) {
        start = repo.resolve(Constants.HEAD);
      } else {
        requireBranchName(base);
        if (branch.equals(base)) {
          throw new IllegalArgumentException("ACS works on its own branch, not on the base branch " + base);
        }
        start = resolveLocal(repo, base, dir);
      }
      git.checkout().setCreateBranch(true).setName(branch).setStartPoint(start.name()).call();
      log.info("local checkout {} switched to new branch {} at {}", dir, branch, start.abbreviate(10).name());
      return new Workspace(git, null, settings.identity(), false, branch, false, start, onClose);
    } catch (IOException | GitAPIException | RuntimeException e) {
      git.close();
      if (e instanceof WorkspaceException we) {
        throw we;
      }
      throw new WorkspaceException("cannot prepare " + dir + ": " + e.getMessage(), e);
    }
  }

  // A repository whose objects are the mirror's (objects/info/alternates) and whose remote-tracking
  // refs are a snapshot of the mirror's branches, taken under the mirror lock.
  private Path createWorkingTree(GitRemote remote, String taskId, Path mirrorDir) {
    Path dir = null;
    try {
      Files.createDirectories(settings.tasksDir());
      dir = Files.createTempDirectory(settings.tasksDir(), taskId.replace(':', '_') + "-");
      try (Git ignored = Git.init().setDirectory(dir.toFile()).call()) {
        // Only created here; reopened below so that JGit reads the alternates file.
      }
      Path alternates = dir.resolve(Constants.DOT_GIT).resolve("objects").resolve("info").resolve("alternates");
      Files.createDirectories(alternates.getParent());
      Files.writeString(alternates, mirrorDir.resolve("objects").toAbsolutePath() + "\n", StandardCharsets.UTF_8);
      TaskTree.writeMarker(dir, taskId);
      // No clean/smudge filter ever runs here, whatever the machine's git config says (git-lfs
      // installs one globally): an LFS pointer is checked out and committed as the pointer it is.
      Path info = dir.resolve(Constants.DOT_GIT).resolve(Constants.INFO_ATTRIBUTES);
      Files.createDirectories(info.getParent());
      Files.writeString(info, "* -filter\n", StandardCharsets.UTF_8);
      try (Git git = Git.open(dir.toFile());
          Repository mirror = new FileRepositoryBuilder().setGitDir(mirrorDir.toFile()).setMustExist(true).build()) {
        Repository repo = git.getRepository();
        StoredConfig config = repo.getConfig();
        config.setString("remote", "origin", "url", remote.url().toString());
        config.setString("remote", "origin", "fetch", "+refs/heads/*:refs/remotes/origin/*");
        config.setInt("gc", null, "auto", 0);
        config.setBoolean("gc", null, "autoDetach", false);
        // The token goes with every request: never let a redirect carry it to another server.
        config.setString("http", null, "followRedirects", "false");
        config.save();
        copyRefs(mirror, repo);
      }
      return dir;
    } catch (IOException | GitAPIException | RuntimeException e) {
      deleteQuietly(dir);
      throw new WorkspaceException("cannot create a working tree for " + remote.fullName() + " under " + settings.tasksDir()
          + ": " + e.getMessage(), e);
    }
  }

  private static void copyRefs(Repository mirror, Repository repo) throws IOException {
    BatchRefUpdate batch = repo.getRefDatabase().newBatchUpdate();
    batch.setAllowNonFastForwards(true);
    for (Ref ref : mirror.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
      String name = Constants.R_REMOTES + "origin/" + ref.getName().substring(Constants.R_HEADS.length());
      batch.addCommand(new ReceiveCommand(ObjectId.zeroId(), ref.getObjectId(), name));
    }
    for (Ref ref : mirror.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
      batch.addCommand(new ReceiveCommand(ObjectId.zeroId(), ref.getObjectId(), ref.getName()));
    }
    try (RevWalk walk = new RevWalk(repo)) {
      batch.execute(walk, NullProgressMonitor.INSTANCE);
    }
    for (ReceiveCommand cmd : batch.getCommands()) {
      if (cmd.getResult() != ReceiveCommand.Result.OK) {
        throw new IOException("cannot create " + cmd.getRefName() + ": " + cmd.getResult() + " " + cmd.getMessage());
      }
    }
  }

  private static void checkout(Git git, String branch, ObjectId start) throws IOException, GitAPIException {
    Repository repo = git.getRepository();
    RefUpdate create = repo.updateRef(Constants.R_HEADS + branch);
    create.setNewObjectId(start);
    create.setRefLogMessage("acs: branch from " + start.name(), false);
    RefUpdate.Result r = create.update();
    if (r != RefUpdate.Result.NEW && r != RefUpdate.Result.NO_CHANGE) {
      throw new IOException("cannot create branch " + branch + ": " + r);
    }
    RefUpdate head = repo.updateRef(Constants.HEAD);
    head.link(Constants.R_HEADS + branch);
    StoredConfig config = repo.getConfig();
    config.setString("branch", branch, "remote", "origin");
    config.setString("branch", branch, "merge", Constants.R_HEADS + branch);
    config.save();
    // The index is empty in a new repository, so a hard reset writes the whole tree.
    git.reset().setMode(ResetCommand.ResetType.HARD).setRef(start.name()).call();
  }

  private static Git openCheckout(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new WorkspaceException(dir + " is not a directory");
    }
    Path top = dir.toAbsolutePath().normalize();
    FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(top.toFile());
    if (builder.getGitDir() == null) {
      throw new WorkspaceException(dir + " is not a git repository (no .git in it or any parent); run 'git init' and commit first, or pass the checkout's folder");
    }
    Repository repo;
    try {
      repo = builder.setMustExist(true).build();
    } catch (IOException | IllegalArgumentException e) {
      throw new WorkspaceException(dir + " is not a usable git repository: " + e.getMessage(), e);
    }
    if (repo.isBare()) {
      repo.close();
      throw new WorkspaceException(dir + " is a bare repository; ACS needs a checkout with a working tree");
    }
    Path workTree = repo.getWorkTree().toPath().toAbsolutePath().normalize();
    if (!sameFile(workTree, top)) {
      repo.close();
      throw new WorkspaceException(dir + " is inside the git repository at " + workTree + "; pass that folder instead");
    }
    return new Git(repo, true);
  }

  private static void requireClean(Git git, Path dir) throws GitAPIException {
    Status status = git.status().call();
    if (status.isClean()) {
      return;
    }
    TreeSet<String> lines = new TreeSet<>();
    for (Map.Entry<String, Set<String>> kind : Map.of(
        "modified", status.getModified(),
        "changed", status.getChanged(),
        "added", status.getAdded(),
        "removed", status.getRemoved(),
        "missing", status.getMissing(),
        "untracked", status.getUntracked(),
        "conflicting", status.getConflicting()).entrySet()) {
      for (String path : kind.getValue()) {
        lines.add(path + " (" + kind.getKey() + ")");
      }
    }
    List<String> shown = new ArrayList<>(lines).subList(0, Math.min(MAX_DIRTY_PATHS_SHOWN, lines.size()));
    StringBuilder msg = new StringBuilder(dir + " has uncommitted changes; commit or stash them first, so ACS's commit holds only its own work:");
    for (String line : shown) {
      msg.append("\n  ").append(line);
    }
    if (lines.size() > shown.size()) {
      msg.append("\n  ... and ").append(lines.size() - shown.size()).append(" more");
    }
    throw new WorkspaceException(msg.toString());
  }

  private static ObjectId resolveLocal(Repository repo, String base, Path dir) throws IOException {
    for (String name : List.of(Constants.R_HEADS + base, Constants.R_REMOTES + "origin/" + base, Constants.R_TAGS + base)) {
      Ref ref = repo.exactRef(name);
      if (ref != null) {
        return repo.getRefDatabase().peel(ref).getPeeledObjectId() != null
            ? repo.getRefDatabase().peel(ref).getPeeledObjectId()
            : ref.getObjectId();
      }
    }
    throw new WorkspaceException("base '" + base + "' is not a branch or tag in " + dir);
  }

  static void requireBranchName(String branch) {
    if (branch == null || branch.isBlank() || !Repository.isValidRefName(Constants.R_HEADS + branch)) {
      throw new IllegalArgumentException("not a valid branch name: '" + branch + "'");
    }
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return a.equals(b);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try {
      FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING | FileUtils.IGNORE_ERRORS);
    } catch (IOException ignored) {
      // IGNORE_ERRORS: best effort.
    }
  }
}
