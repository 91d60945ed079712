package dev.acs.task;

import java.time.Instant;

/**
 * One line of a task's audit trail. {@code kind}: transition, plan, model_call, tool_call, diff,
 * policy, push, comment, check, error. {@code detail} is JSON or text and may be long.
 */
public record TaskEvent(long id, String taskId, Instant at, String kind, String summary, String detail) {}
