package dev.orchestrator.sim;

import dev.orchestrator.graph.PlanInternals;
import dev.orchestrator.graph.TaskGraph;
import dev.orchestrator.plan.MakespanEstimator;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.schedule.Dispatcher;
import dev.orchestrator.schedule.MakespanBounds;
import dev.orchestrator.schedule.PriorityOrder;
import dev.orchestrator.schedule.SimulatedRun;
import dev.orchestrator.schedule.VirtualSchedule;
import dev.orchestrator.task.TaskSpec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Runs a plan on a virtual clock with the scheduling policy of real runs: the same priority order
 * (chosen by the same search), the same dispatch state machine, the same barriers, critical tasks,
 * concurrency limit and ageing. Each task takes its planned duration and succeeds, unless failures
 * are simulated ({@link #withFailures}): then attempts fail with a seeded probability per task, and
 * the run's own decisions follow — retries after the task's {@code RetryPolicy} backoff, timeouts
 * (an attempt of a task whose timeout is shorter than its duration ends at the timeout), skipped
 * dependents, and with {@link #withFailFast} the cancellation of the rest.
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
 * and {@link #simulate} then fall back to the makespan lower bound ({@code max(CP, W / agents)}
 * tightened by a job-count and a per-level term, the bound the scaler uses too), which on those
 * graphs was within 0.005 % of the simulated makespan from 300,000 tasks plus edges up.
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
      new Simulator(Dispatcher.DEFAULT_AGING, DEFAULT_DETAIL_LIMIT, true, null, 0, false);

  private final Duration agingInterval;
  private final int detailLimit;
  private final boolean orderSearch;
  private final ToDoubleFunction<TaskSpec> failures; // null: every attempt succeeds
  private final long seed;
  private final boolean failFast;

  private Simulator(Duration agingInterval, int detailLimit, boolean orderSearch,
      ToDoubleFunction<TaskSpec> failures, long seed, boolean failFast) {
    this.agingInterval = agingInterval;
    this.detailLimit = detailLimit;
    this.orderSearch = orderSearch;
    this.failures = failures;
    this.seed = seed;
    this.failFast = failFast;
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
    return new Simulator(interval, detailLimit, orderSearch, failures, seed, failFast);
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
    return new Simulator(agingInterval, tasksPlusEdges, orderSearch, failures, seed, failFast);
  }

  /**
   * This simulator with or without the policy's priority-order search. Without it, plans run in
   * the critical-path order, the search's first candidate, so the makespan is an upper bound of
   * the policy's (the search only keeps orders that are at least as short) at the cost of one
   * simulation instead of up to a thousand. For callers that compare many agent counts — the
   * auto-scaler — and then simulate the count they chose with the search.
   */
  public Simulator withOrderSearch(boolean search) {
    return new Simulator(agingInterval, detailLimit, search, failures, seed, failFast);
  }

  /**
   * This simulator with every attempt of every task failing with probability {@code rate}.
   *
   * @param rate the chance that an attempt fails, in [0, 1]
   * @param seed which attempts fail: the same seed, plan and agents give the same simulation
   * @throws IllegalArgumentException if {@code rate} is outside [0, 1]
   */
  public Simulator withFailures(double rate, long seed) {
    checkRate(rate);
    return withFailures(task -> rate, seed);
  }

  /**
   * This simulator with each attempt of a task failing with the probability {@code rate} gives for
   * the task (by id, type or anything else it carries). Attempt {@code k} of task {@code id} fails
   * when a hash of the random seed, the id and {@code k} falls below the task's rate, so which attempts
   * fail does not depend on the order tasks run in.
   *
   * @param rate each task's chance that an attempt fails, in [0, 1]
   * @param seed which attempts fail, and the retries' jitter
   */
  public Simulator withFailures(ToDoubleFunction<TaskSpec> rate, long seed) {
    Objects.requireNonNull(rate, "failure rate cannot be null");
    ToDoubleFunction<TaskSpec> checked = task -> checkRate(rate.applyAsDouble(task));
    return new Simulator(agingInterval, detailLimit, orderSearch, checked, seed, failFast);
  }

  /**
   * This simulator with the run's failure policy: {@code true} for FAIL_FAST (a task that fails for
   * good cancels the rest), {@code false} for CONTINUE (the default).
   */
  public Simulator withFailFast(boolean failFast) {
    return new Simulator(agingInterval, detailLimit, orderSearch, failures, seed, failFast);
  }

  private static double checkRate(double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("failure rate must be in [0, 1]: " + rate);
    }
    return rate;
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
    long bound = MakespanBounds.of(graph).atLeast(effective);
    if ((long) graph.size() + graph.edgeCount() > detailLimit) {
      return new Simulation(plan, agents, bound, bound, "analytical bound (plan too large to simulate)",
          null, null, null, null, null);
    }
    Dispatcher.Settings settings = settings(plan);
    PriorityOrder.Order order = orderSearch ? PriorityOrder.order(graph, settings, agents)
        : new PriorityOrder.Order(PriorityOrder.baseOrder(graph), "critical path (no search)", -1);
    if (failures != null) {
      SimulatedRun run = SimulatedRun.run(graph, order.order(), settings, agents, failFast,
          failures, seed);
      return new Simulation(plan, agents, run.makespan(), bound, order.rule(), run.starts(),
          run.finishes(), run.agents(), run.attemptCounts(), run.outcomes());
    }
    VirtualSchedule schedule = VirtualSchedule.run(graph, order.order(), settings, agents, List.of(), true);
    return new Simulation(plan, agents, schedule.makespan(), bound, order.rule(),
        schedule.starts(), schedule.finishes(), schedule.agents(), null, null);
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
    String name = orderSearch ? "simulated" : "simulated, critical-path order";
    return failures == null ? name : name + ", with failures";
  }
}
