package dev.orchestrator.run;

import dev.orchestrator.observe.RunListener;
import dev.orchestrator.plan.internal.Dispatcher;
import dev.orchestrator.observe.RunFiles;
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
  private final Path runDirectory;
  private final Duration dashboardInterval;

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
    this.runDirectory = b.runDirectory;
    this.dashboardInterval = b.dashboardInterval;
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
    b.runDirectory = runDirectory;
    b.dashboardInterval = dashboardInterval;
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

  /** The directory the run writes its files to (see {@link RunFiles}), if any. */
  public Optional<Path> runDirectory() {
    return Optional.ofNullable(runDirectory);
  }

  /** How often the run directory's {@code dashboard.json} is rewritten. */
  public Duration dashboardInterval() {
    return dashboardInterval;
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
    private Path runDirectory;
    private Duration dashboardInterval = RunFiles.DEFAULT_DASHBOARD_INTERVAL;

    private Builder() {}

    /**
     * The agents the run starts with.
     *
     * @throws IllegalArgumentException if {@code agents < 1}
     */
    public Builder agents(int agents) {
      if (agents < 1) {
        throw new IllegalArgumentException("agents must be >= 1: " + agents);
      }
      this.agents = agents;
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
      this.agingInterval = nonNegative(interval, "ageing interval");
      return this;
    }

    /**
     * How long {@code cancel()} waits for interrupted tasks before abandoning them.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder cancelGrace(Duration grace) {
      this.cancelGrace = nonNegative(grace, "cancel grace");
      return this;
    }

    /**
     * How long an attempt past its timeout may take to answer the interrupt before the engine
     * abandons it and replaces its agent.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder timeoutGrace(Duration grace) {
      this.timeoutGrace = nonNegative(grace, "timeout grace");
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
     * Writes the run's files to this directory (created if missing): {@code dashboard.json} while
     * it runs, a manifest per task as each ends, {@code report.json} and {@code report.html} at the
     * end — see {@link RunFiles} and {@code docs/report-format.md}. One run at a time per directory.
     */
    public Builder runDirectory(Path directory) {
      this.runDirectory = Objects.requireNonNull(directory, "run directory cannot be null");
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

    public RunOptions build() {
      return new RunOptions(this);
    }

    private static Duration nonNegative(Duration value, String setting) {
      Objects.requireNonNull(value, setting + " cannot be null");
      if (value.isNegative()) {
        throw new IllegalArgumentException(setting + " cannot be negative: " + value);
      }
      return value;
    }
  }
}
