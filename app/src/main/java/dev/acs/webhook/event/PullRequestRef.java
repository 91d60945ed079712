package dev.acs.webhook.event;

/** The short pull request reference in check_run, check_suite and workflow_run events. */
public record PullRequestRef(long id, int number, PullRequest.Ref head, PullRequest.Ref base) {}
