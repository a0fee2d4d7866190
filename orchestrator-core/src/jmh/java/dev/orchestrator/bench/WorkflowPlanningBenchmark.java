package dev.orchestrator.bench;

import dev.orchestrator.Orchestrator;
import dev.orchestrator.Workflow;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.TaskType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * Planning a 3,000-task workflow the way a user does: {@code orchestrator.plan(workflow)} — build
 * the plan, decide its agent count (the simulator plugged in as the estimator) and lay out the
 * preview's waves — against the baseline of building the plan alone ({@code workflow.plan()}), in
 * the same run. The million-task {@link PlanningBenchmark} measures the graph; this one measures
 * everything a {@code plan} command pays after the first planning of the JVM (the cost model's
 * calibration happens once, in the setup, as it does once per JVM).
 *
 * <p>Shapes: {@code fanout} — a setup task, 3,000 independent calls behind it and a report after
 * them (the loopback-API job's shape); {@code layers} — 30 layers of 100 tasks, each after 2 distinct
 * random tasks of the layer before (fixed seed). Durations 10 to 40 ms.
 *
 * <p>Run (see docs/benchmarks.md):
 * <pre>
 * mvn -Pbench -pl orchestrator-core -am test-compile exec:exec -Djmh.args="WorkflowPlanningBenchmark"
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class WorkflowPlanningBenchmark {

  /** What is measured: the whole {@code orchestrator.plan} or the plan's graph alone. */
  @Param({"orchestrator.plan", "workflow.plan"})
  public String impl;

  @Param({"fanout", "layers"})
  public String shape;

  @Param({"3000"})
  public int tasks;

  private Orchestrator orchestrator;
  private Workflow workflow;

  @Setup(Level.Trial)
  public void setUp() {
    orchestrator = Orchestrator.builder().build();
    workflow = shape.equals("fanout") ? fanout(tasks) : layers(tasks, 30);
    orchestrator.plan(workflow); // the JVM's first planning: calibration, probe, class loading
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    orchestrator.close();
  }

  @Benchmark
  public Plan plan() {
    return impl.equals("workflow.plan") ? workflow.plan() : orchestrator.plan(workflow);
  }

  static Workflow fanout(int tasks) {
    SplittableRandom random = new SplittableRandom(3_000L);
    List<Integer> items = new ArrayList<>(tasks);
    for (int i = 0; i < tasks; i++) {
      items.add(i);
    }
    return Workflow.named("fetch " + tasks)
        .task("setup", t -> t.estimate(Duration.ofMillis(20)).run(ctx -> { }))
        .forEach("fetch", items, (item, t) -> t.type(TaskType.NETWORK)
            .estimate(Duration.ofMillis(10 + random.nextInt(31))).run(ctx -> { }))
        .after("setup")
        .task("report", t -> t.after("fetch").estimate(Duration.ofMillis(20)).run(ctx -> { }))
        .build();
  }

  static Workflow layers(int tasks, int layers) {
    SplittableRandom random = new SplittableRandom(3_000L);
    int width = tasks / layers;
    Workflow.Builder builder = Workflow.named("layers " + tasks);
    for (int i = 0; i < tasks; i++) {
      int layer = i / width;
      long millis = 10 + random.nextInt(31);
      int first = random.nextInt(width);
      int second = (first + 1 + random.nextInt(width - 1)) % width; // distinct from the first
      String[] after = layer == 0 ? new String[0] : new String[] {
          "t" + ((layer - 1) * width + first), "t" + ((layer - 1) * width + second)};
      builder.task("t" + i, t -> {
        t.estimate(Duration.ofMillis(millis)).run(ctx -> { });
        for (String p : after) {
          t.after(p);
        }
      });
    }
    return builder.build();
  }
}
