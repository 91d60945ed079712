package dev.acs.workspace;

import dev.acs.testing.GitHttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/** A person's own clone of a repository on the test git server: commits as them and pushes. */
final class PersonClone implements AutoCloseable {
  static final PersonIdent ALICE = new PersonIdent("Alice Human", "alice@example.org");

  private final Git git;
  private final PersonIdent who;
  private final UsernamePasswordCredentialsProvider creds;

  private PersonClone(Git git, PersonIdent who, String token) {
    this.git = git;
    this.who = who;
    this.creds = new UsernamePasswordCredentialsProvider(GitHttpServer.USER, token);
  }

  /** Creates the first commit of an empty repository on the server (branch main) and pushes it. */
  static PersonClone seed(GitHttpServer server, Path dir, String fullName, String token, Map<String, String> files)
      throws Exception {
    Git git = Git.init().setInitialBranch("main").setDirectory(dir.toFile()).call();
    git.remoteAdd().setName("origin").setUri(new org.eclipse.jgit.transport.URIish(server.url(fullName).toString())).call();
    PersonClone p = new PersonClone(git, ALICE, token);
    p.commit(files, "Initial commit");
    p.push("main");
    return p;
  }

  /** Clones the repository and checks out {@code branch}. */
  static PersonClone clone(GitHttpServer server, Path dir, String fullName, String token, String branch) throws Exception {
    Git git = Git.cloneRepository().setURI(server.url(fullName).toString()).setDirectory(dir.toFile())
        .setCredentialsProvider(new UsernamePasswordCredentialsProvider(GitHttpServer.USER, token))
        .setBranch(branch).call();
    return new PersonClone(git, ALICE, token);
  }

  Path dir() {
    return git.getRepository().getWorkTree().toPath();
  }

  /** Writes the files (null content deletes) and commits everything as this person. */
  RevCommit commit(Map<String, String> files, String message) throws IOException, GitAPIException {
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = dir().resolve(f.getKey());
      if (f.getValue() == null) {
        Files.deleteIfExists(p);
      } else {
        Files.createDirectories(p.getParent());
        Files.writeString(p, f.getValue());
      }
    }
    git.add().addFilepattern(".").call();
    git.add().addFilepattern(".").setUpdate(true).call();
    return git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
  }

  void checkoutNew(String branch) throws GitAPIException {
    git.checkout().setCreateBranch(true).setName(branch).call();
  }

  RemoteRefUpdate.Status push(String branch) throws GitAPIException {
    String ref = "refs/heads/" + branch;
    return git.push().setCredentialsProvider(creds).setRefSpecs(new RefSpec(ref + ":" + ref)).call()
        .iterator().next().getRemoteUpdate(ref).getStatus();
  }

  RemoteRefUpdate.Status deleteRemote(String branch) throws GitAPIException {
    String ref = "refs/heads/" + branch;
    return git.push().setCredentialsProvider(creds).setRefSpecs(new RefSpec(":" + ref)).call()
        .iterator().next().getRemoteUpdate(ref).getStatus();
  }

  @Override
  public void close() {
    git.close();
  }
}
