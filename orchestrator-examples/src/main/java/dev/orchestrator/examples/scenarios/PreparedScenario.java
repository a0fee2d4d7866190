package dev.orchestrator.examples.scenarios;

import dev.orchestrator.Orchestrator;
import dev.orchestrator.Workflow;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.plan.Plan;

/**
 * A scenario ready to run: its workflow, what it adds to the orchestrator (an agent factory), and
 * the check of its real outcome. Closing it releases what {@link Scenario#prepare} started or
 * wrote outside the run directory (a server, temporary files).
 */
public interface PreparedScenario extends AutoCloseable {

  /** The work. */
  Workflow workflow();

  /** Adds what the scenario needs to the orchestrator (an agent factory, say); nothing by default. */
  default void configure(Orchestrator.Builder orchestrator) {}

  /**
   * Checks what really happened: files renamed, servers deployed, chapters written.
   *
   * @param plan the plan that ran, with its preview
   * @param report the run's report
   * @return the checks and the files the scenario wrote
   * @throws Exception if the outcome cannot be inspected
   */
  Outcome check(Plan plan, RunReport report) throws Exception;

  /** Releases what the scenario started; nothing by default. */
  @Override
  default void close() throws Exception {}
}
