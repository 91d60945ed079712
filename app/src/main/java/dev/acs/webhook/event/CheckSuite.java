package dev.acs.webhook.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

@JsonIgnoreProperties(ignoreUnknown = true)

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CheckSuite(
    long id,
    String headSha,
    String headBranch,
    String status,
    String conclusion,
    App app,
    List<PullRequestRef> pullRequests) {

  public CheckSuite {
    pullRequests = pullRequests == null ? List.of() : List.copyOf(pullRequests);
  }
}
