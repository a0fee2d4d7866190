package dev.orchestrator.bench;

import dev.orchestrator.observe.RunReport;
import dev.orchestrator.observe.TaskOutcome;
import dev.orchestrator.plan.ActionBinder;
import dev.orchestrator.plan.ImportOptions;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.plan.SharedBench;
import dev.orchestrator.plan.StgFormat;
import dev.orchestrator.run.Engine;
import dev.orchestrator.run.RunOptions;
import dev.orchestrator.sim.Simulation;
import dev.orchestrator.sim.Simulator;
import dev.orchestrator.task.TaskAction;
import dev.orchestrator.task.TaskSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Real runs against the simulator: STG graphs of different shapes run for real with one time unit
 * = 2 ms, every task sleeping its estimate, on m = 4 and 8 agents. The score is the wall time of a
 * run; the {@code excessPercent} counter is {@code (real makespan / simulated makespan - 1) x 100},
 * the real makespan being, like the simulated one, from the first task's start to the last one's
 * finish in the run report ({@code beforeFirstStartMs} is the time before the first start: the
 * priority-order search and the agents' start); {@code # simulated} lines
 * give the simulated makespans. The baseline in the same run, {@code replay}, replays the simulated
 * schedule with plain virtual threads and latches (no engine): its excess is what sleeping and
 * waking threads costs on the machine.
 *
 * <p>Graphs: {@code 50/rand0040} (deep: critical path 89, parallelism 3.5), {@code 50/rand0050}
 * (wide: critical path 24, parallelism 11.9), {@code 100/rand0000} (570 edges, parallelism 6.2),
 * {@code 100/rand0050} (772 edges, parallelism 8.7).
 *
 * <p>Run: {@code mvn -Pbench -pl orchestrator-core -am test-compile exec:exec
 * -Djmh.args="RealVsSimulatedBenchmark"}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(1)
@State(Scope.Benchmark)
public class RealVsSimulatedBenchmark {

  static final Duration UNIT = Duration.ofMillis(2);

  @Param({"50/rand0040.stg", "50/rand0050.stg", "100/rand0000.stg", "100/rand0050.stg"})
  public String graph;

  @Param({"4", "8"})
  public int agents;

  @Param({"engine", "replay"})
  public String impl;

  Plan plan;
  Simulation schedule;
  long simulatedNanos;

  /** The real makespan's excess over the simulated one, in percent, per run. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Excess {
    public double excessPercent;
    /** Engine only: from the run's start to its first task's (order search, agents starting). */
    public double beforeFirstStartMs;

    @Setup(Level.Iteration)
    public void reset() {
      excessPercent = 0;
      beforeFirstStartMs = 0;
    }
  }

  @Setup(Level.Trial)
  public void plan() throws IOException {
    Path file;
    try {
      file = SharedBench.dir().resolve("stg").resolve(graph);
    } catch (RuntimeException e) { // JUnit's "assumption failed" when ../shared is absent
      throw new IllegalStateException("../shared/bench/stg not found (set -Dorchestrator.shared=DIR):"
          + " this benchmark needs the STG set", e);
    }
    ImportOptions options = ImportOptions.defaults().withTimeUnit(UNIT);
    Map<String, TaskAction> sleeps = new HashMap<>();
    for (TaskSpec task : StgFormat.read(file, options).tasks()) {
      Duration time = task.estimate().orElseThrow();
      sleeps.put(task.id(), ctx -> Thread.sleep(time));
    }
    plan = StgFormat.read(file, options.withBinder(ActionBinder.byName(sleeps)));
    schedule = Simulator.create().simulate(plan, agents);
    simulatedNanos = schedule.makespan().toNanos();
    System.out.printf("# simulated %s on %d agents: %.1f ms%n", graph, agents, simulatedNanos / 1e6);
  }

  @Benchmark
  public Object run(Excess excess) throws InterruptedException {
    long makespan;
    if (impl.equals("engine")) {
      RunReport report = Engine.start(plan, RunOptions.builder().agents(agents).build()).await();
      if (!report.isSuccess()) {
        throw new IllegalStateException("run failed: " + report);
      }
      // The schedule's length, as the simulator's: first start to last finish. The run's own
      // clock starts earlier, before the priority-order search and the agents' start.
      long first = Long.MAX_VALUE;
      long last = 0;
      for (TaskOutcome task : report.tasks()) {
        first = Math.min(first, task.started().orElseThrow().toNanos());
        last = Math.max(last, task.finished().orElseThrow().toNanos());
      }
      makespan = last - first;
      excess.beforeFirstStartMs = first / 1e6;
    } else {
      makespan = replay();
    }
    excess.excessPercent = (makespan / (double) simulatedNanos - 1) * 100;
    return makespan;
  }

  /**
   * The baseline: no engine, the simulated schedule replayed as it is. One virtual thread per agent
   * takes that agent's tasks in their simulated order, waits for each task's predecessors (a latch
   * per task) and sleeps its time. What it loses against the simulation is the cost of sleeping
   * and waking threads on this machine, which the engine pays too.
   */
  private long replay() throws InterruptedException {
    List<TaskSpec> tasks = plan.tasks();
    Map<String, CountDownLatch> done = new HashMap<>();
    List<List<TaskSpec>> byAgent = new ArrayList<>();
    for (int a = 0; a < agents; a++) {
      byAgent.add(new ArrayList<>());
    }
    for (TaskSpec task : tasks) {
      done.put(task.id(), new CountDownLatch(1));
      byAgent.get(schedule.agent(task.id()) - 1).add(task);
    }
    for (List<TaskSpec> list : byAgent) {
      list.sort(Comparator.comparing(t -> schedule.start(t.id())));
    }
    long start = System.nanoTime();
    Thread[] threads = new Thread[agents];
    for (int a = 0; a < agents; a++) {
      List<TaskSpec> list = byAgent.get(a);
      threads[a] = Thread.ofVirtual().start(() -> {
        try {
          for (TaskSpec task : list) {
            for (var d : task.dependencies()) {
              done.get(d.on()).await();
            }
            Thread.sleep(task.estimate().orElseThrow());
            done.get(task.id()).countDown();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
    for (Thread t : threads) {
      t.join();
    }
    return System.nanoTime() - start;
  }
}
