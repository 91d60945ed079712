package dev.acs.webhook.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The short pull request reference in check_run, check_suite and workflow_run events. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PullRequestRef(long id, int number, PullRequest.Ref head, PullRequest.Ref base) {}
