package dev.acs.workspace;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Repositories on this machine that stand in for GitHub's ({@code acs demo}): a bare repository
 * reached over {@code file://}, seeded with a first commit, and plain clones of its branches for a
 * person (or a stand-in CI) to look at.
 */
public final class LocalRemotes {
  private LocalRemotes() {}

  /** One commit as {@code git log --oneline} shows it, with its author. */
  public record Commit(String sha, String subject, String author) {
    public String shortSha() {
      return sha.substring(0, 7);
    }
  }

  /**
   * Creates a bare repository at {@code bareDir} whose {@code main} holds {@code files} in one
   * commit by {@code author}; returns its {@code file://} URL.
   */
  public static URI createBare(Path bareDir, Map<String, String> files, BotIdentity author, String message) {
    Path seed = null;
    try {
      Files.createDirectories(bareDir);
      try (Git ignored = Git.init().setBare(true).setInitialBranch("main").setDirectory(bareDir.toFile()).call()) {
        // created
      }
      seed = Files.createTempDirectory("acs-seed");
      try (Git git = Git.init().setInitialBranch("main").setDirectory(seed.toFile()).call()) {
        for (Map.Entry<String, String> f : files.entrySet()) {
          Path p = seed.resolve(ConfinedFiles.normalize(f.getKey()));
          Files.createDirectories(p.getParent());
          Files.writeString(p, f.getValue());
        }
        git.add().addFilepattern(".").call();
        PersonIdent who = new PersonIdent(author.name(), author.email());
        git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
        git.push().setRemote(bareDir.toUri().toString()).add("main").call();
      }
      return bareDir.toUri();
    } catch (IOException | GitAPIException e) {
      throw new WorkspaceException("cannot create the repository at " + bareDir + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(seed);
    }
  }

  /** Clones {@code branch} of the repository at {@code url} into {@code dir} (a new folder). */
  public static Path cloneBranch(URI url, String branch, Path dir) {
    try (Git ignored = Git.cloneRepository().setURI(url.toString()).setBranch(branch).setDirectory(dir.toFile()).call()) {
      return dir;
    } catch (GitAPIException e) {
      throw new WorkspaceException("cannot clone " + branch + " of " + url + " into " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The newest {@code max} commits of {@code branch} in the repository at {@code gitDir}, newest first. */
  public static List<Commit> log(Path gitDir, String branch, int max) {
    try (Git git = Git.open(gitDir.toFile())) {
      Repository repo = git.getRepository();
      ObjectId head = repo.resolve(Constants.R_HEADS + branch);
      List<Commit> out = new ArrayList<>();
      if (head == null) {
        return out;
      }
      for (RevCommit c : git.log().add(head).setMaxCount(max).call()) {
        out.add(new Commit(c.getName(), c.getShortMessage(), c.getAuthorIdent().getName()));
      }
      return out;
    } catch (IOException | GitAPIException e) {
      throw new WorkspaceException("cannot read the history of " + branch + " in " + gitDir + ": " + e.getMessage(), e);
    }
  }

  /** The branches of the repository at {@code gitDir}, without {@code refs/heads/}. */
  public static List<String> branches(Path gitDir) {
    try (Git git = Git.open(gitDir.toFile())) {
      return git.branchList().call().stream().map(r -> Repository.shortenRefName(r.getName())).sorted().toList();
    } catch (IOException | GitAPIException e) {
      throw new WorkspaceException("cannot list the branches of " + gitDir + ": " + e.getMessage(), e);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try {
      org.eclipse.jgit.util.FileUtils.delete(dir.toFile(),
          org.eclipse.jgit.util.FileUtils.RECURSIVE | org.eclipse.jgit.util.FileUtils.SKIP_MISSING | org.eclipse.jgit.util.FileUtils.IGNORE_ERRORS);
    } catch (IOException ignored) {
      // best effort: a temporary folder
    }
  }
}
