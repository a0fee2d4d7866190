package dev.orchestrator.bench;

import dev.orchestrator.observe.ConsoleDashboard;
import dev.orchestrator.observe.RunEvent;
import dev.orchestrator.observe.RunListener;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.run.Engine;
import dev.orchestrator.run.RunOptions;
import dev.orchestrator.task.TaskAction;
import dev.orchestrator.task.TaskSpec;
import java.io.OutputStream;
import java.io.PrintStream;
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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * What watching a run costs: {@code EngineBenchmark}'s 1,000,000 independent no-op tasks on one
 * agent per core, side by side in one run:
 *
 * <ul>
 *   <li>{@code none}: no listener;
 *   <li>{@code dashboard+listener}: the console dashboard (ANSI, redrawn every 250 ms into a
 *       discarding stream) and a listener that counts the tasks that did not succeed — both read
 *       the counts from the run's live counters and take every event but the per-task ones of
 *       tasks that succeeded ({@code receivesEveryTask() == false});
 *   <li>{@code dashboard+every-task}: the dashboard and a listener that takes every task's events
 *       (two per task), to show what that costs;
 *   <li>{@code dashboard} and {@code listener}: each of the two alone, to tell their costs apart.
 * </ul>
 *
 * The run ends only after the listeners have taken its last event, so their work is inside the
 * measured time; the events they missed are printed at the end of each trial.
 *
 * <p>Run (see docs/benchmarks.md, "Observability"):
 * {@code mvn -Pbench -pl orchestrator-core -am test-compile exec:exec -Djmh.args="ObservabilityBenchmark"}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 15)
@Fork(value = 2, jvmArgsAppend = {"-Xmx6g"})
public class ObservabilityBenchmark {

  static final TaskAction NOOP = ctx -> {};
  static final int CORES = Runtime.getRuntime().availableProcessors();

  @State(Scope.Benchmark)
  public static class Workload {
    @Param({"none", "dashboard+listener", "dashboard+every-task", "dashboard", "listener"})
    public String observers;

    @Param({"1000000"})
    public int tasks;

    Plan plan;
    RunOptions options;
    final Counter counter = new Counter();
    long runs;
    long dropped;

    /** Prints how many events the listeners missed: none, or the comparison would flatter them. */
    @TearDown(Level.Trial)
    public void report() {
      System.out.println("# " + observers + ": " + runs + " runs, " + counter.finished
          + " TaskFinished events delivered, " + dropped + " events dropped");
    }

    @Setup(Level.Trial)
    public void plan() {
      Plan.Builder b = Plan.builder("independent");
      for (int i = 0; i < tasks; i++) {
        b.add(TaskSpec.builder("t" + i).run(NOOP).build());
      }
      plan = b.build();
      RunOptions.Builder o = RunOptions.builder().agents(CORES);
      counter.everyTask = observers.equals("dashboard+every-task");
      if (observers.startsWith("dashboard")) {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        o.listener(ConsoleDashboard.builder().output(nowhere).ansi(true).build());
      }
      if (observers.contains("listener") || observers.endsWith("every-task")) {
        o.listener(counter);
      }
      options = o.build();
    }
  }

  /** Counts finished tasks by state, as a user's listener would. */
  static final class Counter implements RunListener {
    boolean everyTask;
    long finished;
    long failed;

    @Override
    public boolean receivesEveryTask() {
      return everyTask;
    }

    @Override
    public void onEvent(RunEvent event) {
      if (event instanceof RunEvent.TaskFinished f) {
        finished++;
        if (f.state() != dev.orchestrator.observe.TaskState.SUCCEEDED) {
          failed++;
        }
      }
    }
  }

  @Benchmark
  public RunReport independent(Workload w) throws Exception {
    RunReport report = Engine.start(w.plan, w.options).await();
    w.runs++;
    w.dropped += report.eventsDropped();
    return report;
  }

  /**
   * The same two runs, {@code none} and {@code dashboard+listener}, one after the other in every
   * invocation (in alternating order), so that both see the same load on a shared machine; the
   * per-variant times of the measured invocations are printed at the end of the trial (the JMH
   * score is the pair's total).
   */
  @State(Scope.Benchmark)
  public static class Paired {
    Plan plan;
    RunOptions none;
    RunOptions observed;
    boolean measuring;
    boolean flip;
    final java.util.List<Long> noneTimes = new java.util.ArrayList<>();
    final java.util.List<Long> observedTimes = new java.util.ArrayList<>();
    long dropped;

    @Setup(Level.Trial)
    public void plan() {
      Workload w = new Workload();
      w.observers = "dashboard+listener";
      w.tasks = 1_000_000;
      w.plan();
      plan = w.plan;
      observed = w.options;
      none = RunOptions.builder().agents(CORES).build();
    }

    @Setup(Level.Iteration)
    public void iteration(IterationParams params) {
      measuring = params.getType() == IterationType.MEASUREMENT;
    }

    @TearDown(Level.Trial)
    public void report() {
      java.util.List<Double> ratios = new java.util.ArrayList<>();
      for (int i = 0; i < noneTimes.size(); i++) {
        ratios.add((double) observedTimes.get(i) / noneTimes.get(i));
      }
      System.out.printf(java.util.Locale.ROOT, "%n# paired: %d pairs; none median %.1f ms, mean %.1f ms;"
          + " dashboard+listener median %.1f ms, mean %.1f ms; median of the pairs' ratios %.3f;"
          + " events dropped %d%n", noneTimes.size(), median(noneTimes) / 1e6, mean(noneTimes) / 1e6,
          median(observedTimes) / 1e6, mean(observedTimes) / 1e6, medianD(ratios), dropped);
    }

    private static double median(java.util.List<Long> xs) {
      java.util.List<Long> s = xs.stream().sorted().toList();
      int n = s.size();
      return n == 0 ? 0 : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2.0;
    }

    private static double medianD(java.util.List<Double> xs) {
      java.util.List<Double> s = xs.stream().sorted().toList();
      int n = s.size();
      return n == 0 ? 0 : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2.0;
    }

    private static double mean(java.util.List<Long> xs) {
      return xs.stream().mapToLong(Long::longValue).average().orElse(0);
    }
  }

  @Benchmark
  public void alternating(Paired p) throws Exception {
    p.flip = !p.flip;
    long first = time(p.flip ? p.none : p.observed, p);
    long second = time(p.flip ? p.observed : p.none, p);
    if (p.measuring) {
      p.noneTimes.add(p.flip ? first : second);
      p.observedTimes.add(p.flip ? second : first);
    }
  }

  private static long time(RunOptions options, Paired p) throws Exception {
    long start = System.nanoTime();
    RunReport report = Engine.start(p.plan, options).await();
    long took = System.nanoTime() - start;
    p.dropped += report.eventsDropped();
    return took;
  }
}
