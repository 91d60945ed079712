package dev.acs.checks;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A compiler error. {@code file} is relative to the repository root (see {@link RepoPaths}), or
 * null when the compiler named no file (for example {@code Source option 5 is no longer
 * supported}); {@code line} and {@code column} are 1-based or null; {@code message} is the first
 * line of the compiler's message.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CompileError(String file, Integer line, Integer column, String message, String tool) {}
