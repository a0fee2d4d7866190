package dev.orchestrator.sim;

import dev.orchestrator.graph.PlanInternals;
import dev.orchestrator.graph.TaskGraph;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.schedule.Dispatcher;
import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of simulating a plan on a number of agents: the makespan, the lower bound no schedule
 * can beat, and each task's start, finish and agent (when simulated task by task); with simulated
 * failures also each task's attempts and how many tasks failed, were skipped or cancelled.
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
  private final int[] attempts; // null: every task ran once and succeeded
  private final byte[] outcome;

  Simulation(Plan plan, int agents, long makespan, long lowerBound, String rule, long[] start,
      long[] finish, int[] agent, int[] attempts, byte[] outcome) {
    this.plan = plan;
    this.agents = agents;
    this.makespan = makespan;
    this.lowerBound = lowerBound;
    this.rule = rule;
    this.start = start;
    this.finish = finish;
    this.agent = agent;
    this.attempts = attempts;
    this.outcome = outcome;
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
   * The makespan lower bound for the agents, capped by the plan's concurrency limit: no schedule
   * finishes sooner. At least {@code max(CP, W / agents)}; also at least the time of the tasks some
   * agent must run one after another (with N tasks of time t on n agents, {@code ⌈N / n⌉ t}), the
   * critical tasks' work (they run alone) plus the rest's share, and for each dependency level its
   * earliest start, its work's share and the shortest path after it.
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

  /** The agent (1-based, as in {@code agent-1}) that ran a task's last attempt; 0 if it never ran. */
  public int agent(String taskId) {
    return agent[index(taskId)] + 1;
  }

  /** How many attempts a task made: 1 unless failures were simulated; 0 for one that never ran. */
  public int attempts(String taskId) {
    int i = index(taskId);
    return attempts == null ? 1 : attempts[i];
  }

  /** Attempts beyond each task's first, over the plan: the retries the simulated failures caused. */
  public int retries() {
    if (attempts == null) {
      return 0;
    }
    int retries = 0;
    for (int a : attempts) {
      retries += Math.max(0, a - 1);
    }
    return retries;
  }

  /** How many tasks failed for good. */
  public int failed() {
    return count(Dispatcher.FAILED);
  }

  /** How many tasks were skipped because a dependency failed. */
  public int skipped() {
    return count(Dispatcher.SKIPPED);
  }

  /** How many tasks were cancelled (a failure under FAIL_FAST cancels the rest). */
  public int cancelled() {
    return count(Dispatcher.CANCELLED);
  }

  private int count(byte result) {
    int count = 0;
    for (int k = 0; outcome != null && k < outcome.length; k++) {
      if (outcome[k] == result) {
        count++;
      }
    }
    return count;
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
