package dev.acs.workspace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.EmptyCommitException;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefLeaseSpec;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A working tree on ACS's branch: a per-task clone made by {@link Workspaces#forTask} (deleted on
 * {@link #close()} unless kept for debugging), or a person's own checkout in local mode
 * ({@link Workspaces#openLocal}, never deleted, never pushed). Edits happen in {@link #dir()};
 * {@link #commitAll} records them as ACS; {@link #push} publishes them without ever forcing.
 *
 * <p>Not thread-safe: one task uses one workspace at a time.
 */
public final class Workspace implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Workspace.class);

  private final Git git;
  private final Path dir;
  private final GitRemote remote;
  private final BotIdentity identity;
  private final boolean deleteOnClose;
  private final String branch;
  private final boolean resumed;
  private final ObjectId startedFrom;
  // The newest commit of the branch known to be on the remote (or where the branch started): our
  // own, unpushed commits are the ones after it. Only those are ever replayed, and only onto ACS's.
  private ObjectId remoteBase;
  // Where ACS last saw (or put) the remote branch; null while it is not on the remote. A push
  // expects exactly this head there: anything else is someone else's doing.
  private ObjectId remoteHead;
  private final AutoCloseable held;
  private final CommitAuthors authors;
  private final TreeClosed onClose;
  private boolean closed;

  Workspace(Git git, GitRemote remote, BotIdentity identity, boolean deleteOnClose, String branch, boolean resumed,
      ObjectId startedFrom, TreeClosed onClose) {
    this.git = git;
    this.dir = git.getRepository().getWorkTree().toPath();
    this.remote = remote;
    this.identity = identity;
    this.authors = new CommitAuthors(identity);
    this.deleteOnClose = deleteOnClose;
    this.branch = branch;
    this.resumed = resumed;
    this.startedFrom = startedFrom;
    this.onClose = onClose;
    this.remoteBase = startedFrom;
    this.remoteHead = resumed && remote != null ? startedFrom : null;
    // A task clone is marked open so that the sweep (WorkDirUpkeep) leaves it alone.
    this.held = remote == null ? null : TaskTree.hold(dir);
  }

  /** The working tree's root: the only place edits may go. */
  public Path dir() {
    return dir;
  }

  public String branch() {
    return branch;
  }

  /** True when the branch already existed (on the remote, or checked out in local mode) and we continue it. */
  public boolean resumed() {
    return resumed;
  }

  /** The commit the branch was at when this workspace opened. */
  public String startedFrom() {
    return startedFrom.name();
  }

  public boolean isLocal() {
    return remote == null;
  }

  public String headSha() {
    return head().name();
  }

  public BotIdentity identity() {
    return identity;
  }

  /**
   * Stages every change in the working tree (new, modified, deleted files; .gitignore honoured;
   * submodules and Git LFS files left as they are, see {@link StageChanges}) and commits it as ACS
   * with the {@code Acs-Task} trailer. Empty when there was nothing to commit.
   * Hooks do not run and nothing is signed: these are machine commits checked by ACS's own gates.
   */
  public Optional<String> commitAll(String message, String taskId) {
    String fullMessage = TaskTrailer.append(message, taskId);
    requireOnBranch();
    try {
      stageAll();
      PersonIdent me = new PersonIdent(identity.name(), identity.email());
      RevCommit commit = git.commit()
          .setMessage(fullMessage)
          .setAuthor(me)
          .setCommitter(me)
          .setAllowEmpty(false)
          .setNoVerify(true)
          .setSign(false)
          .call();
      log.info("committed {} on {} for task {}", commit.abbreviate(10).name(), branch, taskId);
      return Optional.of(commit.name());
    } catch (EmptyCommitException e) {
      return Optional.empty();
    } catch (GitAPIException | IOException e) {
      throw new WorkspaceException("cannot commit in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * What committing now would change against {@code base}: stages every change as {@link
   * #commitAll} does, writes the index's tree (objects only, no commit, no ref moves) and diffs
   * {@code base} against it. Lets a gate judge a change before it is committed (local mode).
   */
  public ChangeSummary uncommittedChange(String base) {
    requireOnBranch();
    Repository repo = git.getRepository();
    try (ObjectInserter inserter = repo.newObjectInserter(); RevWalk walk = new RevWalk(repo)) {
      stageAll();
      ObjectId tree = repo.readDirCache().writeTree(inserter);
      inserter.flush();
      return DiffSummarizer.diff(repo, walk.parseCommit(resolve(base)).getTree(), tree);
    } catch (IOException | GitAPIException e) {
      throw new WorkspaceException("cannot diff the working tree of " + dir + " against " + base + ": " + e.getMessage(), e);
    }
  }

  // New, modified and deleted files (.gitignore honoured); submodules and LFS files never.
  private void stageAll() throws GitAPIException, IOException {
    StageChanges.stage(git);
  }

  /**
   * A file's text as it is at {@code rev} (branch, tag or SHA), empty when the file does not exist
   * there: the "before" side for checks that compare a change with its base.
   */
  public Optional<String> fileAt(String rev, String path) {
    Repository repo = git.getRepository();
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit commit = walk.parseCommit(resolve(rev));
      try (TreeWalk tw = TreeWalk.forPath(repo, path, commit.getTree())) {
        if (tw == null || (tw.getFileMode(0).getBits() & FileMode.TYPE_MASK) != FileMode.TYPE_FILE) {
          return Optional.empty();
        }
        return Optional.of(new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new WorkspaceException("cannot read " + path + " at " + rev + ": " + e.getMessage(), e);
    }
  }

  /** What the branch changes against {@code base} (a branch name, tag or SHA), as a pull request shows it. */
  public ChangeSummary changeSummary(String base) {
    try {
      return DiffSummarizer.summarize(git.getRepository(), resolve(base), head());
    } catch (IOException e) {
      throw new WorkspaceException("cannot diff " + branch + " against " + base + ": " + e.getMessage(), e);
    }
  }

  /**
   * The commits on the remote's copy of the branch that are not on {@code base}, newest first, each
   * marked whether ACS made it. As of the last mirror update or fetch. Empty if the branch is not
   * on the remote. Use it before working on a branch to notice that a person has pushed to it.
   */
  public List<CommitInfo> remoteBranchCommits(String base) {
    if (remote == null) {
      return List.of();
    }
    Repository repo = git.getRepository();
    try (RevWalk walk = new RevWalk(repo)) {
      Ref tip = repo.exactRef(trackingRef());
      if (tip == null) {
        return List.of();
      }
      walk.markStart(walk.parseCommit(tip.getObjectId()));
      walk.markUninteresting(walk.parseCommit(resolve(base)));
      return authors.describe(walk);
    } catch (IOException e) {
      throw new WorkspaceException("cannot list commits of " + branch + ": " + e.getMessage(), e);
    }
  }

  /**
   * Pushes the branch, never forcing and never over a head ACS did not make. Right before the push
   * it reads the remote branch again: if a person pushed to it (or rewound it) since ACS last saw
   * it, nothing is pushed and the result names their commits ({@link
   * PushOutcome#REJECTED_BY_HUMAN_PUSH}). If it moved only by ACS's own commits (an earlier run of
   * the task), ACS's unpushed commits are replayed on top once. The push itself carries the remote
   * head ACS expects (a lease, checked again by the server when it updates the ref), so a person's
   * push that lands in between is never overwritten either. Authentication failures throw {@link
   * GitAuthenticationException}.
   */
  public PushResult push(AccessToken token) {
    if (remote == null) {
      throw new WorkspaceException("ACS does not push from a local checkout; the branch " + branch + " stays in " + dir);
    }
    requireOnBranch();
    ObjectId head = head();
    if (head.equals(remoteBase)) {
      return result(PushOutcome.NOTHING_TO_PUSH, head, remoteHead, List.of(), List.of(), "no new commits on " + branch);
    }
    ObjectId remoteTip = fetchBranch(token);
    if (Objects.equals(remoteTip, remoteHead)) {
      return leasedPush(token, head, remoteTip, List.of(), PushOutcome.PUSHED);
    }
    return branchMoved(token, head, remoteTip);
  }

  // The remote branch is not where ACS left it: carry on only over ACS's own commits.
  private PushResult branchMoved(AccessToken token, ObjectId head, ObjectId remoteTip) {
    Repository repo = git.getRepository();
    if (remoteTip == null) {
      log.info("{} was deleted on {} while ACS worked on it", branch, remote.fullName());
      return result(PushOutcome.REJECTED_BY_HUMAN_PUSH, head, null, List.of(), List.of(),
          branch + " was deleted on the remote; ACS does not push it again");
    }
    try (RevWalk walk = new RevWalk(repo)) {
      List<CommitInfo> theirs = since(walk, remoteTip, head);
      List<CommitInfo> people = theirs.stream().filter(c -> !c.byAcs()).toList();
      log.info("{} on {} moved: {} new commit(s), {} not by ACS", branch, remote.fullName(), theirs.size(), people.size());
      if (!people.isEmpty()) {
        return humanPush(head, remoteTip, theirs);
      }
      walk.reset();
      if (theirs.isEmpty() && walk.isMergedInto(walk.parseCommit(remoteTip), walk.parseCommit(remoteBase))) {
        // Moved back to an older commit: someone removed commits; ACS does not bring them back.
        return result(PushOutcome.REJECTED_BY_HUMAN_PUSH, head, remoteTip, theirs, List.of(), branch
            + " was reset on the remote to " + remoteTip.abbreviate(7).name() + ", which ACS did not push; ACS pushed nothing");
      }
      if (theirs.isEmpty()) {
        return leasedPush(token, head, remoteTip, theirs, PushOutcome.PUSHED);
      }
      if (!git.status().call().isClean()) {
        throw new WorkspaceException("cannot rebase " + branch + " in " + dir + ": commit or discard the working tree changes first");
      }
      CommitReplay.Result replay = CommitReplay.replay(repo, ours(walk, head), remoteTip, new PersonIdent(identity.name(), identity.email()));
      if (!replay.applied()) {
        String what = replay.conflictPaths().isEmpty() ? replay.conflictingCommit() : "conflicting files " + String.join(", ", replay.conflictPaths());
        return result(PushOutcome.CONFLICT, head, remoteTip, theirs, replay.conflictPaths(),
            "ACS's commits do not apply on top of " + CommitAuthors.summary(theirs) + ": " + what);
      }
      moveBranch(head, replay.newTip());
      // Our commits now sit on the remote's tip: only commits after it are ours to replay later.
      remoteBase = remoteTip;
      remoteHead = remoteTip;
      return leasedPush(token, replay.newTip(), remoteTip, theirs, PushOutcome.REBASED_AND_PUSHED);
    } catch (IOException | GitAPIException e) {
      throw new WorkspaceException("cannot rebase " + branch + " onto the remote branch: " + e.getMessage(), e);
    }
  }

  // Pushes with the lease "the remote branch is still at expected (absent when null)".
  private PushResult leasedPush(AccessToken token, ObjectId head, ObjectId expected, List<CommitInfo> theirs, PushOutcome onSuccess) {
    RemoteRefUpdate update = pushOnce(token, expected);
    return switch (update.getStatus()) {
      case OK, UP_TO_DATE -> {
        remoteBase = head;
        remoteHead = head;
        log.info("pushed {} to {} {}", head.abbreviate(10).name(), remote.fullName(), branch);
        PushOutcome outcome = update.getStatus() == RemoteRefUpdate.Status.UP_TO_DATE ? PushOutcome.UP_TO_DATE : onSuccess;
        yield result(outcome, head, head, theirs, List.of(),
            (outcome == PushOutcome.REBASED_AND_PUSHED ? "rebased onto " + CommitAuthors.summary(theirs) + " and pushed " : "pushed ")
                + head.abbreviate(7).name() + " to " + branch);
      }
      default -> raced(token, update, head, expected);
    };
  }

  // The push was refused: if the branch moved meanwhile, that was someone's push; else the server said no.
  private PushResult raced(AccessToken token, RemoteRefUpdate update, ObjectId head, ObjectId expected) {
    ObjectId now = fetchBranch(token);
    if (Objects.equals(now, expected)) {
      return refusedByServer(update, head);
    }
    if (now == null) {
      return result(PushOutcome.REJECTED_BY_HUMAN_PUSH, head, null, List.of(), List.of(),
          branch + " was deleted on the remote during the push; ACS pushed nothing");
    }
    try (RevWalk walk = new RevWalk(git.getRepository())) {
      return humanPush(head, now, since(walk, now, head));
    } catch (IOException e) {
      throw new WorkspaceException("cannot list the commits pushed to " + branch + ": " + e.getMessage(), e);
    }
  }

  private PushResult humanPush(ObjectId head, ObjectId remoteTip, List<CommitInfo> theirs) {
    long people = theirs.stream().filter(c -> !c.byAcs()).count();
    log.info("not pushing {} to {}: {} commit(s) there that ACS did not make", branch, remote.fullName(), people);
    return result(PushOutcome.REJECTED_BY_HUMAN_PUSH, head, remoteTip, theirs, List.of(), CommitAuthors.summary(theirs)
        + " pushed to " + branch + (people == 0 ? "" : " (" + CommitAuthors.namePeople(theirs) + ")")
        + "; ACS never pushes over a head it did not make, so it pushed nothing");
  }

  // Commits on the remote tip that are neither ours nor known to be on the remote before.
  private List<CommitInfo> since(RevWalk walk, ObjectId remoteTip, ObjectId head) throws IOException {
    walk.reset();
    walk.markStart(walk.parseCommit(remoteTip));
    walk.markUninteresting(walk.parseCommit(head));
    walk.markUninteresting(walk.parseCommit(remoteBase));
    return authors.describe(walk);
  }

  private PushResult refusedByServer(RemoteRefUpdate update, ObjectId head) {
    String why = update.getMessage() == null ? update.getStatus().name() : update.getMessage();
    log.warn("push of {} to {} was refused: {}", branch, remote.fullName(), why);
    return result(PushOutcome.REJECTED_BY_REMOTE, head, remoteHead, List.of(), List.of(),
        "the server refused the push to " + branch + ": " + why);
  }

  private RemoteRefUpdate pushOnce(AccessToken token, ObjectId expected) {
    String ref = Constants.R_HEADS + branch;
    var push = git.push().setRemote(Constants.DEFAULT_REMOTE_NAME).setRefSpecs(new RefSpec(ref + ":" + ref)).setForce(false)
        .setRefLeaseSpecs(new RefLeaseSpec(ref, (expected == null ? ObjectId.zeroId() : expected).name()));
    GitTransport.authenticate(push, remote, token);
    try {
      for (org.eclipse.jgit.transport.PushResult r : push.call()) {
        RemoteRefUpdate u = r.getRemoteUpdate(ref);
        if (u != null) {
          return u;
        }
      }
      throw new WorkspaceException("push of " + branch + " to " + remote.fullName() + " returned no result");
    } catch (GitAPIException | RuntimeException e) {
      if (e instanceof WorkspaceException we) {
        throw we;
      }
      throw GitTransport.failure("push " + branch + " to " + remote.fullName(), remote, token, e);
    }
  }

  // Fetches the remote branch into its tracking ref; null when the remote no longer has it.
  private ObjectId fetchBranch(AccessToken token) {
    String ref = Constants.R_HEADS + branch;
    var fetch = git.fetch().setRemote(Constants.DEFAULT_REMOTE_NAME).setRefSpecs(new RefSpec("+" + ref + ":" + trackingRef()));
    GitTransport.authenticate(fetch, remote, token);
    try {
      fetch.call();
      Ref tracking = git.getRepository().exactRef(trackingRef());
      return tracking == null ? null : tracking.getObjectId();
    } catch (GitAPIException | RuntimeException | IOException e) {
      if (String.valueOf(e.getMessage()).contains("Remote does not have")) {
        return null;
      }
      throw GitTransport.failure("fetch " + branch + " from " + remote.fullName(), remote, token, e);
    }
  }

  private List<RevCommit> ours(RevWalk walk, ObjectId head) throws IOException {
    walk.reset();
    walk.markStart(walk.parseCommit(head));
    walk.markUninteresting(walk.parseCommit(remoteBase));
    List<RevCommit> commits = new ArrayList<>();
    for (RevCommit c : walk) {
      commits.add(c);
    }
    Collections.reverse(commits);
    return commits;
  }

  private void moveBranch(ObjectId from, ObjectId to) throws IOException, GitAPIException {
    RefUpdate u = git.getRepository().updateRef(Constants.R_HEADS + branch);
    u.setExpectedOldObjectId(from);
    u.setNewObjectId(to);
    u.setForceUpdate(true);
    u.setRefLogMessage("acs: rebase onto remote branch", false);
    RefUpdate.Result r = u.update();
    if (r != RefUpdate.Result.FORCED && r != RefUpdate.Result.FAST_FORWARD && r != RefUpdate.Result.NEW) {
      throw new WorkspaceException("cannot move " + branch + " to the rebased commit: " + r);
    }
    git.reset().setMode(ResetCommand.ResetType.HARD).setRef(to.name()).call();
  }

  CommitInfo describe(RevCommit c) {
    return authors.describe(c);
  }

  private PushResult result(PushOutcome outcome, ObjectId head, ObjectId remoteTip, List<CommitInfo> theirs,
      List<String> conflicts, String message) {
    return new PushResult(outcome, branch, head.name(), remoteTip == null ? null : remoteTip.name(), theirs, conflicts, message);
  }

  private String trackingRef() {
    return Constants.R_REMOTES + Constants.DEFAULT_REMOTE_NAME + "/" + branch;
  }

  private ObjectId head() {
    try {
      ObjectId id = git.getRepository().resolve(Constants.HEAD);
      if (id == null) {
        throw new WorkspaceException(dir + " has no commits");
      }
      return id;
    } catch (IOException e) {
      throw new WorkspaceException("cannot read HEAD in " + dir + ": " + e.getMessage(), e);
    }
  }

  private void requireOnBranch() {
    try {
      String current = git.getRepository().getFullBranch();
      if (!(Constants.R_HEADS + branch).equals(current)) {
        throw new WorkspaceException(dir + " is on " + current + ", not on ACS's branch " + branch + "; someone switched branches");
      }
    } catch (IOException e) {
      throw new WorkspaceException("cannot read HEAD in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** A branch name (the remote's copy first in a task clone, the local one first in local mode), tag or SHA. */
  ObjectId resolve(String rev) {
    Repository repo = git.getRepository();
    List<String> candidates = remote != null
        ? List.of(Constants.R_REMOTES + "origin/" + rev, Constants.R_HEADS + rev, Constants.R_TAGS + rev)
        : List.of(Constants.R_HEADS + rev, Constants.R_REMOTES + "origin/" + rev, Constants.R_TAGS + rev);
    try {
      for (String name : candidates) {
        Ref ref = repo.exactRef(name);
        if (ref != null) {
          return ref.getObjectId();
        }
      }
      ObjectId id = repo.resolve(rev);
      if (id == null) {
        throw new WorkspaceException("'" + rev + "' is not a branch, tag or commit in " + (remote != null ? remote.fullName() : dir));
      }
      return id;
    } catch (IOException | RevisionSyntaxException e) {
      throw new WorkspaceException("cannot resolve '" + rev + "': " + e.getMessage(), e);
    }
  }

  Repository repository() {
    return git.getRepository();
  }

  private void release() {
    if (held == null) {
      return;
    }
    try {
      held.close();
    } catch (Exception e) {
      log.debug("could not release {}: {}", dir, e.getMessage());
    }
  }

  /** Closes the repository, tells {@link TreeClosed}, and deletes a task clone's tree unless it is kept. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    git.close(); // also closes the repository: every Git here owns its repository
    release();
    try {
      onClose.closed(dir);
    } catch (RuntimeException e) { // what is kept about the tree is a cache: the tree still goes
      log.warn("after closing workspace {}: {}", dir, e.toString());
    }
    if (!deleteOnClose) {
      if (remote != null) {
        log.info("kept workspace {} (ACS_KEEP_WORKSPACES)", dir);
      }
      return;
    }
    try {
      FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
    } catch (IOException e) {
      log.warn("could not delete workspace {}: {}", dir, e.getMessage());
    }
  }
}
