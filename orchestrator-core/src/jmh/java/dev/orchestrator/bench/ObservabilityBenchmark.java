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
 *       (two per task), to show what that costs.
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
    @Param({"none", "dashboard+listener", "dashboard+every-task"})
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
      if (!observers.equals("none")) {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        counter.everyTask = observers.equals("dashboard+every-task");
        o.listener(ConsoleDashboard.builder().output(nowhere).ansi(true).build()).listener(counter);
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
}
