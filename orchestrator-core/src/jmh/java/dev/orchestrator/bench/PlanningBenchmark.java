package dev.orchestrator.bench;

import com.google.common.graph.GraphBuilder;
import com.google.common.graph.ImmutableGraph;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.plan.WavePlan;
import dev.orchestrator.task.TaskAction;
import dev.orchestrator.task.TaskSpec;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
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
 * Planning a million tasks: build the tasks, validate and analyse the graph ({@link Plan}), and lay
 * it out in waves ({@link WavePlan}), against a baseline that builds the same graph with Guava's
 * {@link ImmutableGraph} and analyses it with Kahn's algorithm over hash maps (levels, critical
 * path), the way one would without an int-indexed graph.
 *
 * <p>The graph: {@code tasks} tasks in {@code layers} layers of equal width; every task after the
 * first layer depends on {@code edgesPerTask} distinct random tasks of the layer before (fixed seed),
 * so a million tasks have about two million edges. Durations are 1 to 100 seconds.
 *
 * <p>Time is one planning per operation ({@code SingleShotTime}). After the trial, the state forces
 * garbage collection with the result of one more planning held, and prints the heap it retains per
 * task ({@code # retained: ...} in the output): ids, task specs, durations, dependencies, the graph
 * arrays and the wave layout all count.
 *
 * <p>Run (see docs/benchmarks.md):
 * <pre>
 * mvn -Pbench -pl orchestrator-core -am test-compile exec:exec -Djmh.args="PlanningBenchmark"
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
@State(Scope.Benchmark)
public class PlanningBenchmark {

  /** What builds and analyses the graph. */
  @Param({"orchestrator", "guava"})
  public String impl;

  @Param({"1000000"})
  public int tasks;

  @Param({"1000"})
  public int layers;

  @Param({"2"})
  public int edgesPerTask;

  /** Agents the wave layout is for. */
  @Param({"64"})
  public int agents;

  private static final TaskAction NOTHING = ctx -> { };

  private int[][] predecessors;
  private int[] seconds;

  @Setup(Level.Trial)
  public void generate() {
    SplittableRandom random = new SplittableRandom(20_261_123L);
    int width = tasks / layers;
    predecessors = new int[tasks][];
    seconds = new int[tasks];
    for (int i = 0; i < tasks; i++) {
      seconds[i] = 1 + random.nextInt(100);
      int layer = i / width;
      if (layer == 0 || layer >= layers) {
        predecessors[i] = new int[0];
        continue;
      }
      int base = (layer - 1) * width;
      int k = Math.min(edgesPerTask, width);
      int[] preds = new int[k];
      for (int j = 0; j < k; j++) {
        int candidate;
        boolean repeated;
        do {
          candidate = base + random.nextInt(width);
          repeated = false;
          for (int m = 0; m < j; m++) {
            repeated |= preds[m] == candidate;
          }
        } while (repeated);
        preds[j] = candidate;
      }
      predecessors[i] = preds;
    }
  }

  /** Starts every iteration from a collected heap, so that one planning does not pay for the last. */
  @Setup(Level.Iteration)
  public void collect() {
    usedAfterGc();
  }

  @Benchmark
  public Object plan() {
    return impl.equals("guava") ? guava() : orchestrator();
  }

  /** Build the tasks, then the plan (validation and analysis), then the waves. */
  WavePlan orchestrator() {
    // Ids are made here, as a caller would make them: their memory belongs to the plan.
    String[] ids = new String[tasks];
    Plan.Builder plan = Plan.builder("bench");
    for (int i = 0; i < tasks; i++) {
      ids[i] = "t" + i;
      TaskSpec.Builder task = TaskSpec.builder(ids[i]).estimate(Duration.ofSeconds(seconds[i]));
      for (int p : predecessors[i]) {
        task.after(ids[p]);
      }
      plan.add(task.run(NOTHING).build());
    }
    return plan.build().waves(agents);
  }

  /** A task as a Guava graph node. */
  record Node(String id, Duration estimate) {}

  /** The baseline's result: the graph and its analysis. */
  record GuavaPlan(ImmutableGraph<Node> graph, Map<Node, Integer> level, long criticalPath) {}

  GuavaPlan guava() {
    Node[] nodes = new Node[tasks];
    ImmutableGraph.Builder<Node> builder =
        GraphBuilder.directed().expectedNodeCount(tasks).<Node>immutable();
    for (int i = 0; i < tasks; i++) {
      nodes[i] = new Node("t" + i, Duration.ofSeconds(seconds[i]));
      builder.addNode(nodes[i]);
      for (int p : predecessors[i]) {
        builder.putEdge(nodes[p], nodes[i]);
      }
    }
    ImmutableGraph<Node> graph = builder.build();
    // Kahn's algorithm with levels and earliest finish times in maps.
    Map<Node, Integer> remaining = new HashMap<>(tasks * 2);
    Map<Node, Integer> level = new HashMap<>(tasks * 2);
    Map<Node, Long> finish = new HashMap<>(tasks * 2);
    ArrayDeque<Node> ready = new ArrayDeque<>();
    for (Node node : graph.nodes()) {
      int in = graph.inDegree(node);
      remaining.put(node, in);
      if (in == 0) {
        ready.add(node);
      }
    }
    long criticalPath = 0;
    int seen = 0;
    while (!ready.isEmpty()) {
      Node node = ready.poll();
      seen++;
      long start = 0;
      int lvl = 0;
      for (Node p : graph.predecessors(node)) {
        start = Math.max(start, finish.get(p));
        lvl = Math.max(lvl, level.get(p) + 1);
      }
      long end = start + node.estimate().toNanos();
      finish.put(node, end);
      level.put(node, lvl);
      criticalPath = Math.max(criticalPath, end);
      for (Node s : graph.successors(node)) {
        if (remaining.merge(s, -1, Integer::sum) == 0) {
          ready.add(s);
        }
      }
    }
    if (seen != tasks) {
      throw new IllegalStateException("cycle");
    }
    return new GuavaPlan(graph, level, criticalPath);
  }

  /** Prints the heap one planning's result retains, per task. */
  @TearDown(Level.Trial)
  public void retained() {
    long before = usedAfterGc();
    Object result = plan();
    long after = usedAfterGc();
    Reference.reachabilityFence(result);
    long edges = 0;
    for (int[] p : predecessors) {
      edges += p.length;
    }
    System.out.printf(Locale.ROOT, "%n# retained: %s, %,d tasks, %,d edges: %.1f bytes per task (%,d MB)%n",
        impl, tasks, edges, (after - before) / (double) tasks, (after - before) >> 20);
  }

  private static long usedAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) { // until it stops shrinking: a full GC may need a second pass
      System.gc();
      long now = runtime.totalMemory() - runtime.freeMemory();
      if (now >= used) {
        break;
      }
      used = now;
    }
    return used;
  }
}
