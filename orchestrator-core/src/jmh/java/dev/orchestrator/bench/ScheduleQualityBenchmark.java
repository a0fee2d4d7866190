package dev.orchestrator.bench;

import dev.orchestrator.graph.PlanInternals;
import dev.orchestrator.graph.TaskGraph;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.plan.SharedBench;
import dev.orchestrator.schedule.Dispatcher;
import dev.orchestrator.schedule.PriorityOrder;
import dev.orchestrator.schedule.VirtualSchedule;
import dev.orchestrator.sim.StgQuality;
import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Schedule quality and planning time on the Standard Task Graph set: one operation schedules all
 * 1,440 cases (360 graphs of {@code ../shared/bench/stg} on m = 2, 4, 8, 16) with the policy (the
 * order search and the simulator, as runs use them) or, as the baseline in the same run, plain
 * critical-path list scheduling (HLFET). The quality figures print at the end of each trial
 * ({@code # quality}); the time is the planning cost of the whole set.
 *
 * <p>Run: {@code mvn -Pbench -pl orchestrator-core -am test-compile exec:exec
 * -Djmh.args="ScheduleQualityBenchmark"}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
@State(Scope.Benchmark)
public class ScheduleQualityBenchmark {

  @Param({"policy", "critical-path"})
  public String impl;

  List<StgQuality.Case> cases;
  StgQuality.Result last;

  @Setup(Level.Trial)
  public void load() {
    try {
      cases = StgQuality.cases(SharedBench.dir().resolve("stg"));
    } catch (RuntimeException e) { // JUnit's "assumption failed" when ../shared is absent
      throw new IllegalStateException("../shared/bench/stg not found (set -Dorchestrator.shared=DIR):"
          + " this benchmark needs the STG set", e);
    }
  }

  private static long criticalPath(Plan plan, int agents) {
    TaskGraph graph = PlanInternals.graph(plan);
    Dispatcher.Settings settings = new Dispatcher.Settings(false, plan.concurrencyLimit(), 0);
    return VirtualSchedule.makespan(graph, PriorityOrder.criticalPathOrder(graph), settings, agents);
  }

  @Benchmark
  public StgQuality.Result schedule() {
    last = StgQuality.run(cases, impl.equals("policy") ? StgQuality::policy
        : ScheduleQualityBenchmark::criticalPath);
    return last;
  }

  @TearDown(Level.Trial)
  public void print() {
    System.out.println("# quality " + impl + ", " + last.againstLower());
    System.out.println("# quality " + impl + ", " + last.againstBestKnown());
    System.out.println("# quality " + impl + ", " + last.provenOnly());
  }
}
