package dev.orchestrator.bench;

import dev.orchestrator.plan.Plan;
import dev.orchestrator.sim.Simulation;
import dev.orchestrator.sim.Simulator;
import dev.orchestrator.task.TaskAction;
import dev.orchestrator.task.TaskSpec;
import java.time.Duration;
import java.util.SplittableRandom;
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
 * Where the simulator should give way to the analytical bound: the time of one simulation (the
 * priority order plus the discrete-event run, as {@code Simulator.simulate} does it) of layered
 * random graphs growing to past the detail limit, against the bound alone, and how far the bound
 * is from the simulated makespan ({@code # simulated/bound} lines).
 *
 * <p>The graphs are those of {@code PlanningBenchmark}: 1,000 layers, every task after the first
 * layer depending on 2 random tasks of the layer before, durations 1 to 100 s; 64 agents.
 *
 * <p>Run: {@code mvn -Pbench -pl orchestrator-core -am test-compile exec:exec
 * -Djmh.args="SimulatorScalingBenchmark"}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
@State(Scope.Benchmark)
public class SimulatorScalingBenchmark {

  private static final TaskAction NOTHING = ctx -> { };

  @Param({"simulate", "bound"})
  public String impl;

  @Param({"10000", "100000", "300000", "1000000", "1700000"})
  public int tasks;

  @Param({"64"})
  public int agents;

  Plan plan;
  Simulator simulator;
  Simulation last;

  @Setup(Level.Trial)
  public void generate() {
    SplittableRandom random = new SplittableRandom(20_261_123L);
    int layers = 1000;
    int width = tasks / layers;
    Plan.Builder b = Plan.builder("layered");
    for (int i = 0; i < tasks; i++) {
      TaskSpec.Builder t = TaskSpec.builder("t" + i).estimate(Duration.ofSeconds(1 + random.nextInt(100)))
          .run(NOTHING);
      int layer = i / width;
      if (layer > 0 && layer < layers) {
        int first = (layer - 1) * width + random.nextInt(width);
        int second;
        do {
          second = (layer - 1) * width + random.nextInt(width);
        } while (second == first && width > 1);
        t.after("t" + first);
        if (second != first) {
          t.after("t" + second);
        }
      }
      b.add(t.build());
    }
    plan = b.build();
    simulator = impl.equals("simulate")
        ? Simulator.create().withDetailLimit(Integer.MAX_VALUE) : Simulator.create().withDetailLimit(0);
  }

  @Benchmark
  public Simulation simulate() {
    last = simulator.simulate(plan, agents);
    return last;
  }

  @TearDown(Level.Trial)
  public void print() {
    System.out.printf("# simulated/bound %s, %d tasks + %d edges: makespan %s, bound %s, ratio %.5f%n",
        impl, tasks, plan.analysis().edgeCount(), last.makespan(), last.lowerBound(), last.ratio());
  }
}
