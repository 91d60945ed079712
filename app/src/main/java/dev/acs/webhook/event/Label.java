package dev.acs.webhook.event;

public record Label(long id, String name) {}
