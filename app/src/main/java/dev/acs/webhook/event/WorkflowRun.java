package dev.acs.webhook.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** A GitHub Actions workflow run; its jobs' logs are fetched through the API when needed. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WorkflowRun(
    long id,
    String name,
    long workflowId,
    long checkSuiteId,
    String headSha,
    String headBranch,
    String event,
    String status,
    String conclusion,
    int runAttempt,
    String htmlUrl,
    List<PullRequestRef> pullRequests) {

  public WorkflowRun {
    pullRequests = pullRequests == null ? List.of() : List.copyOf(pullRequests);
  }
}
