package dev.acs.checks;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Where a test command runs: inside bubblewrap ({@code bwrap}) when the machine allows it, in its
 * own PID, IPC and mount namespaces, so that it sees none of ACS's processes (no {@code /proc} of
 * an ancestor to read), with the whole file system read-only but for the checkout (its {@code
 * .git} stays read-only: hooks and config written there would run later outside the sandbox), a
 * private {@code /tmp} and the paths in {@code ACS_SANDBOX_WRITABLE}; ACS's own files (work
 * folder, transcripts, database, App key), the runner's temporary folder and well-known credential
 * files in the home folder are hidden. The network is left as it is.
 *
 * <p>{@code ACS_SANDBOX}: {@code auto} (default: bwrap when it works here, else the command runs
 * as ACS's user and ACS says so), {@code on} (refuse to run a test command without it), {@code
 * off} (never). See docs/security.md.
 */
public final class Sandbox {
  static final String MODE_VAR = "ACS_SANDBOX";
  static final String WRITABLE_VAR = "ACS_SANDBOX_WRITABLE";
  static final String HIDE_VAR = "ACS_SANDBOX_HIDE";
  /** Files in the home folder that hold credentials of common tools (gh, git, docker, cloud CLIs, registries). */
  static final List<String> HOME_CREDENTIALS = List.of(".ssh", ".gnupg", ".aws", ".azure", ".kube", ".docker", ".netrc",
      ".git-credentials", ".config/gh", ".config/gcloud", ".config/hub", ".npmrc", ".yarnrc.yml", ".pypirc",
      ".m2/settings.xml", ".m2/settings-security.xml", ".gradle/gradle.properties", ".cargo/credentials",
      ".cargo/credentials.toml", ".acs", ".env");
  private static final long PROBE_SECONDS = 20;
  /** Whether bwrap works, per binary: the answer does not change while ACS runs. Empty means it works. */
  private static final Map<Path, Optional<String>> PROBES = new ConcurrentHashMap<>();

  public enum Mode { AUTO, ON, OFF }

  /**
   * How one command runs. {@code command} is what to start ({@code null} when refused); {@code
   * notice} says why it is not sandboxed (shown with the check's output).
   */
  public record Plan(List<String> command, boolean isolated, Optional<String> notice) {
    public boolean refused() {
      return command == null;
    }
  }

  private final Mode mode;
  private final Optional<Path> bwrap;
  private final Optional<String> modeError;
  private final List<Path> hidden;
  private final List<Path> writable;

  private Sandbox(Mode mode, Optional<String> modeError, Optional<Path> bwrap, List<Path> hidden, List<Path> writable) {
    this.mode = mode;
    this.modeError = modeError;
    this.bwrap = bwrap;
    this.hidden = hidden;
    this.writable = writable;
  }

  /** The sandbox as ACS's environment configures it (the variables above, PATH, HOME and ACS's own paths). */
  public static Sandbox fromEnv(Map<String, String> env) {
    String raw = env.getOrDefault(MODE_VAR, "").strip().toLowerCase(Locale.ROOT);
    Mode mode = Mode.AUTO;
    Optional<String> modeError = Optional.empty();
    switch (raw) {
      case "", "auto" -> mode = Mode.AUTO;
      case "on", "true", "bwrap", "required" -> mode = Mode.ON;
      case "off", "false", "none" -> mode = Mode.OFF;
      default -> {
        // A typo must not switch the sandbox off: refuse, and say what is accepted.
        mode = Mode.ON;
        modeError = Optional.of(MODE_VAR + " must be auto, on or off, got '" + raw + "'");
      }
    }
    return new Sandbox(mode, modeError, onPath("bwrap", env.get("PATH")), hiddenPaths(env), paths(env.get(WRITABLE_VAR), env));
  }

  public Mode mode() {
    return mode;
  }

  /** What to start for {@code command} in {@code workDir}. */
  public Plan plan(Path workDir, List<String> command) {
    if (modeError.isPresent()) {
      return new Plan(null, false, modeError);
    }
    if (mode == Mode.OFF) {
      return new Plan(List.copyOf(command), false, Optional.of("the sandbox is off (" + MODE_VAR + "=off)"));
    }
    Optional<String> unavailable = bwrap.isEmpty() ? Optional.of("bwrap (bubblewrap) is not installed") : PROBES.computeIfAbsent(bwrap.get(), Sandbox::probe);
    if (unavailable.isPresent()) {
      String why = "no sandbox: " + unavailable.get();
      return mode == Mode.ON ? new Plan(null, false, Optional.of(why + ", and " + MODE_VAR + "=on")) : new Plan(List.copyOf(command), false, Optional.of(why));
    }
    return new Plan(wrap(workDir, command), true, Optional.empty());
  }

  List<String> wrap(Path workDir, List<String> command) {
    Path checkout = real(workDir);
    List<String> args = new ArrayList<>(List.of(bwrap.orElseThrow().toString(),
        "--die-with-parent", "--new-session", "--unshare-pid", "--unshare-ipc",
        "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--setenv", "TMPDIR", "/tmp"));
    // Parents before children, so that a path bound back inside a hidden folder (the checkout in
    // ACS's work folder) lands on top of it.
    Map<Path, String> mounts = new LinkedHashMap<>();
    for (Path h : hidden) {
      if (!h.equals(checkout) && Files.exists(h)) {
        mounts.put(h, Files.isDirectory(h) ? "hide-dir" : "hide-file");
      }
    }
    for (Path w : writable) {
      try {
        // A build cache that does not exist yet (a fresh runner) is made here, or it could not be bound.
        Files.createDirectories(w);
        mounts.put(w, "bind");
      } catch (IOException e) {
        // not a folder we can make: stays read-only
      }
    }
    mounts.put(checkout, "bind");
    if (Files.exists(checkout.resolve(".git"))) {
      mounts.putIfAbsent(checkout.resolve(".git"), "ro-bind");
    }
    // ACS's working trees borrow their objects from a mirror in the (hidden) work folder: git in
    // the test command needs them, read-only.
    for (Path objects : alternates(checkout)) {
      mounts.put(objects, "ro-bind");
    }
    List<Path> order = new ArrayList<>(mounts.keySet());
    order.sort(Comparator.comparingInt(Path::getNameCount));
    List<String> readOnlyAfter = new ArrayList<>();
    for (Path p : order) {
      String s = p.toString();
      switch (mounts.get(p)) {
        case "hide-dir" -> {
          args.addAll(List.of("--tmpfs", s));
          readOnlyAfter.add(s);
        }
        case "hide-file" -> args.addAll(List.of("--ro-bind", "/dev/null", s));
        case "ro-bind" -> args.addAll(List.of("--ro-bind", s, s));
        default -> args.addAll(List.of("--bind", s, s));
      }
    }
    readOnlyAfter.forEach(s -> args.addAll(List.of("--remount-ro", s)));
    args.addAll(List.of("--chdir", checkout.toString(), "--"));
    args.addAll(command);
    return args;
  }

  private static List<Path> alternates(Path checkout) {
    Path file = checkout.resolve(".git").resolve("objects").resolve("info").resolve("alternates");
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      return Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .map(l -> real(checkout.resolve(".git").resolve("objects").resolve(l).normalize())).filter(Files::isDirectory).toList();
    } catch (IOException | InvalidPathException e) {
      return List.of();
    }
  }

  /** Runs a trivial command the way test commands are run; a failure says why (user namespaces off, seccomp...). */
  private static Optional<String> probe(Path bwrap) {
    try {
      Process p = new ProcessBuilder(bwrap.toString(), "--die-with-parent", "--unshare-pid", "--ro-bind", "/", "/", "--dev", "/dev",
          "--proc", "/proc", "--tmpfs", "/tmp", "--", "true").redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readNBytes(2000);
      if (!p.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.of(bwrap + " did not answer within " + PROBE_SECONDS + " s");
      }
      return p.exitValue() == 0 ? Optional.empty()
          : Optional.of(bwrap + " cannot create namespaces here: " + new String(out, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      return Optional.of(bwrap + " cannot be started: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while trying " + bwrap);
    }
  }

  private static List<Path> hiddenPaths(Map<String, String> env) {
    List<Path> out = new ArrayList<>();
    String workDir = env.getOrDefault("ACS_WORK_DIR", "");
    out.add(absolute(workDir.isBlank() ? ".acs" : workDir));
    out.add(absolute(".env")); // where acs setup writes the App's key and secret
    for (String var : List.of("ACS_TRANSCRIPT_DIR", "GITHUB_APP_PRIVATE_KEY_FILE", "RUNNER_TEMP")) {
      String v = env.get(var);
      if (v != null && !v.isBlank()) {
        out.add(absolute(v));
      }
    }
    String workspace = env.get("GITHUB_WORKSPACE");
    if (workspace != null && !workspace.isBlank()) {
      // actions/checkout keeps the workflow token in the checkout's git config (persist-credentials).
      out.add(absolute(workspace).resolve(".git"));
    }
    String db = env.getOrDefault("ACS_DATABASE_URL", "");
    String file = db.isBlank() ? "./.acs/acs" : db.startsWith("jdbc:h2:file:") ? db.substring("jdbc:h2:file:".length()).split(";")[0] : "";
    if (!file.isBlank()) {
      for (String suffix : List.of(".mv.db", ".trace.db", ".lock.db")) {
        out.add(absolute(file + suffix));
      }
    }
    String home = env.get("HOME");
    if (home != null && !home.isBlank()) {
      HOME_CREDENTIALS.forEach(name -> out.add(absolute(home).resolve(name)));
    }
    out.addAll(paths(env.get(HIDE_VAR), env));
    out.removeIf(p -> p.getNameCount() == 0);
    return out.stream().map(Sandbox::real).distinct().toList();
  }

  /** {@code a:b:c}, with a leading {@code ~/} meaning the home folder. */
  private static List<Path> paths(String list, Map<String, String> env) {
    if (list == null || list.isBlank()) {
      return List.of();
    }
    List<Path> out = new ArrayList<>();
    for (String s : list.split(File.pathSeparator)) {
      String t = s.strip();
      if (t.startsWith("~/") && env.get("HOME") != null) {
        t = env.get("HOME") + t.substring(1);
      }
      if (!t.isEmpty()) {
        out.add(real(absolute(t)));
      }
    }
    return out;
  }

  private static Path absolute(String s) {
    try {
      return Path.of(s).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      return Path.of("/");
    }
  }

  /** The path with symbolic links resolved when it exists: bwrap mounts on what the link points to. */
  private static Path real(Path p) {
    try {
      return Files.exists(p) ? p.toRealPath() : p;
    } catch (IOException e) {
      return p;
    }
  }

  static Optional<Path> onPath(String name, String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isBlank()) {
        Path candidate = Path.of(dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
