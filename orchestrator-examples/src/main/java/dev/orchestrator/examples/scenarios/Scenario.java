package dev.orchestrator.examples.scenarios;

/**
 * One of the example scenarios: it prepares real work (starts servers, writes files,
 * generates a code base), describes it as a workflow, and checks afterwards what really happened.
 *
 * <pre>{@code
 * ScenarioSettings settings = ScenarioSettings.of(Path.of("runs/deploy"), out).withSize(500);
 * ScenarioRunner.Result result = ScenarioRunner.run(new DeployScenario(), settings, plan -> true);
 * }</pre>
 */
public interface Scenario {

  /** The name on the command line, e.g. {@code deploy}. */
  String name();

  /** One line saying what it does. */
  String description();

  /**
   * The size it runs at unless told otherwise (servers, files, source files, chapters), or 0 when
   * its size is fixed (the default).
   */
  default int defaultSize() {
    return 0;
  }

  /** What the size counts, e.g. "servers"; empty when the size is fixed (the default). */
  default String sizeUnit() {
    return "";
  }

  /**
   * Prepares the work: everything the workflow's actions need, and the workflow itself.
   *
   * @param settings the size, agent count, run directory and output
   * @return the prepared scenario, which the caller closes
   * @throws Exception if the work cannot be prepared (a server that does not start, a full disk)
   */
  PreparedScenario prepare(ScenarioSettings settings) throws Exception;
}
