package dev.acs.pipeline;

import dev.acs.github.RepoGitHub;

/**
 * How the pipeline reaches GitHub for a repository: as an App installation ({@code acs serve}),
 * with the workflow's token ({@code acs action}), or an in-memory stand-in ({@code acs demo}).
 */
@FunctionalInterface
public interface GitHubAccess {
  RepoGitHub forRepository(Long installationId, String repoFullName);
}
