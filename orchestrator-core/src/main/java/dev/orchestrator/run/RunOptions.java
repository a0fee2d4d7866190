package dev.orchestrator.run;

import dev.orchestrator.resource.Limit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.orchestrator.internal.Checks;
import dev.orchestrator.internal.SettingValues;
import dev.orchestrator.observe.RunFiles;
import dev.orchestrator.observe.RunListener;
import dev.orchestrator.schedule.Dispatcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the engine runs a plan: the agents, their factory and threads, listeners, failure policy and
 * the scheduler's timings. Immutable; made by {@link #builder()}, usually through {@code
 * Orchestrator.builder()}.
 */
public final class RunOptions {

  /**
   * How long a ready task waits before it is boosted one priority class: 4 hours, so that only work
   * starved for most of a working day moves up.
   */
  public static final Duration DEFAULT_AGING_INTERVAL = Dispatcher.DEFAULT_AGING;
  /** How long a cancelled run waits for interrupted tasks before abandoning them. */
  public static final Duration DEFAULT_CANCEL_GRACE = Duration.ofSeconds(5);
  /** How long a timed-out attempt may take to answer its interrupt before it is abandoned. */
  public static final Duration DEFAULT_TIMEOUT_GRACE = Duration.ofSeconds(1);
  /** How deep spawned tasks may nest: the plan's task, its children, grandchildren, great-grandchildren. */
  public static final int DEFAULT_SPAWN_DEPTH = 3;
  /** Events buffered for slow listeners before some are dropped. */
  public static final int DEFAULT_EVENT_BUFFER = 65_536;

  private final Values values;

  private RunOptions(Values values) {
    this.values = values;
  }

  /** A builder with the defaults: one agent per available processor, no listener, CONTINUE. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, to make a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.values = values.copy();
    return b;
  }

  /** The agents the run starts with. */
  public int agents() {
    return values.agents;
  }

  public AgentFactory<?> agentFactory() {
    return values.agentFactory;
  }

  public AgentThreads threads() {
    return values.threads;
  }

  public List<RunListener> listeners() {
    return java.util.Collections.unmodifiableList(values.listeners);
  }

  public FailurePolicy failurePolicy() {
    return values.failurePolicy;
  }

  /** How long a ready task waits before ageing boosts it; zero when ageing is off. */
  public Duration agingInterval() {
    return values.agingInterval;
  }

  public Duration cancelGrace() {
    return values.cancelGrace;
  }

  public Duration timeoutGrace() {
    return values.timeoutGrace;
  }

  public int spawnDepth() {
    return values.spawnDepth;
  }

  public int eventBuffer() {
    return values.eventBuffer;
  }

  /** How the run adapts to failing tasks. */
  public FailureAdaptation failureAdaptation() {
    return values.failureAdaptation;
  }

  /** The stall limit of tasks that set none; empty when only tasks with their own are watched. */
  public Optional<Duration> stallTimeout() {
    return Optional.ofNullable(values.stallTimeout);
  }

  /** What happens to a stalled task. */
  public StallAction stallAction() {
    return values.stallAction;
  }

  /** The directory the run writes its files to (see {@link RunFiles}), if any. */
  public Optional<Path> runDirectory() {
    return Optional.ofNullable(values.runDirectory);
  }

  /** How often the run directory's {@code dashboard.json} is rewritten. */
  public Duration dashboardInterval() {
    return values.dashboardInterval;
  }

  /** Whether the run keeps a journal ({@code journal.jsonl}) in its run directory. */
  public boolean journal() {
    return values.journal;
  }

  /** Whether the run writes its report files to its run directory. */
  public boolean reportFiles() {
    return values.reportFiles;
  }

  /**
   * Whether the run directory holds a manifest for every task, or only for those that recorded an
   * artifact or an acceptance criterion.
   */
  public boolean everyManifest() {
    return values.everyManifest;
  }

  /** When the journal is synced to the storage device. */
  public JournalSync journalSync() {
    return values.journalSync;
  }

  /** How the run reacts to resource pressure. */
  public ResourcePressure resourcePressure() {
    return values.resourcePressure;
  }

  /** The named limits tasks may use ({@code TaskSpec.Builder.uses}), in the order given. */
  public Map<String, Limit> limits() {
    return Collections.unmodifiableMap(values.limits);
  }

  @Override
  public String toString() {
    return "RunOptions[agents=" + values.agents + ", threads=" + values.threads + ", listeners="
        + values.listeners.size() + ", failurePolicy=" + values.failurePolicy + ", agingInterval="
        + values.agingInterval + "]";
  }

  /**
   * The run settings, written once for every builder that starts runs: {@link RunOptions.Builder}
   * and {@code Orchestrator.Builder} both extend this class, so each setting is declared, checked
   * and documented here and nowhere else, and a setting added here is at once a setting of both.
   * Not thread-safe; {@code build()} copies the state. Not meant to be extended by other classes.
   *
   * @param <B> the builder type, returned by every setter for chaining
   */
  public abstract static class Settings<B extends Settings<B>> {
    Values values = new Values();

    /** For the library's two builders (see the class documentation). */
    protected Settings() {}

    @SuppressWarnings("unchecked")
    private B self() {
      return (B) this;
    }

    /**
     * The agents the run starts with.
     *
     * @throws IllegalArgumentException if {@code agents < 1}
     */
    public B agents(int agents) {
      values.agents = Checks.atLeastOne(agents, "agents");
      return self();
    }

    /**
     * Makes each agent's warm state (default: none). Given to {@code Orchestrator.Builder}, its
     * {@link AgentFactory#startupCost()}, if it declares one, is also the per-agent start-up cost
     * the auto-scaler assumes (unless a whole cost model is set).
     */
    public B agentFactory(AgentFactory<?> factory) {
      values.agentFactory = Objects.requireNonNull(factory, "agent factory cannot be null");
      return self();
    }

    /** Virtual (default) or platform threads. */
    public B threads(AgentThreads threads) {
      values.threads = Objects.requireNonNull(threads, "agent threads cannot be null");
      return self();
    }

    /** Agents on platform threads, for CPU-bound work (virtual threads are not time-sliced). */
    public B platformThreads() {
      return threads(AgentThreads.PLATFORM);
    }

    /** Adds a listener for the run's events. */
    public B listener(RunListener listener) {
      values.listeners.add(Objects.requireNonNull(listener, "listener cannot be null"));
      return self();
    }

    /** What a task failing for good does to the rest (default {@link FailurePolicy#CONTINUE}). */
    public B failurePolicy(FailurePolicy policy) {
      values.failurePolicy = Objects.requireNonNull(policy, "failure policy cannot be null");
      return self();
    }

    /**
     * How long a ready task waits before it is boosted one priority class (never to CRITICAL);
     * zero turns ageing off. Default {@link RunOptions#DEFAULT_AGING_INTERVAL}.
     *
     * @throws IllegalArgumentException if negative
     */
    public B agingInterval(Duration interval) {
      values.agingInterval = Checks.notNegative(interval, "ageing interval");
      return self();
    }

    /**
     * How long {@code cancel()} waits for interrupted tasks before abandoning them.
     *
     * @throws IllegalArgumentException if negative
     */
    public B cancelGrace(Duration grace) {
      values.cancelGrace = Checks.notNegative(grace, "cancel grace");
      return self();
    }

    /**
     * How long an attempt past its timeout may take to answer the interrupt before the engine
     * abandons it and replaces its agent.
     *
     * @throws IllegalArgumentException if negative
     */
    public B timeoutGrace(Duration grace) {
      values.timeoutGrace = Checks.notNegative(grace, "timeout grace");
      return self();
    }

    /**
     * How deep spawned tasks may nest (a plan task is depth 0).
     *
     * @throws IllegalArgumentException if negative
     */
    public B spawnDepth(int depth) {
      if (depth < 0) {
        throw new IllegalArgumentException("spawn depth cannot be negative: " + depth);
      }
      values.spawnDepth = depth;
      return self();
    }

    /**
     * Events buffered for slow listeners (see {@link RunListener}).
     *
     * @throws IllegalArgumentException if below 16
     */
    public B eventBuffer(int events) {
      if (events < 16) {
        throw new IllegalArgumentException("event buffer must be >= 16: " + events);
      }
      values.eventBuffer = events;
      return self();
    }

    /**
     * How the run adapts to failing tasks (default {@link FailureAdaptation#defaults()}; {@link
     * FailureAdaptation#none()} turns it off).
     */
    public B failureAdaptation(FailureAdaptation adaptation) {
      values.failureAdaptation = Objects.requireNonNull(adaptation, "failure adaptation cannot be null");
      return self();
    }

    /**
     * The stall limit of tasks that set none with {@code TaskSpec.Builder.stallTimeout}: a task
     * silent (no progress, no heartbeat) for longer is flagged, and cancelled if {@link
     * #stallAction} says so. Default: none, and only tasks with their own limit are watched.
     *
     * @throws IllegalArgumentException if zero or negative
     */
    public B stallTimeout(Duration timeout) {
      values.stallTimeout = Checks.positive(timeout, "stall timeout");
      return self();
    }

    /** What happens to a stalled task (default {@link StallAction#FLAG}). */
    public B stallAction(StallAction action) {
      values.stallAction = Objects.requireNonNull(action, "stall action cannot be null");
      return self();
    }

    /**
     * Writes the run's files to this directory (created if missing): {@code dashboard.json} while
     * it runs, a manifest per task that recorded artifacts or criteria as each ends ({@link
     * #everyManifest}), {@code report.json} and {@code report.html} at the
     * end — see {@link RunFiles} and {@code docs/report-format.md}; with {@link #journal(boolean)},
     * also the run journal {@code journal.jsonl}. One run at a time per directory.
     */
    public B runDirectory(Path directory) {
      values.runDirectory = Objects.requireNonNull(directory, "run directory cannot be null");
      return self();
    }

    /**
     * Keeps a journal of the run ({@code journal.jsonl}) in its run directory, so that a run that
     * dies can be resumed with {@link Engine#resume(dev.orchestrator.plan.Plan, RunOptions)}
     * (default false; {@code Orchestrator.run(plan, directory)} turns it on). A directory that
     * already holds a journal is refused: resume it, or use another. Needs {@link #runDirectory}
     * (checked when the options are built).
     */
    public B journal(boolean journal) {
      values.journal = journal;
      return self();
    }

    /**
     * Whether the run writes its report files ({@code dashboard.json}, the manifests, {@code
     * report.json}, {@code report.html}) to its run directory (default true). False keeps only the
     * journal there.
     */
    public B reportFiles(boolean write) {
      values.reportFiles = write;
      return self();
    }

    /**
     * Whether the run directory holds a manifest for every task ({@code true}) or only for the
     * tasks that recorded an artifact or an acceptance criterion ({@code false}, the default: a
     * run of a million tasks that record nothing writes no manifest).
     */
    public B everyManifest(boolean every) {
      values.everyManifest = every;
      return self();
    }

    /** When the journal is synced to the storage device (default {@link JournalSync#everyBatch()}). */
    public B journalSync(JournalSync sync) {
      values.journalSync = Objects.requireNonNull(sync, "journal sync cannot be null");
      return self();
    }

    /**
     * How the run reacts to resource pressure (default {@link ResourcePressure#defaults()}; {@link
     * ResourcePressure#none()} for no monitoring).
     */
    public B resourcePressure(ResourcePressure pressure) {
      values.resourcePressure = Objects.requireNonNull(pressure, "resource pressure cannot be null");
      return self();
    }

    /**
     * How often {@code dashboard.json} is rewritten while the run goes on (default {@link
     * RunFiles#DEFAULT_DASHBOARD_INTERVAL}).
     *
     * @throws IllegalArgumentException if below {@link RunFiles#MIN_DASHBOARD_INTERVAL}
     */
    public B dashboardInterval(Duration interval) {
      values.dashboardInterval = Checks.atLeast(interval, RunFiles.MIN_DASHBOARD_INTERVAL,
          "dashboard interval");
      return self();
    }

    /**
     * A named limit on something tasks share (see {@link Limit}): tasks that {@code uses(name)}
     * start only when it admits them.
     *
     * <pre>{@code
     * Orchestrator.builder()
     *     .limit("items-api", Limit.rate(300, Duration.ofSeconds(1)))
     *     .limit("fleet", Limit.concurrency(200))
     * }</pre>
     *
     * @throws NullPointerException if {@code name} or {@code limit} is null
     * @throws IllegalArgumentException if {@code name} is blank or already set
     */
    public B limit(String name, Limit limit) {
      Objects.requireNonNull(name, "limit name cannot be null");
      Objects.requireNonNull(limit, () -> "limit '" + name + "' cannot be null");
      if (name.isBlank()) {
        throw new IllegalArgumentException("limit name cannot be blank");
      }
      Limit before = values.limits.putIfAbsent(name, limit);
      if (before != null) {
        throw new IllegalArgumentException(
            "limit '" + name + "' was already set to " + before + "; set each limit once");
      }
      return self();
    }

    /**
     * The options set so far.
     *
     * @throws IllegalStateException if a journal is asked for without a run directory
     */
    protected final RunOptions options() {
      if (values.journal && values.runDirectory == null) {
        throw new IllegalStateException(
            "a journal needs a run directory: set runDirectory(directory) as well");
      }
      return new RunOptions(values.copy());
    }
  }

  /** Builds {@link RunOptions}: the {@link Settings} and {@link #build()}. */
  public static final class Builder extends Settings<Builder> {

    private Builder() {}

    /**
     * The options.
     *
     * @throws IllegalStateException if a journal is asked for without a run directory
     */
    public RunOptions build() {
      return options();
    }
  }

  /** The fields of the options and their defaults. */
  private static final class Values extends SettingValues<Values> {
    int agents = Runtime.getRuntime().availableProcessors();
    AgentFactory<?> agentFactory = AgentFactory.stateless();
    AgentThreads threads = AgentThreads.VIRTUAL;
    List<RunListener> listeners = new ArrayList<>();
    FailurePolicy failurePolicy = FailurePolicy.CONTINUE;
    Duration agingInterval = DEFAULT_AGING_INTERVAL;
    Duration cancelGrace = DEFAULT_CANCEL_GRACE;
    Duration timeoutGrace = DEFAULT_TIMEOUT_GRACE;
    int spawnDepth = DEFAULT_SPAWN_DEPTH;
    int eventBuffer = DEFAULT_EVENT_BUFFER;
    FailureAdaptation failureAdaptation = FailureAdaptation.defaults();
    Duration stallTimeout;
    StallAction stallAction = StallAction.FLAG;
    Path runDirectory;
    Duration dashboardInterval = RunFiles.DEFAULT_DASHBOARD_INTERVAL;
    boolean journal;
    boolean reportFiles = true;
    boolean everyManifest;
    JournalSync journalSync = JournalSync.everyBatch();
    ResourcePressure resourcePressure = ResourcePressure.defaults();
    Map<String, Limit> limits = new LinkedHashMap<>();

    @Override
    protected void deepen() {
    listeners = new ArrayList<>(listeners);
    limits = new LinkedHashMap<>(limits);
    }
  }
}
