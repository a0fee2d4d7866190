package dev.orchestrator.run;

import dev.orchestrator.plan.Plan;
import java.util.Objects;

/**
 * Starts runs: the engine behind {@code Orchestrator.run(plan)}. Use it directly when the agent
 * count is already decided.
 *
 * <pre>{@code
 * Run run = Engine.start(plan, RunOptions.builder().agents(8).build());
 * RunReport report = run.await();
 * }</pre>
 */
public final class Engine {

  private Engine() {}

  /**
   * Starts running a plan on a new pool of agents and returns at once.
   *
   * @param plan the plan
   * @param options the agents, listeners and policies
   * @return the live run
   */
  public static Run start(Plan plan, RunOptions options) {
    Objects.requireNonNull(plan, "plan cannot be null");
    Objects.requireNonNull(options, "run options cannot be null");
    return new RunExecution(plan, options).start();
  }
}
