package dev.orchestrator.scale;

import dev.orchestrator.plan.MakespanEstimator;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.plan.PlanAnalysis;
import dev.orchestrator.resource.RateLimit;
import dev.orchestrator.sim.Simulator;
import dev.orchestrator.task.TaskSpec;
import dev.orchestrator.task.TaskType;
import dev.orchestrator.task.TaskAction;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long the auto-scaler takes to decide, against a naive linear scan over every agent count in
 * the same run.
 *
 * <ul>
 *   <li>{@code decide} vs {@code naiveLinearScan} on a million-task plan ({@link Million}): the
 *       scaler's whole decision (graph bounds, caps, exhaustive search with the job-count and level
 *       bounds, explanation) against the cheapest possible loop: Brent's {@code max(CP, W ÷ n)}
 *       plus {@code n × s} for every {@code n} up to the widest level, read from the plan's
 *       analysis, with no caps and no explanation. The target is under one second.
 *   <li>{@code pluggedEstimatorGrid} vs {@code pluggedEstimatorLinearScan} ({@link Estimated}):
 *       with an estimator that costs O(N) per call (the sum of the waves), the scaler's geometric
 *       grid and refinement against calling it for every {@code n}.
 *   <li>{@code decideWithSimulator} vs {@code decideWithBound} and {@code simulateOnce} ({@link
 *       Simulated}): the decision with the engine's simulator plugged in as the estimator, on
 *       100,000 file tasks, against the built-in bound, and the cost of one simulation (a linear
 *       scan would make one per agent count, 30,000 here).
 * </ul>
 *
 * <p>Run with:
 *
 * <pre>
 * mvn -Pbench -pl orchestrator-core -am test-compile exec:exec -Djmh.args="ScalingBenchmark"
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--enable-native-access=ALL-UNNAMED"})
public class ScalingBenchmark {

  private static final TaskAction NOTHING = ctx -> { };
  private static final Duration SLOW_AGENT = Duration.ofMillis(300);

  static Capacity machine() {
    return Capacity.builder().cpuCores(8).memory(32L << 30).diskIops(10_000)
        .rateLimit("api", RateLimit.parse("1000/s")).build();
  }

  static AutoScaler.Builder scaler() {
    return AutoScaler.builder().capacity(machine()).serviceLoading(false)
        .costs(CostModel.builder().agentStartup(SLOW_AGENT).taskDispatch(Duration.ZERO)
            .contention(0, 1).build());
  }

  /**
   * {@code independent}: N file renames of 3 s (the rename scenario at a million files). {@code layered}: √N
   * levels of √N tasks, each task after one task of the level before (N edges), mixed durations.
   */
  static Plan plan(String shape, int tasks) {
    Plan.Builder plan = Plan.builder(shape + " " + tasks);
    if (shape.equals("independent")) {
      for (int i = 0; i < tasks; i++) {
        plan.add(TaskSpec.builder("rename-" + i).type(TaskType.FILE_IO)
            .estimate(Duration.ofSeconds(3)).run(NOTHING).build());
      }
    } else {
      int width = (int) Math.sqrt(tasks);
      for (int i = 0; i < tasks; i++) {
        TaskSpec.Builder task = TaskSpec.builder("t-" + i)
            .estimate(Duration.ofSeconds(1 + (i * 7919L) % 60)).run(NOTHING);
        if (i >= width) {
          task.after("t-" + (i - width + (i * 31) % width) % tasks);
        }
        plan.add(task.build());
      }
    }
    return plan.build();
  }

  /** A million-task plan. */
  @State(Scope.Benchmark)
  public static class Million {
    @Param({"independent", "layered"})
    public String shape;

    Plan plan;
    AutoScaler scaler;

    @Setup(Level.Trial)
    public void setUp() {
      plan = plan(shape, 1_000_000);
      scaler = scaler().build();
    }
  }

  /** A plan decided with an estimator that costs O(N) per call. */
  @State(Scope.Benchmark)
  public static class Estimated {
    @Param({"2000"})
    public int tasks;

    Plan plan;
    AutoScaler scaler;
    CostModel costs;

    @Setup(Level.Trial)
    public void setUp() {
      plan = plan("independent", tasks);
      scaler = scaler().estimator(MakespanEstimator.WAVE_SUM).build();
      costs = scaler.costs;
    }
  }

  /** A 100,000-task plan decided with the simulator as the estimator. */
  @State(Scope.Benchmark)
  public static class Simulated {
    Plan plan;
    Simulator simulator;
    AutoScaler withSimulator;
    AutoScaler withBound;

    @Setup(Level.Trial)
    public void setUp() {
      plan = plan("independent", 100_000);
      simulator = Simulator.create();
      withSimulator = scaler().estimator(simulator).build();
      withBound = scaler().build();
    }
  }

  @Benchmark
  public ScalingDecision decideWithSimulator(Simulated state) {
    return state.withSimulator.scale(state.plan);
  }

  @Benchmark
  public ScalingDecision decideWithBound(Simulated state) {
    return state.withBound.scale(state.plan);
  }

  @Benchmark
  public Duration simulateOnce(Simulated state) {
    return state.simulator.makespan(state.plan, 1_000);
  }

  @Benchmark
  public ScalingDecision decide(Million state) {
    return state.scaler.scale(state.plan);
  }

  @Benchmark
  public int naiveLinearScan(Million state) {
    PlanAnalysis a = state.plan.analysis();
    double work = a.totalWork().toNanos();
    double cp = a.criticalPathLength().toNanos();
    double s = SLOW_AGENT.toNanos();
    int width = a.maxWidth();
    double best = Double.MAX_VALUE;
    for (int n = 1; n <= width; n++) {
      best = Math.min(best, Math.max(cp, work / n) + n * s);
    }
    for (int n = 1; n <= width; n++) {
      if (Math.max(cp, work / n) + n * s <= best * 1.02) {
        return n;
      }
    }
    return width;
  }

  @Benchmark
  public ScalingDecision pluggedEstimatorGrid(Estimated state) {
    return state.scaler.scale(state.plan);
  }

  @Benchmark
  public int pluggedEstimatorLinearScan(Estimated state) {
    int width = state.plan.analysis().maxWidth();
    double[] time = new double[width + 1];
    double best = Double.MAX_VALUE;
    for (int n = 1; n <= width; n++) {
      time[n] = MakespanEstimator.WAVE_SUM.makespan(state.plan, n).toNanos()
          + state.costs.overheadNanos(n, state.tasks);
      best = Math.min(best, time[n]);
    }
    for (int n = 1; n <= width; n++) {
      if (time[n] <= best * 1.02) {
        return n;
      }
    }
    return width;
  }
}
