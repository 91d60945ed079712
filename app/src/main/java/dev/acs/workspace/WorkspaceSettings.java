package dev.acs.workspace;

import dev.acs.config.Env;
import java.nio.file.Path;

/**
 * Where mirrors and task working trees live, whether finished working trees are kept (for
 * debugging), and who commits.
 *
 * @param workDir {@code ACS_WORK_DIR}, default {@code ./.acs/work}: {@code mirrors/<owner>/<repo>.git}
 *     and {@code tasks/<task-id>-<random>/} below it
 * @param keepWorkspaces {@code ACS_KEEP_WORKSPACES}, default false: leave task working trees on disk
 *     when a task ends
 */
public record WorkspaceSettings(Path workDir, boolean keepWorkspaces, BotIdentity identity) {
  public static final String DEFAULT_WORK_DIR = "./.acs/work";

  public WorkspaceSettings {
    workDir = workDir.toAbsolutePath().normalize();
  }

  public static WorkspaceSettings fromEnv(Env env) {
    return new WorkspaceSettings(
        Path.of(env.get("ACS_WORK_DIR", DEFAULT_WORK_DIR)),
        env.getBoolean("ACS_KEEP_WORKSPACES", false),
        BotIdentity.fromEnv(env));
  }

  public Path mirrorsDir() {
    return workDir.resolve("mirrors");
  }

  public Path tasksDir() {
    return workDir.resolve("tasks");
  }
}
