package dev.acs.webhook.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The GitHub App behind a check run or suite; its slug tells ACS's own checks from others. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record App(long id, String slug, String name) {}
