package dev.acs.webhook.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** A pull request as pull_request* events carry it. {@code merged} is null in review events. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PullRequest(
    long id,
    int number,
    String title,
    String body,
    String state,
    boolean draft,
    Boolean merged,
    User user,
    Ref head,
    Ref base,
    List<Label> labels,
    String htmlUrl) {

  public PullRequest {
    labels = labels == null ? List.of() : List.copyOf(labels);
  }

  /**
   * One side of a pull request. {@code repo} is null when the head fork was deleted; in the
   * pull_requests of check events it has only id and name, no full name.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Ref(String ref, String sha, Repository repo) {
    public String repoFullName() {
      return repo == null ? null : repo.fullName();
    }
  }

  /** True when the head branch lives in another repository (a fork): ACS cannot push there. */
  public boolean isFromFork(String baseRepoFullName) {
    return head == null || head.repo() == null || !baseRepoFullName.equals(head.repo().fullName());
  }
}
