package dev.orchestrator.observe;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The metrics every report carries, computed from what the run measured.
 *
 * <p>Definitions, with M the makespan (start of the run to the end of its last task), W the total
 * work (the agents' busy time, summed: every attempt counts, failed ones included), and a task's
 * <em>span</em> the time from its first start to its end (retry waits and, for a task that spawned
 * children, the wait for them included):
 *
 * <ul>
 *   <li><b>critical path</b> CP: the longest chain of spans through the plan's dependencies (every
 *       kind), the tasks that never ran counting zero. Along a chain each task starts after the one
 *       before ends, so CP ≤ M.
 *   <li><b>speed-up</b> S = W / M: how many agents were busy on average.
 *   <li><b>theoretical maximum speed-up</b> S<sub>max</sub> = min(A, W / CP), with A the peak number
 *       of agents alive at once, capped by the plan's concurrency limit: no schedule of this work on
 *       this pool beats it, since M ≥ CP and M ≥ W / A.
 *   <li><b>parallelism efficiency</b> E = S / S<sub>max</sub> = max(CP, W / A) / M, in [0, 1]: 1 when
 *       the run took exactly as long as its critical path or its work spread perfectly over the
 *       pool allows.
 *   <li><b>agent utilization</b> U = W ÷ the agents' time alive, summed (an agent is alive from its
 *       start to its retirement, replacement or the end of the run).
 *   <li><b>success rate</b>: succeeded ÷ tasks. <b>Critical-path share</b>: CP ÷ M; near 1 the run
 *       was as fast as its dependencies allow, and only shortening the critical path helps.
 *   <li><b>queue depth</b>: the ready tasks waiting for an agent, from {@link
 *       RunReport#queueDepth()}; the average is weighted by the time each sample held.
 * </ul>
 *
 * <p>S, S<sub>max</sub> and E are 0 when no task ran. The {@link Bottleneck bottlenecks} are found
 * by the rules of {@link Bottleneck.Kind}.
 *
 * @param makespan M
 * @param totalWork W
 * @param criticalPath CP
 * @param criticalPathTasks the tasks of the critical path, in order
 * @param peakAgents A before the concurrency cap: the most agents alive at once
 * @param speedUp S
 * @param maxSpeedUp S<sub>max</sub>
 * @param parallelismEfficiency E
 * @param utilization U
 * @param successRate succeeded ÷ tasks (1 for a run without tasks)
 * @param criticalPathShare CP ÷ M (0 when M is 0)
 * @param averageQueueDepth the time-weighted mean of the sampled ready tasks
 * @param maxQueueDepth the most ready tasks sampled
 * @param reuseRate see {@link PoolStatistics#reuseRate()}
 * @param poolEfficiency see {@link PoolStatistics#poolEfficiency()}
 * @param tasksPerAgent task attempts run per agent, in the agents' creation order
 * @param bottlenecks what held the run back, most important first
 */
public record RunMetrics(
    Duration makespan,
    Duration totalWork,
    Duration criticalPath,
    List<String> criticalPathTasks,
    int peakAgents,
    double speedUp,
    double maxSpeedUp,
    double parallelismEfficiency,
    double utilization,
    double successRate,
    double criticalPathShare,
    double averageQueueDepth,
    int maxQueueDepth,
    double reuseRate,
    double poolEfficiency,
    Map<String, Integer> tasksPerAgent,
    List<Bottleneck> bottlenecks) {

  public RunMetrics {
    Objects.requireNonNull(makespan, "makespan cannot be null");
    Objects.requireNonNull(totalWork, "total work cannot be null");
    Objects.requireNonNull(criticalPath, "critical path cannot be null");
    criticalPathTasks = List.copyOf(criticalPathTasks);
    tasksPerAgent = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tasksPerAgent));
    bottlenecks = List.copyOf(bottlenecks);
  }

  /** The recommendations of the bottlenecks, in the same order. */
  public List<String> recommendations() {
    return bottlenecks.stream().map(Bottleneck::recommendation).toList();
  }

  /** The metrics of a report; see the class description for the definitions. */
  static RunMetrics of(RunReport report) {
    return MetricsCalculator.compute(report);
  }

  /**
   * Something that held a run back, and what to do about it.
   *
   * @param kind which rule found it
   * @param subject the task, agent or resource concerned ({@code "run"} for the run as a whole)
   * @param finding what the run shows, with its numbers
   * @param recommendation what to change
   */
  public record Bottleneck(Kind kind, String subject, String finding, String recommendation) {
    public Bottleneck {
      Objects.requireNonNull(kind, "kind cannot be null");
      Objects.requireNonNull(subject, "subject cannot be null");
      Objects.requireNonNull(finding, "finding cannot be null");
      Objects.requireNonNull(recommendation, "recommendation cannot be null");
    }

    /** The rules, in the order their findings are listed. */
    public enum Kind {
      /**
       * One task is at least half of the critical path, and the critical path at least half of the
       * run's time: splitting that task into parallel parts is what would shorten the run.
       */
      CRITICAL_TASK,
      /** Some tasks did not succeed: the success rate is below 95 %. */
      FAILURES,
      /** At least 5 % of the tasks needed more than one attempt. */
      RETRIES,
      /**
       * Agents were idle: utilization below 50 % with more than one agent; fewer agents (about
       * W ÷ M) would have done the same work in about the same time.
       */
      IDLE_AGENTS,
      /**
       * Tasks waited for agents: on average more than 10 ready tasks queued while utilization was
       * at least 75 %, and the graph allowed more parallelism than the pool had.
       */
      QUEUE,
      /** The run took more than 1.5 × or less than 0.5 × its predicted makespan. */
      ESTIMATE,
      /** A listener was slower than the run and events were dropped. */
      EVENTS_DROPPED
    }
  }
}
