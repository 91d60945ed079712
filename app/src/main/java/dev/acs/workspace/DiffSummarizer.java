package dev.acs.workspace;

import dev.acs.policy.GitBinaryPatch;
import dev.acs.policy.PolicyInput.FileChange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.patch.FileHeader.PatchType;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;

/**
 * Computes a {@link ChangeSummary} with JGit's DiffFormatter; binary files the change writes get
 * their new content as a git binary patch, for the secret scan.
 */
final class DiffSummarizer {
  private DiffSummarizer() {}

  /** {@code base...head}: the diff from their merge base to head. */
  static ChangeSummary summarize(Repository repo, AnyObjectId base, AnyObjectId head) throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit headCommit = walk.parseCommit(head);
      RevCommit baseCommit = walk.parseCommit(base);
      walk.setRevFilter(RevFilter.MERGE_BASE);
      walk.markStart(headCommit);
      walk.markStart(baseCommit);
      RevCommit mergeBase = walk.next();
      if (mergeBase == null) {
        throw new WorkspaceException("the branch and " + base.name() + " have no common history");
      }
      return diff(repo, walk.parseCommit(mergeBase).getTree(), headCommit.getTree());
    }
  }

  static ChangeSummary diff(Repository repo, AnyObjectId oldTree, AnyObjectId newTree) throws IOException {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    List<FileChange> files = new ArrayList<>();
    int additions = 0;
    int deletions = 0;
    boolean truncated = false;
    try (DiffFormatter counter = formatter(repo, ByteArrayOutputStream.nullOutputStream());
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        DiffFormatter printer = formatter(repo, one)) {
      for (DiffEntry entry : counter.scan(oldTree, newTree)) {
        FileHeader header = counter.toFileHeader(entry);
        int added = 0;
        int deleted = 0;
        for (Edit edit : header.toEditList()) {
          added += edit.getLengthB();
          deleted += edit.getLengthA();
        }
        files.add(new FileChange(pathOf(entry), statusOf(entry), added, deleted, null, isGitlink(entry)));
        additions += added;
        deletions += deleted;
        one.reset();
        printer.format(entry);
        printer.flush();
        if (header.getPatchType() != PatchType.UNIFIED && entry.getChangeType() != DiffEntry.ChangeType.DELETE) {
          writeBinaryPatch(repo, entry, one);
        }
        if (text.size() + one.size() > ChangeSummary.MAX_DIFF_BYTES) {
          truncated = true;
          writeLeftOut(one.toByteArray(), text);
        } else {
          one.writeTo(text);
        }
      }
    }
    return new ChangeSummary(files, additions, deletions, text.toString(StandardCharsets.UTF_8), truncated);
  }

  /**
   * "Binary files differ" hides the bytes from the secret scan: add the new content as a git binary
   * patch. Content over {@link GitBinaryPatch#MAX_CONTENT_BYTES} is left out, and the scan then
   * reports the file as not inspected.
   */
  private static void writeBinaryPatch(Repository repo, DiffEntry entry, ByteArrayOutputStream out) throws IOException {
    ObjectLoader loader = repo.open(entry.getNewId().toObjectId());
    if (loader.getSize() > GitBinaryPatch.MAX_CONTENT_BYTES) {
      return;
    }
    out.write(GitBinaryPatch.literal(loader.getCachedBytes(GitBinaryPatch.MAX_CONTENT_BYTES)).getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Keeps the header lines of a file whose diff does not fit (diff --git, modes, index, ---/+++),
   * then says it was left out, so that the secret scan knows it could not inspect the file.
   */
  private static void writeLeftOut(byte[] fileDiff, ByteArrayOutputStream text) {
    String[] lines = new String(fileDiff, StandardCharsets.UTF_8).split("\n", -1);
    StringBuilder header = new StringBuilder();
    for (String line : lines) {
      if (line.startsWith("@@ ") || line.startsWith("Binary files ") || line.startsWith("GIT binary patch")
          || line.isEmpty() || header.length() > 4096) {
        break;
      }
      header.append(line).append('\n');
    }
    header.append(GitBinaryPatch.LEFT_OUT).append('\n');
    byte[] bytes = header.toString().getBytes(StandardCharsets.UTF_8);
    text.write(bytes, 0, bytes.length);
  }

  private static DiffFormatter formatter(Repository repo, java.io.OutputStream out) {
    DiffFormatter f = new DiffFormatter(out);
    f.setRepository(repo);
    f.setDetectRenames(true);
    f.setContext(3);
    return f;
  }

  // A submodule on either side: the policy denies removing one (gitsafety, issue 10).
  private static boolean isGitlink(DiffEntry entry) {
    return entry.getOldMode() == FileMode.GITLINK || entry.getNewMode() == FileMode.GITLINK;
  }

  private static String pathOf(DiffEntry entry) {
    return entry.getChangeType() == DiffEntry.ChangeType.DELETE ? entry.getOldPath() : entry.getNewPath();
  }

  // GitHub's statuses for a file in a pull request; a copy is a new file as far as review goes.
  private static String statusOf(DiffEntry entry) {
    return switch (entry.getChangeType()) {
      case ADD, COPY -> "added";
      case DELETE -> "removed";
      case RENAME -> "renamed";
      case MODIFY -> "modified";
    };
  }
}
