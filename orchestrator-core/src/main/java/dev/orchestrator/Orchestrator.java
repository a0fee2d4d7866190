package dev.orchestrator;

import dev.orchestrator.history.ExecutionHistory;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.plan.LearnedDurations;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.plan.PlanPreview;
import dev.orchestrator.plan.WavePlan;
import dev.orchestrator.resource.ResourceProbe;
import dev.orchestrator.run.AgentFactory;
import dev.orchestrator.run.Engine;
import dev.orchestrator.run.Run;
import dev.orchestrator.run.RunOptions;
import dev.orchestrator.scale.AutoScaler;
import dev.orchestrator.scale.Capacity;
import dev.orchestrator.scale.CostModel;
import dev.orchestrator.scale.ScalingDecision;
import dev.orchestrator.scale.TaskTypeScaler;
import dev.orchestrator.sim.Simulator;
import dev.orchestrator.task.TaskType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plans, scales and runs work: the library's entry point.
 *
 * <pre>{@code
 * try (Orchestrator orchestrator = Orchestrator.builder()
 *     .autoScale()                          // the default; .agents(50) honours a count exactly
 *     .listener(event -> System.out.println(event))
 *     .build()) {
 *   Plan plan = orchestrator.plan(workflow);
 *   System.out.println(plan.explain());     // analysis, scaling, waves, estimates
 *   RunReport report = orchestrator.run(plan);
 * }
 * }</pre>
 *
 * <p>{@link #plan} decides the agent count and attaches a preview (the reasoning and the waves,
 * estimated by the {@link Simulator}); {@link #run} runs a plan on a fresh pool of that many agents
 * and blocks until every task has ended; {@link #runAsync} returns the live {@link Run}. Thread-safe:
 * one orchestrator may run several plans at once.
 */
public final class Orchestrator implements AutoCloseable {

  private final int agents; // 0 = decide per plan
  private final RunOptions options;
  private final Simulator simulator;
  private final AutoScaler scaler;
  private final Set<Run> active = ConcurrentHashMap.newKeySet();
  private final ExecutionHistory history;
  private volatile boolean closed;

  private Orchestrator(Builder b, RunOptions options) {
    this.agents = b.agents;
    this.options = options;
    this.simulator = Simulator.create().withAgingInterval(options.agingInterval());
    this.scaler = b.scaler(simulator, options.agentFactory());
    this.history = b.history;
  }

  /** A builder with the defaults: auto-scaling, virtual threads, no listener, CONTINUE. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Validates and analyses a workflow, decides its agent count and attaches the preview.
   *
   * @throws IllegalArgumentException on a duplicate id or an unknown dependency, naming the task
   * @throws dev.orchestrator.plan.CyclicDependencyException if the dependencies form a cycle
   */
  public Plan plan(Workflow workflow) {
    Objects.requireNonNull(workflow, "workflow cannot be null");
    return preview(workflow.plan());
  }

  /**
   * The plan with a preview for the agent count this orchestrator decides for it: the scaling
   * decision's reasoning and the wave layout, estimated by the simulator.
   */
  public Plan preview(Plan plan) {
    Objects.requireNonNull(plan, "plan cannot be null");
    // One duration model for the scaler, the simulator, the waves and the run: what the history
    // learned for this plan's tasks replaces estimates and defaults before anything is computed.
    Plan learned = plan.withLearnedDurations(learnedDurations(plan.name()));
    ScalingDecision decision = scale(learned);
    return learned.withPreview(new PlanPreview(decision.explanation(),
        WavePlan.layout(learned, decision.agents(), simulator)));
  }

  /** The history's durations for a plan's tasks, as the plan asks for them. */
  private LearnedDurations learnedDurations(String planName) {
    if (history == ExecutionHistory.none()) {
      return LearnedDurations.none();
    }
    return new LearnedDurations() {
      @Override
      public Optional<Duration> forTask(String taskId) {
        return history.learnedTaskDuration(planName, taskId);
      }

      @Override
      public Optional<Duration> forPattern(String pattern) {
        return history.learnedPatternDuration(planName, pattern);
      }

      @Override
      public Optional<Duration> forType(TaskType type) {
        return history.learnedDuration(type);
      }
    };
  }

  /**
   * The scaling decision for a plan: exactly the configured count when {@link Builder#agents(int)}
   * was set (with a warning when it exceeds the safe capacity), else the auto-scaler's.
   *
   * @throws NullPointerException if {@code plan} is null
   */
  public ScalingDecision scale(Plan plan) {
    Objects.requireNonNull(plan, "plan cannot be null");
    return agents > 0 ? scaler.scale(plan, agents) : scaler.scale(plan);
  }

  /**
   * Runs a plan and waits for it to end. If the calling thread is interrupted meanwhile, the run is
   * cancelled, its end awaited, and the interrupt flag restored.
   *
   * @return the report: every task's outcome, the pool's statistics, the makespan
   */
  public RunReport run(Plan plan) {
    return awaitCancellingOnInterrupt(runAsync(plan));
  }

  /**
   * Runs a plan with a journal in {@code runDirectory} (beside the run's report files) and waits
   * for it to end; if the process dies meanwhile, {@link #resume(Path, Plan)} finishes it. See
   * {@link #run(Plan)}.
   *
   * @throws IllegalArgumentException if the directory already holds a journal
   * @throws java.io.UncheckedIOException if the journal cannot be created
   */
  public RunReport run(Plan plan, Path runDirectory) {
    return awaitCancellingOnInterrupt(runAsync(plan, runDirectory));
  }

  /**
   * Resumes the run whose journal is in {@code runDirectory} and waits for it to end: the tasks
   * that succeeded before (and were not rolled back) are not run again, their DATA outputs are
   * restored from the journal, and the rest runs.
   *
   * <pre>{@code
   * Path dir = Path.of("runs", "deploy-v2");
   * orchestrator.run(orchestrator.plan(workflow), dir);   // the process dies half-way ...
   * orchestrator.resume(dir, workflow);                   // ... a new process finishes the run
   * }</pre>
   *
   * @param workflow the workflow the journal was written for (the same task ids)
   * @throws IllegalArgumentException if the directory holds no journal
   * @throws dev.orchestrator.run.JournalFormatException if the journal is damaged before its last
   *     line or names a succeeded task the workflow does not have
   */
  public RunReport resume(Path runDirectory, Workflow workflow) {
    Objects.requireNonNull(workflow, "workflow cannot be null");
    return resume(runDirectory, plan(workflow));
  }

  /** Like {@link #resume(Path, Workflow)}, for a plan (the one the journal was written for). */
  public RunReport resume(Path runDirectory, Plan plan) {
    return awaitCancellingOnInterrupt(resumeAsync(runDirectory, plan));
  }

  /** Like {@link #resume(Path, Plan)}, returning the live run at once. */
  public Run resumeAsync(Path runDirectory, Plan plan) {
    Objects.requireNonNull(runDirectory, "run directory cannot be null");
    Objects.requireNonNull(plan, "plan cannot be null");
    return track(Engine.resume(plan,
        optionsFor(plan).runDirectory(runDirectory).journal(true).build()));
  }

  /** Like {@link #run(Plan, Path)}, returning the live run at once. */
  public Run runAsync(Plan plan, Path runDirectory) {
    Objects.requireNonNull(plan, "plan cannot be null");
    Objects.requireNonNull(runDirectory, "run directory cannot be null");
    return track(Engine.start(plan,
        optionsFor(plan).runDirectory(runDirectory).journal(true).build()));
  }

  private RunReport awaitCancellingOnInterrupt(Run run) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return run.await();
        } catch (InterruptedException e) {
          interrupted = true;
          run.cancel();
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Plans and runs a workflow; see {@link #run(Plan)}. */
  public RunReport run(Workflow workflow) {
    return run(plan(workflow));
  }

  /**
   * Starts running a plan and returns its live handle at once. The agent count is the preview's,
   * if the plan has one, else decided now.
   *
   * @throws IllegalStateException if this orchestrator is closed
   */
  public Run runAsync(Plan plan) {
    Objects.requireNonNull(plan, "plan cannot be null");
    return track(Engine.start(plan, optionsFor(plan).build()));
  }

  /** This orchestrator's options with the plan's agent count. */
  private RunOptions.Builder optionsFor(Plan plan) {
    if (closed) {
      throw new IllegalStateException("the orchestrator is closed");
    }
    int count = plan.preview().map(PlanPreview::agents).orElseGet(() -> scale(plan).agents());
    return options.toBuilder().agents(count);
  }

  private Run track(Run run) {
    active.add(run);
    run.completion().whenComplete((report, error) -> active.remove(run));
    return run;
  }

  /** The simulator this orchestrator estimates with. */
  public Simulator simulator() {
    return simulator;
  }

  /** The run options (agents as configured; the per-plan count is decided at run time). */
  public RunOptions options() {
    return options;
  }

  /**
   * Cancels the runs still going and waits for them to end (each within its cancel grace plus a
   * moment). Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    for (Run run : active) {
      run.cancel();
    }
    boolean interrupted = false;
    for (Run run : active) {
      try {
        run.await(options.cancelGrace().plusSeconds(1));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "Orchestrator[" + (agents > 0 ? agents + " agents" : "auto-scaled") + ", " + options + "]";
  }

  /**
   * Builds an {@link Orchestrator}: how it scales (below) and how it runs plans — every setting of
   * {@link RunOptions.Settings} (listeners, failure policy and adaptation, resource pressure,
   * stalls, graces, the run directory and its files, ...), inherited, so there is one place where
   * a run option is declared. Not thread-safe; {@link #build()} copies the state.
   */
  public static final class Builder extends RunOptions.Settings<Builder> {
    private int agents;
    private final AutoScaler.Builder scaling = AutoScaler.builder();
    private CostModel costs;
    private java.nio.file.Path calibrationCache; // the history directory, when there is one
    private ExecutionHistory history = ExecutionHistory.none();

    private Builder() {}

    /**
     * Runs every plan on exactly this many agents (no scaling).
     *
     * @throws IllegalArgumentException if {@code agents < 1}
     */
    @Override
    public Builder agents(int agents) {
      super.agents(agents); // checks it
      this.agents = agents;
      return this;
    }

    /** Decides the agent count per plan (the default); undoes {@link #agents(int)}. */
    public Builder autoScale() {
      this.agents = 0;
      return this;
    }

    /**
     * Capacity figures to use instead of measuring them (cores, memory, disk IOPS, network, rate
     * limits); the probe measures only what these leave out.
     */
    public Builder capacity(Capacity capacity) {
      scaling.capacity(capacity);
      return this;
    }

    /** Where measured capacity comes from (default: the OSHI probe, run once, off the hot path). */
    public Builder probe(ResourceProbe probe) {
      scaling.probe(probe);
      return this;
    }

    /** The auto-scaler's coordination cost model (default: measured on this machine on first use). */
    public Builder costs(CostModel costs) {
      this.costs = Objects.requireNonNull(costs, "cost model cannot be null");
      return this;
    }

    /**
     * How the auto-scaler caps agents for one task type, replacing the built-in or service-loaded
     * scaler of that type.
     */
    public Builder scaler(TaskType type, TaskTypeScaler scaler) {
      scaling.scaler(type, scaler);
      return this;
    }

    /**
     * Learns from this history and records into it (default: {@link ExecutionHistory#none()}): the
     * auto-scaler scales similar work (same type, size within ±20 %) from the best recorded run
     * and uses the learned durations for tasks without an estimate, and every run that is not
     * cancelled is handed to {@link ExecutionHistory#record} (task types, tasks, agents, time,
     * efficiency, learned durations per type) before {@code run(plan)} returns. A {@code
     * HistoryStore} appends it to its file, whatever type it is held as; a read-only history keeps
     * nothing. A {@code HistoryStore} also keeps the measured cost model in its file's directory
     * ({@link CostModel#measuredCachedIn}), so that a new JVM on the same machine and JDK does not
     * calibrate again.
     *
     * <pre>{@code
     * Orchestrator.builder().history(HistoryStore.inUserHome())   // ~/.orchestrator/history.jsonl
     * }</pre>
     */
    public Builder history(ExecutionHistory history) {
      Objects.requireNonNull(history, "history cannot be null");
      scaling.history(history);
      this.history = history;
      if (history != ExecutionHistory.none()) {
        listener(new HistoryRecorder(history));
      }
      if (history instanceof dev.orchestrator.history.HistoryStore store) {
        java.nio.file.Path directory = store.file().toAbsolutePath().getParent();
        if (directory != null) {
          calibrationCache = directory;
        }
      }
      return this;
    }

    /**
     * How far above the best predicted time the chosen count may be (default 2 %): the smallest
     * count within it wins.
     */
    public Builder scalingTolerance(double tolerance) {
      scaling.tolerance(tolerance);
      return this;
    }

    /**
     * The orchestrator.
     *
     * @throws IllegalStateException if a journal is asked for without a run directory
     */
    public Orchestrator build() {
      return new Orchestrator(this, options());
    }

    private AutoScaler scaler(Simulator simulator, AgentFactory<?> factory) {
      if (costs != null) {
        scaling.costs(costs);
      } else if (factory.startupCost().isPresent()) {
        CostModel.Builder model = CostModel.builder().agentStartup(factory.startupCost().get());
        if (calibrationCache != null) {
          model.calibrationCache(calibrationCache);
        }
        scaling.costs(model.build());
      } else if (calibrationCache != null) {
        scaling.calibrationCache(calibrationCache);
      }
      // The scaler compares dozens of agent counts: it simulates each in the policy's base
      // (critical-path) order, one simulation per count; the preview then simulates the chosen
      // count with the full policy, order search included.
      return scaling.estimator(simulator.withOrderSearch(false)).build();
    }
  }
}
