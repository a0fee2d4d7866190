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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What watching a run costs: {@code EngineBenchmark}'s 1,000,000 independent no-op tasks on one
 * agent per core, without a listener ({@code none}) and with the console dashboard (ANSI, redrawn
 * every 250 ms into a discarding stream) plus a listener that looks at every event ({@code
 * dashboard+listener}), side by side in one run. Every event is delivered: the run ends only after
 * the listeners have taken its last one, so their work is inside the measured time.
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
    @Param({"none", "dashboard+listener"})
    public String observers;

    @Param({"1000000"})
    public int tasks;

    Plan plan;
    RunOptions options;
    final Counter counter = new Counter();

    @Setup(Level.Trial)
    public void plan() {
      Plan.Builder b = Plan.builder("independent");
      for (int i = 0; i < tasks; i++) {
        b.add(TaskSpec.builder("t" + i).run(NOOP).build());
      }
      plan = b.build();
      RunOptions.Builder o = RunOptions.builder().agents(CORES);
      if (observers.equals("dashboard+listener")) {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        o.listener(ConsoleDashboard.builder().output(nowhere).ansi(true).build()).listener(counter);
      }
      options = o.build();
    }
  }

  /** Looks at every event, as a user's listener would: counts finished tasks by state. */
  static final class Counter implements RunListener {
    long finished;
    long failed;

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
    return Engine.start(w.plan, w.options).await();
  }
}
