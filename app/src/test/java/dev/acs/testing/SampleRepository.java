package dev.acs.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/** Puts a first commit with the given files on {@code main} of a repository on the test git server. */
public final class SampleRepository {
  private SampleRepository() {}

  public static void seed(GitHttpServer server, String fullName, String token, Path scratch, Map<String, String> files) throws Exception {
    seed(server, fullName, token, scratch, files, "main");
  }

  /** As above, with the first commit on {@code branch} (made the bare repository's default, HEAD). */
  public static void seed(GitHttpServer server, String fullName, String token, Path scratch, Map<String, String> files, String branch)
      throws Exception {
    server.createRepository(fullName);
    if (!branch.equals("main")) {
      try (Git bare = Git.open(server.bareDir(fullName).toFile())) {
        bare.getRepository().updateRef(Constants.HEAD).link("refs/heads/" + branch);
      }
    }
    Path dir = Files.createTempDirectory(scratch, "seed");
    try (Git git = Git.init().setInitialBranch(branch).setDirectory(dir.toFile()).call()) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        Path p = dir.resolve(f.getKey());
        Files.createDirectories(p.getParent() == null ? dir : p.getParent());
        Files.writeString(p, f.getValue());
      }
      git.add().addFilepattern(".").call();
      PersonIdent octo = new PersonIdent("Octo Cat", "octocat@example.com");
      git.commit().setMessage("initial").setAuthor(octo).setCommitter(octo).setSign(false).call();
      git.remoteAdd().setName("origin").setUri(new URIish(server.url(fullName).toString())).call();
      git.push().setRemote("origin").add(branch)
          .setCredentialsProvider(new UsernamePasswordCredentialsProvider(GitHttpServer.USER, token)).call();
    }
  }
}
