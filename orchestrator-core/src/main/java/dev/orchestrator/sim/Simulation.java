package dev.orchestrator.sim;

import dev.orchestrator.graph.PlanInternals;
import dev.orchestrator.graph.TaskGraph;
import dev.orchestrator.plan.Plan;
import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of simulating a plan on a number of agents: the makespan, the lower bound no schedule
 * can beat, and each task's start, finish and agent (when simulated task by task).
 */
public final class Simulation {

  private final Plan plan;
  private final int agents;
  private final long makespan;
  private final long lowerBound;
  private final String rule;
  private final long[] start;
  private final long[] finish;
  private final int[] agent;

  Simulation(Plan plan, int agents, long makespan, long lowerBound, String rule, long[] start,
      long[] finish, int[] agent) {
    this.plan = plan;
    this.agents = agents;
    this.makespan = makespan;
    this.lowerBound = lowerBound;
    this.rule = rule;
    this.start = start;
    this.finish = finish;
    this.agent = agent;
  }

  public Plan plan() {
    return plan;
  }

  /** The agents simulated. */
  public int agents() {
    return agents;
  }

  /** From the first start to the last finish on the virtual clock. */
  public Duration makespan() {
    return Duration.ofNanos(makespan);
  }

  /**
   * {@code max(CP, W / agents)} with the agents capped by the plan's concurrency limit: no schedule
   * finishes sooner.
   */
  public Duration lowerBound() {
    return Duration.ofNanos(lowerBound);
  }

  /** Makespan ÷ lower bound (1 when both are zero). */
  public double ratio() {
    return lowerBound == 0 ? 1.0 : (double) makespan / lowerBound;
  }

  /** The priority rule the policy chose for this plan and agent count. */
  public String rule() {
    return rule;
  }

  /** Whether the tasks were simulated one by one (false when the analytical bound stood in). */
  public boolean isDetailed() {
    return start != null;
  }

  /** When a task started, from the start of the run. */
  public Duration start(String taskId) {
    return Duration.ofNanos(start[index(taskId)]);
  }

  /** When a task finished, from the start of the run. */
  public Duration finish(String taskId) {
    return Duration.ofNanos(finish[index(taskId)]);
  }

  /** The agent (1-based, as in {@code agent-1}) that ran a task. */
  public int agent(String taskId) {
    return agent[index(taskId)] + 1;
  }

  private int index(String taskId) {
    Objects.requireNonNull(taskId, "task id cannot be null");
    if (start == null) {
      throw new IllegalStateException(
          "plan '" + plan.name() + "' was too large to simulate task by task (" + plan.size()
              + " tasks); only the makespan bound is known");
    }
    TaskGraph graph = PlanInternals.graph(plan);
    int i = graph.indexOf(taskId);
    if (i < 0) {
      throw new IllegalArgumentException("plan '" + plan.name() + "' has no task '" + taskId + "'");
    }
    return i;
  }

  @Override
  public String toString() {
    return "Simulation[" + plan.name() + ", " + agents + " agents, makespan " + makespan()
        + ", lower bound " + lowerBound() + "]";
  }
}
