package dev.acs.webhook.event;

/** The GitHub App behind a check run or suite; its slug tells ACS's own checks from others. */
public record App(long id, String slug, String name) {}
