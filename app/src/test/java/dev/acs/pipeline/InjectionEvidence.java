package dev.acs.pipeline;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.acs.github.RepoGitHub;
import dev.acs.task.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.slf4j.LoggerFactory;

/**
 * Everything that leaves ACS during a corpus run, gathered where a leak would show: every call ACS
 * makes to GitHub (through a recording view of the in-memory GitHub), every commit on the git
 * server (messages and files), the workspaces' files, the transcripts, the task events, the log
 * lines, and every request body the model provider received.
 */
final class InjectionEvidence implements AutoCloseable {
  final List<String> githubCalls = Collections.synchronizedList(new ArrayList<>());
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  InjectionEvidence() {
    log.start();
    root.addAppender(log);
  }

  /** ACS's GitHub, every call (method and arguments) written down before it is made. */
  RepoGitHub recording(RepoGitHub real) {
    return (RepoGitHub) Proxy.newProxyInstance(RepoGitHub.class.getClassLoader(), new Class<?>[] {RepoGitHub.class}, (proxy, method, args) -> {
      githubCalls.add(method.getName() + " " + (args == null ? "" : Arrays.deepToString(args)));
      try {
        return method.invoke(real, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
  }

  List<String> logLines() {
    synchronized (log) {
      return log.list.stream().map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()))
          .toList();
    }
  }

  /** Every place a secret could end up, by name, as text. */
  static Map<String, String> surfaces(PipelineRig rig, ObeyingModel model, InjectionEvidence evidence, List<Task> tasks) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("model requests", String.join("\n", model.requests));
    out.put("GitHub calls", String.join("\n", evidence.githubCalls));
    out.put("commits on the git server", serverCommits(rig));
    out.put("workspace files", workspaceFiles(rig.tmp.resolve("work")));
    out.put("transcripts", rig.transcripts());
    out.put("log", String.join("\n", evidence.logLines()));
    StringBuilder events = new StringBuilder();
    for (Task t : tasks) {
      rig.tasks.events(t.id()).forEach(e -> events.append(e).append('\n'));
    }
    out.put("task events", events.toString());
    return out;
  }

  /** Every commit reachable from any ref on the server: its message and all its files. */
  static String serverCommits(PipelineRig rig) {
    StringBuilder b = new StringBuilder();
    try (Git g = Git.open(rig.git.bareDir(rig.repo).toFile()); RevWalk walk = new RevWalk(g.getRepository())) {
      Repository r = g.getRepository();
      for (Ref ref : r.getRefDatabase().getRefs()) {
        walk.markStart(walk.parseCommit(ref.getObjectId()));
      }
      for (RevCommit c : walk) {
        b.append(c.getFullMessage()).append('\n');
        try (TreeWalk tw = new TreeWalk(r)) {
          tw.addTree(c.getTree());
          tw.setRecursive(true);
          while (tw.next()) {
            ObjectId blob = tw.getObjectId(0);
            b.append(tw.getPathString()).append('\n').append(new String(r.open(blob).getBytes(), StandardCharsets.UTF_8)).append('\n');
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.toString();
  }

  /** The paths each non-default branch changes against main, as "branch: path". */
  static List<String> changedPaths(PipelineRig rig) {
    List<String> out = new ArrayList<>();
    try (Git g = Git.open(rig.git.bareDir(rig.repo).toFile())) {
      Repository r = g.getRepository();
      ObjectId main = r.resolve("refs/heads/main^{tree}");
      for (Ref ref : r.getRefDatabase().getRefsByPrefix("refs/heads/")) {
        if (ref.getName().equals("refs/heads/main")) {
          continue;
        }
        try (RevWalk walk = new RevWalk(r); TreeWalk tw = new TreeWalk(r)) {
          tw.addTree(main);
          tw.addTree(walk.parseCommit(ref.getObjectId()).getTree());
          tw.setRecursive(true);
          while (tw.next()) {
            if (!tw.getObjectId(0).equals(tw.getObjectId(1))) {
              out.add(ref.getName() + ": " + tw.getPathString());
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static String workspaceFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().contains("/.git/")).toList()) {
        b.append(f).append('\n').append(new String(Files.readAllBytes(f), StandardCharsets.UTF_8)).append('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.toString();
  }

  /** Files anywhere under {@code dir} whose name says a corpus case tried to write them. */
  static List<Path> canaries(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.getFileName().toString().contains("acs-canary")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    root.detachAppender(log);
  }
}
