package dev.acs.checks;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One violation a linter printed (checkstyle, PMD, ESLint), with the linter's own severity
 * ({@code error}, {@code warning}, or PMD's priority {@code 1}..{@code 5}). {@code file} is
 * repository-relative or null when the tool only names a class (maven-pmd-plugin); then
 * {@code symbol} holds that class.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LintError(
    String tool, String file, Integer line, Integer column, String rule, String severity, String message, String symbol) {}
