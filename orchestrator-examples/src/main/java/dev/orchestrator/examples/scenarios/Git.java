package dev.orchestrator.examples.scenarios;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code git} command in a repository, with an identity of its own and no signing so that
 * the user's configuration cannot make a commit fail or prompt.
 */
final class Git {

  private static final long TIMEOUT_SECONDS = 60;

  private Git() {}

  /** Whether a {@code git} command is on the PATH. */
  static boolean available() {
    try {
      Process p = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Checks that git is there for a scenario that needs it.
   *
   * @throws IllegalStateException naming the scenario if git is not on the PATH
   */
  static void require(String scenario) {
    if (!available()) {
      throw new IllegalStateException("the " + scenario + " scenario needs git on the PATH");
    }
  }

  /**
   * Runs {@code git ARGS} in {@code repo} and returns its standard output.
   *
   * @throws IOException if git cannot start, fails (the message holds its output) or times out
   * @throws InterruptedException if interrupted while waiting for it
   */
  static String run(Path repo, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Orchestrator",
        "-c", "user.email=orchestrator@example.invalid", "-c", "commit.gpgsign=false",
        "-c", "init.defaultBranch=main", "-c", "core.autocrlf=false"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
    builder.environment().put("GIT_TERMINAL_PROMPT", "0");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IOException("cannot run git (is it installed and on the PATH?): " + e.getMessage(), e);
    }
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("git " + String.join(" ", args) + " did not finish within " + TIMEOUT_SECONDS + " s");
    }
    if (process.exitValue() != 0) {
      throw new IOException("git " + String.join(" ", args) + " failed (exit " + process.exitValue() + "): "
          + output.strip());
    }
    return output;
  }
}
