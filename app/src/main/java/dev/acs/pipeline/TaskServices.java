package dev.acs.pipeline;

import dev.acs.agent.Agents;
import dev.acs.checks.PmdCheck;
import dev.acs.metrics.TaskMetrics;
import dev.acs.policy.PolicyGate;
import dev.acs.task.TaskStore;
import dev.acs.workspace.Workspaces;

/**
 * Everything a task run needs, built once at start-up ({@code serve}, {@code action}, {@code demo})
 * and shared by all jobs.
 *
 * @param policyDescription one line saying which engines decide, shown in every ACS check run
 * @param gitBaseUrl where repositories are cloned from: {@code https://github.com} (or a GHES
 *     host); the clone URL is {@code <gitBaseUrl>/<owner>/<repo>.git}
 * @param runRepositoryChecks true where the repository's own test command may run (a CI runner,
 *     a local checkout); false on the App's server, where the agent's checks are PMD only
 * @param metrics where task starts and endings, repairs are counted ({@link TaskMetrics#NONE} in one-shot commands)
 * @param links the task page links ({@code ACS_PUBLIC_URL}); none when unset
 */
public record TaskServices(
    TaskStore tasks,
    PolicyGate gate,
    String policyDescription,
    Workspaces workspaces,
    GitHubAccess github,
    Agents agents,
    PmdCheck pmd,
    String gitBaseUrl,
    boolean runRepositoryChecks,
    TaskMetrics metrics,
    TaskLinks links) {

  public static final String DEFAULT_GIT_URL = "https://github.com";

  /** Without metrics or task page links (the one-shot commands, tests). */
  public TaskServices(
      TaskStore tasks, PolicyGate gate, String policyDescription, Workspaces workspaces, GitHubAccess github, Agents agents,
      PmdCheck pmd, String gitBaseUrl, boolean runRepositoryChecks) {
    this(tasks, gate, policyDescription, workspaces, github, agents, pmd, gitBaseUrl, runRepositoryChecks, TaskMetrics.NONE, TaskLinks.NONE);
  }

  public String cloneUrl(String repoFullName) {
    String base = gitBaseUrl.endsWith("/") ? gitBaseUrl.substring(0, gitBaseUrl.length() - 1) : gitBaseUrl;
    return base + "/" + repoFullName + ".git";
  }
}
