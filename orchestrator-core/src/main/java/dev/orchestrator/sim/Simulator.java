package dev.orchestrator.sim;

import dev.orchestrator.plan.MakespanEstimator;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.plan.internal.Dispatcher;
import dev.orchestrator.plan.internal.PlanInternals;
import dev.orchestrator.plan.internal.SchedulingPolicy;
import dev.orchestrator.plan.internal.TaskGraph;
import dev.orchestrator.plan.internal.VirtualSchedule;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Runs a plan on a virtual clock with the scheduling policy of real runs: the same priority order
 * (chosen by the same search), the same dispatch state machine, the same barriers, critical tasks,
 * concurrency limit and ageing. Each task takes its planned duration and succeeds.
 *
 * <pre>{@code
 * Simulation s = Simulator.create().simulate(plan, 8);
 * System.out.println(s.makespan() + " vs at best " + s.lowerBound());
 * WavePlan waves = WavePlan.layout(plan, 8, Simulator.create());  // simulated estimate
 * }</pre>
 *
 * <p>Cost: O((tasks + edges) log tasks); a million independent tasks simulate in about a second
 * (see {@code docs/benchmarks.md}). Plans with more than {@link #DEFAULT_DETAIL_LIMIT} tasks plus
 * edges are not simulated task by task: {@link #makespan} and {@link #simulate} then fall back to
 * the analytical bound {@code max(CP, W / agents)}, which list scheduling on such plans (wide,
 * many small tasks) approaches closely. Instances are immutable and thread-safe.
 */
public final class Simulator implements MakespanEstimator {

  /** Tasks plus edges beyond which the analytical bound stands in for a simulation. */
  public static final int DEFAULT_DETAIL_LIMIT = 5_000_000;

  private static final Simulator DEFAULT = new Simulator(Dispatcher.DEFAULT_AGING, DEFAULT_DETAIL_LIMIT);

  private final Duration agingInterval;
  private final int detailLimit;

  private Simulator(Duration agingInterval, int detailLimit) {
    this.agingInterval = agingInterval;
    this.detailLimit = detailLimit;
  }

  /** A simulator with the run's default ageing interval. */
  public static Simulator create() {
    return DEFAULT;
  }

  /**
   * This simulator with another ageing interval (match the orchestrator's; zero for none).
   *
   * @throws IllegalArgumentException if negative
   */
  public Simulator withAgingInterval(Duration interval) {
    Objects.requireNonNull(interval, "ageing interval cannot be null");
    if (interval.isNegative()) {
      throw new IllegalArgumentException("ageing interval cannot be negative: " + interval);
    }
    return new Simulator(interval, detailLimit);
  }

  /**
   * This simulator with another limit of tasks plus edges simulated task by task.
   *
   * @throws IllegalArgumentException if negative
   */
  public Simulator withDetailLimit(int tasksPlusEdges) {
    if (tasksPlusEdges < 0) {
      throw new IllegalArgumentException("detail limit cannot be negative: " + tasksPlusEdges);
    }
    return new Simulator(agingInterval, tasksPlusEdges);
  }

  /**
   * Simulates a plan.
   *
   * @param agents the agents, at least 1
   * @throws IllegalArgumentException if {@code agents < 1}
   */
  public Simulation simulate(Plan plan, int agents) {
    Objects.requireNonNull(plan, "plan cannot be null");
    if (agents < 1) {
      throw new IllegalArgumentException("agents must be >= 1: " + agents);
    }
    TaskGraph graph = PlanInternals.graph(plan);
    int effective = Math.min(agents, plan.concurrencyLimit());
    long bound = SchedulingPolicy.lowerBound(graph, effective);
    if ((long) graph.size() + graph.edgeCount() > detailLimit) {
      return new Simulation(plan, agents, bound, bound, "analytical bound (plan too large to simulate)",
          null, null, null);
    }
    Dispatcher.Settings settings = settings(plan);
    SchedulingPolicy.Order order = SchedulingPolicy.order(graph, settings, agents);
    VirtualSchedule schedule = VirtualSchedule.run(graph, order.order(), settings, agents, List.of(), true);
    return new Simulation(plan, agents, schedule.makespan(), bound, order.rule(),
        schedule.starts(), schedule.finishes(), schedule.agents());
  }

  @Override
  public Duration makespan(Plan plan, int agents) {
    return simulate(plan, agents).makespan();
  }

  private Dispatcher.Settings settings(Plan plan) {
    return new Dispatcher.Settings(plan.mode().hasBarriers(), plan.concurrencyLimit(),
        agingInterval.toNanos());
  }

  /** "simulated": the estimate source a {@code WavePlan} shows. */
  @Override
  public String toString() {
    return "simulated";
  }
}
