package dev.orchestrator.run;

import dev.orchestrator.observe.RunListener;
import dev.orchestrator.plan.internal.Checks;
import dev.orchestrator.plan.internal.Dispatcher;
import dev.orchestrator.observe.RunFiles;
import java.nio.file.Path;
import java.time.Duration;
import dev.orchestrator.resource.Limit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the engine runs a plan: the agents, their factory and threads, listeners, failure policy and
 * the scheduler's timings. Immutable; made by {@link #builder()}, usually through {@code
 * Orchestrator.builder()}.
 */
public final class RunOptions {

  /** How long a ready task waits before it is boosted one priority class (the seed's 4 hours). */
  public static final Duration DEFAULT_AGING_INTERVAL = Dispatcher.DEFAULT_AGING;
  /** How long a cancelled run waits for interrupted tasks before abandoning them. */
  public static final Duration DEFAULT_CANCEL_GRACE = Duration.ofSeconds(5);
  /** How long a timed-out attempt may take to answer its interrupt before it is abandoned. */
  public static final Duration DEFAULT_TIMEOUT_GRACE = Duration.ofSeconds(1);
  /** How deep spawned tasks may nest: the plan's task, its children, grandchildren, great-grandchildren. */
  public static final int DEFAULT_SPAWN_DEPTH = 3;
  /** Events buffered for slow listeners before some are dropped. */
  public static final int DEFAULT_EVENT_BUFFER = 65_536;

  private final int agents;
  private final AgentFactory<?> agentFactory;
  private final AgentThreads threads;
  private final List<RunListener> listeners;
  private final FailurePolicy failurePolicy;
  private final Duration agingInterval;
  private final Duration cancelGrace;
  private final Duration timeoutGrace;
  private final int spawnDepth;
  private final int eventBuffer;
  private final FailureAdaptation failureAdaptation;
  private final Duration stallTimeout; // null: only tasks with their own limit are watched
  private final StallAction stallAction;
  private final Path runDirectory;
  private final Duration dashboardInterval;
  private final boolean journal;
  private final boolean reportFiles;
  private final JournalSync journalSync;
  private final ResourcePressure resourcePressure;
  private final Map<String, Limit> limits;

  private RunOptions(Builder b) {
    this.agents = b.agents;
    this.agentFactory = b.agentFactory;
    this.threads = b.threads;
    this.listeners = List.copyOf(b.listeners);
    this.failurePolicy = b.failurePolicy;
    this.agingInterval = b.agingInterval;
    this.cancelGrace = b.cancelGrace;
    this.timeoutGrace = b.timeoutGrace;
    this.spawnDepth = b.spawnDepth;
    this.eventBuffer = b.eventBuffer;
    this.failureAdaptation = b.failureAdaptation;
    this.stallTimeout = b.stallTimeout;
    this.stallAction = b.stallAction;
    this.runDirectory = b.runDirectory;
    this.dashboardInterval = b.dashboardInterval;
    this.journal = b.journal;
    this.reportFiles = b.reportFiles;
    this.journalSync = b.journalSync;
    this.resourcePressure = b.resourcePressure;
    this.limits = Collections.unmodifiableMap(new LinkedHashMap<>(b.limits));
  }

  /** A builder with the defaults: one agent per available processor, no listener, CONTINUE. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, to make a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.agents = agents;
    b.agentFactory = agentFactory;
    b.threads = threads;
    b.listeners.addAll(listeners);
    b.failurePolicy = failurePolicy;
    b.agingInterval = agingInterval;
    b.cancelGrace = cancelGrace;
    b.timeoutGrace = timeoutGrace;
    b.spawnDepth = spawnDepth;
    b.eventBuffer = eventBuffer;
    b.failureAdaptation = failureAdaptation;
    b.stallTimeout = stallTimeout;
    b.stallAction = stallAction;
    b.runDirectory = runDirectory;
    b.dashboardInterval = dashboardInterval;
    b.journal = journal;
    b.reportFiles = reportFiles;
    b.journalSync = journalSync;
    b.resourcePressure = resourcePressure;
    b.limits.putAll(limits);
    return b;
  }

  /** The agents the run starts with. */
  public int agents() {
    return agents;
  }

  public AgentFactory<?> agentFactory() {
    return agentFactory;
  }

  public AgentThreads threads() {
    return threads;
  }

  public List<RunListener> listeners() {
    return listeners;
  }

  public FailurePolicy failurePolicy() {
    return failurePolicy;
  }

  /** How long a ready task waits before ageing boosts it; zero when ageing is off. */
  public Duration agingInterval() {
    return agingInterval;
  }

  public Duration cancelGrace() {
    return cancelGrace;
  }

  public Duration timeoutGrace() {
    return timeoutGrace;
  }

  public int spawnDepth() {
    return spawnDepth;
  }

  public int eventBuffer() {
    return eventBuffer;
  }

  /** How the run adapts to failing tasks. */
  public FailureAdaptation failureAdaptation() {
    return failureAdaptation;
  }

  /** The stall limit of tasks that set none; empty when only tasks with their own are watched. */
  public Optional<Duration> stallTimeout() {
    return Optional.ofNullable(stallTimeout);
  }

  /** What happens to a stalled task. */
  public StallAction stallAction() {
    return stallAction;
  }

  /** The directory the run writes its files to (see {@link RunFiles}), if any. */
  public Optional<Path> runDirectory() {
    return Optional.ofNullable(runDirectory);
  }

  /** How often the run directory's {@code dashboard.json} is rewritten. */
  public Duration dashboardInterval() {
    return dashboardInterval;
  }

  /** Whether the run keeps a journal ({@code journal.jsonl}) in its run directory. */
  public boolean journal() {
    return journal;
  }

  /** Whether the run writes its report files to its run directory. */
  public boolean reportFiles() {
    return reportFiles;
  }

  /** When the journal is synced to the storage device. */
  public JournalSync journalSync() {
    return journalSync;
  }

  /** How the run reacts to resource pressure. */
  public ResourcePressure resourcePressure() {
    return resourcePressure;
  }

  /** The named limits tasks may use ({@code TaskSpec.Builder.uses}), in the order given. */
  public Map<String, Limit> limits() {
    return limits;
  }

  @Override
  public String toString() {
    return "RunOptions[agents=" + agents + ", threads=" + threads + ", listeners=" + listeners.size()
        + ", failurePolicy=" + failurePolicy + ", agingInterval=" + agingInterval + "]";
  }

  /** Builds {@link RunOptions}. Not thread-safe; {@link #build()} copies the state. */
  public static final class Builder {
    private int agents = Runtime.getRuntime().availableProcessors();
    private AgentFactory<?> agentFactory = AgentFactory.stateless();
    private AgentThreads threads = AgentThreads.VIRTUAL;
    private final List<RunListener> listeners = new ArrayList<>();
    private FailurePolicy failurePolicy = FailurePolicy.CONTINUE;
    private Duration agingInterval = DEFAULT_AGING_INTERVAL;
    private Duration cancelGrace = DEFAULT_CANCEL_GRACE;
    private Duration timeoutGrace = DEFAULT_TIMEOUT_GRACE;
    private int spawnDepth = DEFAULT_SPAWN_DEPTH;
    private int eventBuffer = DEFAULT_EVENT_BUFFER;
    private FailureAdaptation failureAdaptation = FailureAdaptation.defaults();
    private Duration stallTimeout;
    private StallAction stallAction = StallAction.FLAG;
    private Path runDirectory;
    private Duration dashboardInterval = RunFiles.DEFAULT_DASHBOARD_INTERVAL;
    private boolean journal;
    private boolean reportFiles = true;
    private JournalSync journalSync = JournalSync.everyBatch();
    private ResourcePressure resourcePressure = ResourcePressure.defaults();
    private final Map<String, Limit> limits = new LinkedHashMap<>();

    private Builder() {}

    /**
     * The agents the run starts with.
     *
     * @throws IllegalArgumentException if {@code agents < 1}
     */
    public Builder agents(int agents) {
      this.agents = Checks.atLeastOne(agents, "agents");
      return this;
    }

    /** Makes each agent's warm state (default: none). */
    public Builder agentFactory(AgentFactory<?> factory) {
      this.agentFactory = Objects.requireNonNull(factory, "agent factory cannot be null");
      return this;
    }

    /** Virtual (default) or platform threads. */
    public Builder threads(AgentThreads threads) {
      this.threads = Objects.requireNonNull(threads, "agent threads cannot be null");
      return this;
    }

    /** Adds a listener. */
    public Builder listener(RunListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener cannot be null"));
      return this;
    }

    /** What a task failing for good does to the rest (default {@link FailurePolicy#CONTINUE}). */
    public Builder failurePolicy(FailurePolicy policy) {
      this.failurePolicy = Objects.requireNonNull(policy, "failure policy cannot be null");
      return this;
    }

    /**
     * How long a ready task waits before it is boosted one priority class (never to CRITICAL);
     * zero turns ageing off. Default {@link #DEFAULT_AGING_INTERVAL}.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder agingInterval(Duration interval) {
      this.agingInterval = Checks.notNegative(interval, "ageing interval");
      return this;
    }

    /**
     * How long {@code cancel()} waits for interrupted tasks before abandoning them.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder cancelGrace(Duration grace) {
      this.cancelGrace = Checks.notNegative(grace, "cancel grace");
      return this;
    }

    /**
     * How long an attempt past its timeout may take to answer the interrupt before the engine
     * abandons it and replaces its agent.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder timeoutGrace(Duration grace) {
      this.timeoutGrace = Checks.notNegative(grace, "timeout grace");
      return this;
    }

    /**
     * How deep spawned tasks may nest (a plan task is depth 0).
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder spawnDepth(int depth) {
      if (depth < 0) {
        throw new IllegalArgumentException("spawn depth cannot be negative: " + depth);
      }
      this.spawnDepth = depth;
      return this;
    }

    /**
     * Events buffered for slow listeners (see {@link RunListener}).
     *
     * @throws IllegalArgumentException if below 16
     */
    public Builder eventBuffer(int events) {
      if (events < 16) {
        throw new IllegalArgumentException("event buffer must be >= 16: " + events);
      }
      this.eventBuffer = events;
      return this;
    }

    /**
     * How the run adapts to failing tasks (default {@link FailureAdaptation#defaults()}; {@link
     * FailureAdaptation#disabled()} turns it off).
     */
    public Builder failureAdaptation(FailureAdaptation adaptation) {
      this.failureAdaptation = Objects.requireNonNull(adaptation, "failure adaptation cannot be null");
      return this;
    }

    /**
     * The stall limit of tasks that set none with {@code TaskSpec.Builder.stallTimeout}: a task
     * silent (no progress, no heartbeat) for longer is flagged, and cancelled if {@link
     * #stallAction} says so. Default: none, and only tasks with their own limit are watched.
     *
     * @throws IllegalArgumentException if zero or negative
     */
    public Builder stallTimeout(Duration timeout) {
      this.stallTimeout = Checks.positive(timeout, "stall timeout");
      return this;
    }

    /** What happens to a stalled task (default {@link StallAction#FLAG}). */
    public Builder stallAction(StallAction action) {
      this.stallAction = Objects.requireNonNull(action, "stall action cannot be null");
      return this;
    }

    /**
     * Writes the run's files to this directory (created if missing): {@code dashboard.json} while
     * it runs, a manifest per task as each ends, {@code report.json} and {@code report.html} at the
     * end — see {@link RunFiles} and {@code docs/report-format.md}; with {@link #journal(boolean)},
     * also the run journal {@code journal.jsonl}. One run at a time per directory.
     */
    public Builder runDirectory(Path directory) {
      this.runDirectory = Objects.requireNonNull(directory, "run directory cannot be null");
      return this;
    }

    /**
     * Keeps a journal of the run ({@code journal.jsonl}) in its run directory, so that a run that
     * dies can be resumed with {@link Engine#resume(dev.orchestrator.plan.Plan, RunOptions)}
     * (default false; {@code Orchestrator.run(plan, directory)} turns it on). A directory that
     * already holds a journal is refused: resume it, or use another. Needs {@link #runDirectory}
     * (checked by {@link #build()}).
     */
    public Builder journal(boolean journal) {
      this.journal = journal;
      return this;
    }

    /**
     * Whether the run writes its report files ({@code dashboard.json}, a manifest per task, {@code
     * report.json}, {@code report.html}) to its run directory (default true). False keeps only the
     * journal there: for very large runs, where a manifest per task is a million files.
     */
    public Builder reportFiles(boolean write) {
      this.reportFiles = write;
      return this;
    }

    /** When the journal is synced to the storage device (default {@link JournalSync#everyBatch()}). */
    public Builder journalSync(JournalSync sync) {
      this.journalSync = Objects.requireNonNull(sync, "journal sync cannot be null");
      return this;
    }

    /**
     * How the run reacts to resource pressure (default {@link ResourcePressure#defaults()}; {@link
     * ResourcePressure#disabled()} for no monitoring).
     */
    public Builder resourcePressure(ResourcePressure pressure) {
      this.resourcePressure = Objects.requireNonNull(pressure, "resource pressure cannot be null");
      return this;
    }

    /**
     * How often {@code dashboard.json} is rewritten while the run goes on (default {@link
     * RunFiles#DEFAULT_DASHBOARD_INTERVAL}).
     *
     * @throws IllegalArgumentException if below {@link RunFiles#MIN_DASHBOARD_INTERVAL}
     */
    public Builder dashboardInterval(Duration interval) {
      this.dashboardInterval = RunFiles.checkInterval(interval);
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalStateException if a journal is asked for without a run directory
     */
    /**
     * A named limit that tasks may use.
     *
     * @throws NullPointerException if {@code name} or {@code limit} is null
     * @throws IllegalArgumentException if {@code name} is blank or already set
     */
    public Builder limit(String name, Limit limit) {
      Objects.requireNonNull(name, "limit name cannot be null");
      Objects.requireNonNull(limit, () -> "limit '" + name + "' cannot be null");
      if (name.isBlank()) {
        throw new IllegalArgumentException("limit name cannot be blank");
      }
      Limit before = limits.putIfAbsent(name, limit);
      if (before != null) {
        throw new IllegalArgumentException(
            "limit '" + name + "' was already set to " + before + "; set each limit once");
      }
      return this;
    }

    public RunOptions build() {
      if (journal && runDirectory == null) {
        throw new IllegalStateException(
            "a journal needs a run directory: set runDirectory(directory) as well");
      }
      return new RunOptions(this);
    }
  }
}
