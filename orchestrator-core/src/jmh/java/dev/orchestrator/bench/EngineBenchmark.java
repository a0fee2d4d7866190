package dev.orchestrator.bench;

import com.github.dexecutor.core.DefaultDexecutor;
import com.github.dexecutor.core.DexecutorConfig;
import com.github.dexecutor.core.ExecutionConfig;
import com.github.dexecutor.core.task.Task;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.run.Engine;
import dev.orchestrator.run.RunOptions;
import dev.orchestrator.task.TaskAction;
import dev.orchestrator.task.TaskSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
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
 * The engine against plain executors, side by side. Each invocation runs a whole workload once
 * (single-shot); plans and Dexecutor's graphs are built in setup, outside the timed part.
 *
 * <ul>
 *   <li>{@code independent}: 1,000,000 independent no-op tasks: the engine (from a prepared plan)
 *       against {@code Executors.newVirtualThreadPerTaskExecutor()} and a {@code ForkJoinPool} of
 *       one thread per core;
 *   <li>{@code chain}: 100,000 no-op tasks in a chain (cost per link) against a {@code
 *       CompletableFuture} chain;
 *   <li>{@code fanOutFanIn}: 1 → 100,000 → 1 against {@code CompletableFuture}s;
 *   <li>{@code versusDexecutor}: the engine and Dexecutor 2.1.2 on the same graphs at sizes
 *       Dexecutor finishes (100,000 independent tasks; fan-out/fan-in 1 → 1,000 → 1 and 1 → 3,000 →
 *       1: its fan-in check rescans a copy-on-write list, so time grows with the cube of the width,
 *       and 1 → 100,000 → 1 does not finish in hours);
 *   <li>{@code sleeping}: 10,000 tasks sleeping 10 ms on 1,000 agents (ideal 100 ms) against 1,000
 *       virtual threads taking the same tasks from a queue.
 * </ul>
 *
 * <p>Run (see docs/benchmarks.md): {@code mvn -Pbench -pl orchestrator-core -am test-compile
 * exec:exec -Djmh.args="EngineBenchmark -gc true"}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 15)
// Pre-touched heap: without it, runs that first touch fresh heap pages (the big per-run arrays of a
// million tasks) take up to five times as long, for engine and baselines alike, from page faults.
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch"})
public class EngineBenchmark {

  static final TaskAction NOOP = ctx -> {};
  static final int CORES = Runtime.getRuntime().availableProcessors();

  static Plan independentPlan(int tasks) {
    Plan.Builder b = Plan.builder("independent");
    for (int i = 0; i < tasks; i++) {
      b.add(TaskSpec.builder("t" + i).run(NOOP).build());
    }
    return b.build();
  }

  static Plan fanPlan(int width) {
    Plan.Builder b = Plan.builder("fan");
    b.add(TaskSpec.builder("source").run(NOOP).build());
    TaskSpec.Builder sink = TaskSpec.builder("sink").run(NOOP);
    for (int i = 0; i < width; i++) {
      b.add(TaskSpec.builder("m" + i).after("source").run(NOOP).build());
      sink.after("m" + i);
    }
    return b.add(sink.build()).build();
  }

  static RunReport runOnCores(Plan plan) throws InterruptedException {
    return Engine.start(plan, RunOptions.builder().agents(CORES).build()).await();
  }

  /** 1,000,000 independent no-op tasks. */
  @State(Scope.Benchmark)
  public static class Independent {
    @Param({"engine", "virtual-threads", "fork-join"})
    public String impl;

    @Param({"1000000"})
    public int tasks;

    Plan plan;

    @Setup(Level.Trial)
    public void plan() {
      if (impl.equals("engine")) {
        plan = independentPlan(tasks);
      }
    }
  }

  @Benchmark
  public Object independent(Independent s) throws Exception {
    switch (s.impl) {
      case "engine" -> {
        return runOnCores(s.plan);
      }
      case "virtual-threads" -> {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
          for (int i = 0; i < s.tasks; i++) {
            executor.execute(() -> {});
          }
        }
        return null;
      }
      default -> {
        ForkJoinPool pool = new ForkJoinPool(CORES);
        for (int i = 0; i < s.tasks; i++) {
          pool.execute(() -> {});
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        return null;
      }
    }
  }

  /** The engine and Dexecutor on graphs Dexecutor finishes. */
  @State(Scope.Benchmark)
  public static class VersusDexecutor {
    @Param({"engine", "dexecutor"})
    public String impl;

    @Param({"independent-100000", "fan-1000", "fan-3000"})
    public String graph;

    Plan plan;
    DefaultDexecutor<Integer, Integer> dexecutor;
    ExecutorService dexecutorPool;

    private boolean fan() {
      return graph.startsWith("fan-");
    }

    private int size() {
      return Integer.parseInt(graph.substring(graph.indexOf('-') + 1));
    }

    @Setup(Level.Trial)
    public void plan() {
      if (impl.equals("engine")) {
        plan = fan() ? fanPlan(size()) : independentPlan(size());
      }
    }

    /** Dexecutor's graph; for a fan, task 0 is the source, 1..width the middle, width + 1 the sink. */
    @Setup(Level.Invocation)
    public void graph() {
      if (impl.equals("dexecutor")) {
        dexecutorPool = Executors.newFixedThreadPool(CORES);
        dexecutor = new DefaultDexecutor<>(new DexecutorConfig<>(dexecutorPool, id -> new Task<>() {
          @Override
          public Integer execute() {
            return id;
          }
        }));
        int size = size();
        for (int i = 1; i <= size; i++) {
          if (fan()) {
            dexecutor.addDependency(0, i);
            dexecutor.addDependency(i, size + 1);
          } else {
            dexecutor.addIndependent(i);
          }
        }
      }
    }

    @TearDown(Level.Invocation)
    public void shutdown() {
      if (dexecutorPool != null) {
        dexecutorPool.shutdownNow();
        dexecutorPool = null;
      }
    }
  }

  @Benchmark
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public Object versusDexecutor(VersusDexecutor s) throws Exception {
    return s.impl.equals("engine") ? runOnCores(s.plan) : s.dexecutor.execute(ExecutionConfig.TERMINATING);
  }

  /** A chain of 100,000 no-op tasks: per-link cost. */
  @State(Scope.Benchmark)
  public static class Chain {
    @Param({"engine", "completable-future"})
    public String impl;

    @Param({"100000"})
    public int links;

    Plan plan;

    @Setup(Level.Trial)
    public void plan() {
      Plan.Builder b = Plan.builder("chain");
      b.add(TaskSpec.builder("t0").run(NOOP).build());
      for (int i = 1; i < links; i++) {
        b.add(TaskSpec.builder("t" + i).after("t" + (i - 1)).run(NOOP).build());
      }
      plan = b.build();
    }
  }

  @Benchmark
  @Warmup(iterations = 10)
  @Measurement(iterations = 30)
  public Object chain(Chain s) throws Exception {
    if (s.impl.equals("engine")) {
      return runOnCores(s.plan);
    }
    ForkJoinPool pool = ForkJoinPool.commonPool();
    CompletableFuture<Void> f = CompletableFuture.runAsync(() -> {}, pool);
    for (int i = 1; i < s.links; i++) {
      f = f.thenRunAsync(() -> {}, pool);
    }
    return f.get();
  }

  /** Fan-out/fan-in 1 -> 100,000 -> 1. */
  @State(Scope.Benchmark)
  public static class Fan {
    @Param({"engine", "completable-future"})
    public String impl;

    @Param({"100000"})
    public int width;

    Plan plan;

    @Setup(Level.Trial)
    public void plan() {
      plan = fanPlan(width);
    }
  }

  @Benchmark
  @Warmup(iterations = 10)
  @Measurement(iterations = 20)
  public Object fanOutFanIn(Fan s) throws Exception {
    if (s.impl.equals("engine")) {
      return runOnCores(s.plan);
    }
    ForkJoinPool pool = new ForkJoinPool(CORES);
    try {
      CompletableFuture<Void> source = CompletableFuture.runAsync(() -> {}, pool);
      List<CompletableFuture<Void>> middle = new ArrayList<>(s.width);
      for (int i = 0; i < s.width; i++) {
        middle.add(source.thenRunAsync(() -> {}, pool));
      }
      return CompletableFuture.allOf(middle.toArray(new CompletableFuture<?>[0]))
          .thenRunAsync(() -> {}, pool).get();
    } finally {
      pool.shutdown();
    }
  }

  /** 10,000 tasks sleeping 10 ms on 1,000 agents: ideal 100 ms; efficiency = 100 ms / time. */
  @State(Scope.Benchmark)
  public static class Sleeping {
    @Param({"engine", "virtual-thread-pool"})
    public String impl;

    Plan plan;

    @Setup(Level.Trial)
    public void plan() {
      Plan.Builder b = Plan.builder("sleeping");
      for (int i = 0; i < 10_000; i++) {
        b.add(TaskSpec.builder("t" + i).estimate(Duration.ofMillis(10)).run(ctx -> Thread.sleep(10)).build());
      }
      plan = b.build();
    }
  }

  @Benchmark
  @Warmup(iterations = 3)
  @Measurement(iterations = 10)
  public Object sleeping(Sleeping s) throws Exception {
    if (s.impl.equals("engine")) {
      RunReport report = Engine.start(s.plan, RunOptions.builder().agents(1_000).build()).await();
      return report;
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(1_000, Thread.ofVirtual().factory())) {
      for (int i = 0; i < 10_000; i++) {
        pool.execute(() -> {
          try {
            Thread.sleep(10);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
      }
    }
    return null;
  }
}
