package dev.acs.checks;

/** Reads one tool's way of reporting failures out of a log; silent about lines it does not know. */
interface LogParser {
  void parse(LogText log, RepoPaths paths, Extraction found);
}
