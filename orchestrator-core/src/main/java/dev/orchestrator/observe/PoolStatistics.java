package dev.orchestrator.observe;

import java.time.Duration;
import java.util.List;

/**
 * What a run's agent pool did.
 *
 * <p>Reuse rate and pool efficiency say how well the pool spread and reused its agents: the reuse rate is the
 * share of task executions done by an agent that had already run a task, {@code (executions -
 * agents that ran at least one) / executions}; pool efficiency is {@code 1 - sum(|tasks_a - ideal|)
 * / executions} with {@code ideal = executions / agents created}, so 1 when every agent did the same
 * number of tasks.
 *
 * @param agentsCreated every agent the run started (initial, grown, and replacements)
 * @param peakAgents the most agents alive at once
 * @param agents each agent's figures, in creation order
 * @param handOffs tasks an agent started right after finishing the task that made them ready
 * @param steals tasks made ready by one agent and run by another, idle one, or taken by an idle
 *     agent from the tasks another agent had claimed as a batch
 * @param abandonedAttempts attempts abandoned after ignoring their timeout's interrupt
 */
public record PoolStatistics(int agentsCreated, int peakAgents, List<AgentStatistics> agents,
    long handOffs, long steals, int abandonedAttempts) {

  public PoolStatistics {
    agents = List.copyOf(agents);
  }

  /** Task executions, summed over the agents. */
  public long executions() {
    long sum = 0;
    for (AgentStatistics a : agents) {
      sum += a.tasks();
    }
    return sum;
  }

  /** Executions per agent created. */
  public double tasksPerAgent() {
    return agentsCreated == 0 ? 0 : (double) executions() / agentsCreated;
  }

  /** The share of executions done by an agent that had already run a task. */
  public double reuseRate() {
    long executions = executions();
    if (executions == 0) {
      return 0;
    }
    long used = agents.stream().filter(a -> a.tasks() > 0).count();
    return (double) (executions - used) / executions;
  }

  /** How evenly the executions spread over the agents created: 1 when perfectly even. */
  public double poolEfficiency() {
    long executions = executions();
    if (executions == 0 || agents.isEmpty()) {
      return 0;
    }
    double ideal = (double) executions / agents.size();
    double deviation = 0;
    for (AgentStatistics a : agents) {
      deviation += Math.abs(a.tasks() - ideal);
    }
    return Math.max(0, 1 - deviation / executions);
  }

  /** The agents' busy time ÷ their time alive. */
  public double utilization() {
    long busy = 0;
    long alive = 0;
    for (AgentStatistics a : agents) {
      busy += a.busy().toNanos();
      alive += a.alive().toNanos();
    }
    return alive == 0 ? 0 : (double) busy / alive;
  }

  /** The agents' busy time, summed. */
  public Duration busyTime() {
    Duration sum = Duration.ZERO;
    for (AgentStatistics a : agents) {
      sum = sum.plus(a.busy());
    }
    return sum;
  }
}
