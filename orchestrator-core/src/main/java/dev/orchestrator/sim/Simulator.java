package dev.orchestrator.sim;

import dev.orchestrator.graph.PlanInternals;
import dev.orchestrator.graph.TaskGraph;
import dev.orchestrator.plan.MakespanEstimator;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.schedule.Dispatcher;
import dev.orchestrator.schedule.SchedulingPolicy;
import dev.orchestrator.schedule.VirtualSchedule;
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
 * <p>Cost: O((tasks + edges) log tasks); measured on layered random graphs with two edges per
 * task on 64 agents (docs/benchmarks.md, {@code SimulatorScalingBenchmark}): 30,000 tasks plus
 * edges in 4 to 26 ms, 900,000 in 0.3 to 0.8 s, 3,000,000 in 1.4 to 8.6 s on a loaded 2-core
 * machine (0.17 to 0.35 µs per task or edge in the best iterations). Plans with more than
 * {@link #DEFAULT_DETAIL_LIMIT} tasks plus edges are not simulated task by task: {@link #makespan}
 * and {@link #simulate} then fall back to the analytical bound {@code max(CP, W / agents)}, which
 * on those graphs was within 0.005 % of the simulated makespan from 300,000 tasks plus edges up.
 * The bound is looser for plans with few tasks per agent that are neither wide nor one chain; give
 * such plans a higher limit with {@link #withDetailLimit}. Instances are immutable and thread-safe.
 */
public final class Simulator implements MakespanEstimator {

  /**
   * Tasks plus edges beyond which the analytical bound stands in for a simulation: where one
   * simulation starts to take about a second on a 2-core machine, while the bound is already within
   * a few thousandths of a percent of the simulated makespan on wide plans (measured, see the class
   * comment). The scaler may simulate dozens of agent counts for one decision.
   */
  public static final int DEFAULT_DETAIL_LIMIT = 1_000_000;

  private static final Simulator DEFAULT =
      new Simulator(Dispatcher.DEFAULT_AGING, DEFAULT_DETAIL_LIMIT, true);

  private final Duration agingInterval;
  private final int detailLimit;
  private final boolean orderSearch;

  private Simulator(Duration agingInterval, int detailLimit, boolean orderSearch) {
    this.agingInterval = agingInterval;
    this.detailLimit = detailLimit;
    this.orderSearch = orderSearch;
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
    return new Simulator(interval, detailLimit, orderSearch);
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
    return new Simulator(agingInterval, tasksPlusEdges, orderSearch);
  }

  /**
   * This simulator with or without the policy's priority-order search. Without it, plans run in
   * the critical-path order, the search's first candidate, so the makespan is an upper bound of
   * the policy's (the search only keeps orders that are at least as short) at the cost of one
   * simulation instead of up to a thousand. For callers that compare many agent counts — the
   * auto-scaler — and then simulate the count they chose with the search.
   */
  public Simulator withOrderSearch(boolean search) {
    return new Simulator(agingInterval, detailLimit, search);
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
    SchedulingPolicy.Order order = orderSearch ? SchedulingPolicy.order(graph, settings, agents)
        : new SchedulingPolicy.Order(SchedulingPolicy.baseOrder(graph), "critical path (no search)", -1);
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
    return orderSearch ? "simulated" : "simulated, critical-path order";
  }
}
