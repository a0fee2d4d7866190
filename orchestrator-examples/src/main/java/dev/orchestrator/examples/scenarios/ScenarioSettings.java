package dev.orchestrator.examples.scenarios;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run a scenario.
 *
 * @param size how big (servers, files, ...); 0 for the scenario's default
 * @param agents the agent count to honour exactly; 0 to let the orchestrator decide
 * @param runDir where the scenario writes its outputs and report
 * @param seed the random seed of every random choice (fault placement, generated content), so runs repeat
 * @param out where the preview, progress and summary go
 */
public record ScenarioSettings(int size, int agents, Path runDir, long seed, PrintWriter out) {

  /** The seed when none is given. */
  public static final long DEFAULT_SEED = 42;

  /**
   * @throws NullPointerException if {@code runDir} or {@code out} is null
   * @throws IllegalArgumentException if {@code size} or {@code agents} is negative
   */
  public ScenarioSettings {
    Objects.requireNonNull(runDir, "run directory cannot be null");
    Objects.requireNonNull(out, "output cannot be null");
    if (size < 0) {
      throw new IllegalArgumentException("size cannot be negative: " + size);
    }
    if (agents < 0) {
      throw new IllegalArgumentException("agents cannot be negative: " + agents);
    }
  }

  /** Default size, agents decided by the orchestrator, the default seed. */
  public static ScenarioSettings of(Path runDir, PrintWriter out) {
    return new ScenarioSettings(0, 0, runDir, DEFAULT_SEED, out);
  }

  /** These settings with another size (0 for the default). */
  public ScenarioSettings withSize(int size) {
    return new ScenarioSettings(size, agents, runDir, seed, out);
  }

  /** These settings with an agent count to honour exactly (0 to let the orchestrator decide). */
  public ScenarioSettings withAgents(int agents) {
    return new ScenarioSettings(size, agents, runDir, seed, out);
  }

  /** These settings with another seed. */
  public ScenarioSettings withSeed(long seed) {
    return new ScenarioSettings(size, agents, runDir, seed, out);
  }

  /** The size to run at: the one given, else the scenario's default. */
  public int sizeOr(int defaultSize) {
    return size > 0 ? size : defaultSize;
  }
}
