package dev.acs.pipeline;

import dev.acs.config.RepoConfig;
import dev.acs.context.RepositoryInstructions;
import dev.acs.workspace.BranchReading;
import dev.acs.workspace.CommitStyle;
import dev.acs.workspace.Workspace;
import dev.acs.workspace.WorkspaceException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a repository says about how work is done in it, read from its default branch (never from
 * ACS's own branch, which a pull request's pushes could change): the maintainers' instructions
 * for the model, and the style of its commit subjects. A repository that cannot be read this way
 * has neither: the work goes on without them.
 */
final class RepositoryConventions {
  private static final Logger log = LoggerFactory.getLogger(RepositoryConventions.class);

  private RepositoryConventions() {}

  /** The AGENTS.md files at {@code rev} and the settings' {@code instructions:}. */
  static RepositoryInstructions instructions(Workspace ws, String rev, RepoConfig config) {
    String settings = config == null ? null : config.instructions().orElse(null);
    try {
      List<String> paths = BranchReading.pathsNamed(ws, rev, RepositoryInstructions.FILE_NAME);
      return RepositoryInstructions.of(new RepositoryInstructions.Source() {
        @Override
        public List<String> pathsNamed(String fileName) {
          return fileName.equals(RepositoryInstructions.FILE_NAME) ? paths : BranchReading.pathsNamed(ws, rev, fileName);
        }

        @Override
        public Optional<String> read(String path) {
          try {
            return ws.fileAt(rev, path);
          } catch (WorkspaceException e) {
            log.warn("{} at {} could not be read: {}", path, rev, e.getMessage());
            return Optional.empty();
          }
        }
      }, settings);
    } catch (WorkspaceException e) {
      log.warn("the AGENTS.md files at {} could not be listed: {}", rev, e.getMessage());
      return RepositoryInstructions.of(null, settings);
    }
  }

  /** The commit style of the last {@link CommitStyle#SAMPLE} subjects of {@code rev}. */
  static CommitStyle commitStyle(Workspace ws, String rev) {
    try {
      return CommitStyle.detect(BranchReading.recentSubjects(ws, rev, CommitStyle.SAMPLE));
    } catch (WorkspaceException e) {
      log.warn("the history of {} could not be read; commit subjects use the plain style: {}", rev, e.getMessage());
      return CommitStyle.PLAIN;
    }
  }
}
