package dev.orchestrator.examples.scenarios;

import dev.orchestrator.Workflow;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.observe.TaskOutcome;
import dev.orchestrator.observe.TaskState;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.plan.PlanPreview;
import dev.orchestrator.task.Dependency;
import dev.orchestrator.task.TaskAction;
import dev.orchestrator.task.TaskSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Runs a task-graph file for real: every task sleeps for its duration, with one time unit of the
 * file (a second, for plan JSON and WfCommons traces, whose times are durations) taking the given
 * real time. Prints the real makespan beside the simulator's, and checks that every task slept its
 * time and started only after its dependencies had finished.
 *
 * <pre>{@code
 * Plan graph = StgFormat.read(Path.of("rand0000.stg"), ImportOptions.defaults());
 * ScenarioRunner.run(new StgScenario(graph, "rand0000.stg", Duration.ofMillis(10)), settings, plan -> true);
 * }</pre>
 */
public final class StgScenario implements Scenario {

  /** Real time per time unit when none is given. */
  public static final Duration DEFAULT_UNIT = Duration.ofMillis(10);

  private final Plan graph;
  private final String source;
  private final Duration unit;

  /**
   * @param graph the graph as loaded with one time unit = one second
   * @param source where it came from, for messages
   * @param unit the real time one unit (one second of the file) takes
   * @throws IllegalArgumentException if {@code unit} is not positive
   */
  public StgScenario(Plan graph, String source, Duration unit) {
    this.graph = Objects.requireNonNull(graph, "graph cannot be null");
    this.source = Objects.requireNonNull(source, "source cannot be null");
    this.unit = Objects.requireNonNull(unit, "unit cannot be null");
    if (unit.isNegative() || unit.isZero()) {
      throw new IllegalArgumentException("the time unit must be positive: " + unit);
    }
  }

  @Override
  public String name() {
    return "stg";
  }

  @Override
  public String description() {
    return "run a task-graph file with sleeping tasks and compare the real makespan with the simulated";
  }

  /** A duration of the file (one unit = one second) in real time. */
  Duration scaled(Duration inFile) {
    return Duration.ofNanos(Math.round(inFile.toNanos() / 1e9 * unit.toNanos()));
  }

  @Override
  public PreparedScenario prepare(ScenarioSettings settings) {
    settings.out().printf(Locale.ROOT, "Graph: %s, %,d tasks; one time unit = %s of real time%n", source,
        graph.size(), Durations.format(unit));
    return new Replay(settings.runDir());
  }

  /** The replay of the graph. */
  final class Replay implements PreparedScenario {
    private final Path runDir;

    Replay(Path runDir) {
      this.runDir = runDir;
    }

    @Override
    public Workflow workflow() {
      Workflow.Builder w = Workflow.named(graph.name()).mode(graph.mode());
      graph.goal().ifPresent(w::goal);
      if (graph.concurrencyLimit() != graph.mode().defaultConcurrencyLimit()) {
        w.concurrencyLimit(graph.concurrencyLimit());
      }
      for (TaskSpec task : graph.tasks()) {
        Duration sleep = scaled(graph.durationOf(task.id()));
        TaskAction action = ctx -> {
          if (!sleep.isZero()) {
            Thread.sleep(sleep);
          }
        };
        TaskSpec.Builder copy = task.isGate()
            ? TaskSpec.gate(task.id(), ctx -> {
              action.run(ctx);
              return true; // a replay: the file's gates carry no check, so they open
            })
            : TaskSpec.builder(task.id()).run(action);
        if (!task.name().equals(task.id())) {
          copy.name(task.name());
        }
        copy.type(task.type()).priority(task.priority()).estimate(sleep).retry(task.retry());
        if (task.isCritical()) {
          copy.critical();
        }
        task.group().ifPresent(copy::group);
        if (!task.tags().isEmpty()) {
          copy.tags(task.tags().toArray(String[]::new));
        }
        for (Dependency dependency : task.dependencies()) {
          copy.after(dependency);
        }
        w.task(copy.build());
      }
      return w.build();
    }

    @Override
    public Outcome check(Plan plan, RunReport report) throws IOException {
      Outcome.Builder outcome = Outcome.builder();
      Duration simulated = plan.preview().map(p -> p.waves().estimatedTime()).orElse(Duration.ZERO);
      int agents = plan.preview().map(PlanPreview::agents).orElse(0);
      Duration real = report.makespan();
      Duration cp = plan.analysis().criticalPathLength();
      Duration work = plan.analysis().totalWork();
      Duration bound = cp.compareTo(work.dividedBy(Math.max(1, agents))) >= 0 ? cp : work.dividedBy(Math.max(1, agents));
      outcome.note(String.format(Locale.ROOT, "Makespan: real %s, simulated %s (real ÷ simulated %.3f); lower"
              + " bound max(CP, W/n) %s with %,d agents", Durations.format(real), Durations.format(simulated),
          simulated.isZero() ? Double.NaN : real.toNanos() / (double) simulated.toNanos(), Durations.format(bound), agents));
      outcome.check(report.isSuccess(), String.format(Locale.ROOT, "all %,d tasks succeeded", report.taskCount()));
      int slept = 0;
      int ordered = 0;
      int edges = 0;
      Path csv = runDir.resolve("timeline.csv");
      try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8))) {
        out.println("task,duration_ms,start_ms,finish_ms,agent");
        for (TaskSpec task : plan.tasks()) {
          TaskOutcome o = report.task(task.id());
          Duration duration = plan.durationOf(task.id());
          if (o.state() == TaskState.SUCCEEDED && o.started().isPresent() && o.finished().isPresent()) {
            Duration took = o.finished().get().minus(o.started().get());
            slept += took.compareTo(duration) >= 0 ? 1 : 0;
            out.printf(Locale.ROOT, "%s,%.3f,%.3f,%.3f,%s%n", task.id(), duration.toNanos() / 1e6,
                o.started().get().toNanos() / 1e6, o.finished().get().toNanos() / 1e6, o.agent().orElse(""));
            for (Dependency d : task.dependencies()) {
              TaskOutcome before = report.task(d.on());
              edges++;
              ordered += before.finished().isPresent() && before.finished().get().compareTo(o.started().get()) <= 0 ? 1 : 0;
            }
          }
        }
      }
      outcome.check(slept == plan.size(), String.format(Locale.ROOT,
          "%,d of %,d tasks ran at least their duration", slept, plan.size()));
      outcome.check(ordered == edges, String.format(Locale.ROOT,
          "%,d of %,d dependencies respected: each task started after the tasks it depends on finished", ordered, edges));
      outcome.check(real.compareTo(cp) >= 0, "the real makespan is at least the critical path ("
          + Durations.format(cp) + ")");
      outcome.file(csv);
      return outcome.build();
    }
  }
}
