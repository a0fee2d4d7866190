package dev.orchestrator.scale;

import dev.orchestrator.internal.Checks;
import dev.orchestrator.internal.Format;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What coordinating {@code n} agents costs: the coordination overhead the scaler adds to the
 * predicted makespan, and the memory each agent holds.
 *
 * <pre>
 * O(n) = n · s  +  N · d · (1 + κ · (min(n, C) − 1))
 * </pre>
 *
 * <ul>
 *   <li>{@code s} — {@link #agentStartup()}: starting one agent (its thread and the state its
 *       factory makes). The pool starts agents one after another, so the last starts {@code n · s}
 *       after the first.
 *   <li>{@code d} — {@link #taskDispatch()}: handing one task to an agent through the ready queue.
 *       {@code N} tasks pass through it one at a time.
 *   <li>{@code κ} — {@link #contention()}: how much more each hand-off costs per extra agent
 *       competing for the queue, up to {@code C} — {@link #contenders()} — agents: only as many
 *       agents as there are threads running at once can touch the queue at the same instant,
 *       whatever {@code n} is. {@code C} belongs to the cost model (the processors the contention
 *       was measured with), not to the capacity, so that more capacity never makes agents
 *       dearer.
 * </ul>
 *
 * <p>{@link #measured()} measures {@code s}, {@code d} and {@code κ} once per JVM for a
 * virtual-thread agent whose factory makes nothing; an agent factory that opens a connection or
 * loads a model costs more, and sets its own figure with {@link Builder#agentStartup(Duration)}.
 *
 * <pre>{@code
 * CostModel costs = CostModel.builder()
 *     .agentStartup(Duration.ofMillis(300))   // each agent opens an SSH session
 *     .build();                                // dispatch and contention: measured
 * }</pre>
 */
public final class CostModel {

  /** The memory each agent is assumed to hold unless configured: 1 MiB (configured default). */
  public static final long DEFAULT_AGENT_MEMORY = 1L << 20;

  private static final String DEFAULT_AGENT_MEMORY_SOURCE = "configured default: a parked virtual"
      + " thread holds a few KiB, the rest is room for its factory's state";

  private final Duration agentStartup;
  private final Duration taskDispatch;
  private final double contention;
  private final int contenders;
  private final long agentMemory;
  private final String startupSource;
  private final String dispatchSource;
  private final String contentionSource;
  private final String memorySource;

  private CostModel(Duration agentStartup, String startupSource, Duration taskDispatch,
      String dispatchSource, double contention, int contenders, String contentionSource,
      long agentMemory, String memorySource) {
    this.agentStartup = agentStartup;
    this.taskDispatch = taskDispatch;
    this.contention = contention;
    this.contenders = contenders;
    this.agentMemory = agentMemory;
    this.startupSource = startupSource;
    this.dispatchSource = dispatchSource;
    this.contentionSource = contentionSource;
    this.memorySource = memorySource;
  }

  /**
   * The costs of a virtual-thread agent, measured on this machine the first time any caller asks
   * (a few tens of milliseconds) and kept for the life of the JVM; agent memory is {@link
   * #DEFAULT_AGENT_MEMORY}.
   */
  public static CostModel measured() {
    return Measured.INSTANCE;
  }

  /**
   * Like {@link #measured()}, kept across JVMs in {@code directory} (file {@code
   * cost-model.properties}, next to the history file when the orchestrator has a history): a JVM on
   * the same machine and JDK reads it instead of calibrating; one on another machine or JDK
   * calibrates again and replaces the file. Read or measured once per JVM and directory. A file
   * that cannot be read or written is ignored (and logged).
   *
   * @throws NullPointerException if {@code directory} is null
   */
  public static CostModel measuredCachedIn(java.nio.file.Path directory) {
    Objects.requireNonNull(directory, "calibration cache directory cannot be null");
    return CalibrationCache.measuredIn(directory);
  }

  /** A measured model from its figures, for the calibration cache. */
  static CostModel of(Duration agentStartup, String startupSource, Duration taskDispatch,
      String dispatchSource, double contention, int contenders, String contentionSource) {
    return new CostModel(agentStartup, startupSource, taskDispatch, dispatchSource, contention,
        contenders, contentionSource, DEFAULT_AGENT_MEMORY, DEFAULT_AGENT_MEMORY_SOURCE);
  }

  /**
   * A builder. Figures left unset come from {@link #measured()} when {@link Builder#build()} runs
   * (which measures them if nobody did yet), or from {@link #measuredCachedIn} with {@link
   * Builder#calibrationCache}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code s}: the cost of starting one agent. */
  public Duration agentStartup() {
    return agentStartup;
  }

  /** {@code d}: the cost of handing one task to an agent. */
  public Duration taskDispatch() {
    return taskDispatch;
  }

  /** {@code κ}: the extra share of a hand-off per additional agent competing for the queue. */
  public double contention() {
    return contention;
  }

  /** {@code C}: the most agents that compete for the queue at the same instant. */
  public int contenders() {
    return contenders;
  }

  /** The memory one agent holds, in bytes: what bounds agents by memory. */
  public long agentMemory() {
    return agentMemory;
  }

  /** Where {@link #agentStartup()} came from: {@code "configured"} or the measurement. */
  public String agentStartupSource() {
    return startupSource;
  }

  /** Where {@link #taskDispatch()} came from. */
  public String taskDispatchSource() {
    return dispatchSource;
  }

  /** Where {@link #contention()} came from. */
  public String contentionSource() {
    return contentionSource;
  }

  /** Where {@link #agentMemory()} came from. */
  public String agentMemorySource() {
    return memorySource;
  }

  /**
   * The coordination overhead {@code O(n)} of running {@code tasks} tasks on {@code agents} agents
   * (see the class comment).
   *
   * @throws IllegalArgumentException if {@code agents < 1} or {@code tasks < 0}
   */
  public Duration overhead(int agents, long tasks) {
    if (agents < 1) {
      throw new IllegalArgumentException("agents must be >= 1: " + agents);
    }
    if (tasks < 0) {
      throw new IllegalArgumentException("tasks cannot be negative: " + tasks);
    }
    return Duration.ofNanos(Math.round(overheadNanos(agents, tasks)));
  }

  /** {@code O(n)} in nanoseconds, as a double for the search's arithmetic. */
  double overheadNanos(long agents, long tasks) {
    double s = agentStartup.toNanos();
    double d = taskDispatch.toNanos();
    long competing = Math.min(agents, contenders);
    return agents * s + tasks * d * (1 + contention * (competing - 1));
  }

  /** The formula with this model's figures, for explanations. */
  String formula(long tasks) {
    return String.format(Locale.ROOT, "O(n) = n × %s + %s × %s × (1 + %s × (min(n, %d) − 1))",
        Format.duration(agentStartup), Format.count(tasks), Format.duration(taskDispatch),
        trim(contention), contenders);
  }

  private static String trim(double x) {
    String text = String.format(Locale.ROOT, "%.4f", x).replaceAll("0+$", "");
    return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CostModel c && c.agentStartup.equals(agentStartup)
        && c.taskDispatch.equals(taskDispatch) && c.contention == contention
        && c.contenders == contenders && c.agentMemory == agentMemory;
  }

  @Override
  public int hashCode() {
    return Objects.hash(agentStartup, taskDispatch, contention, contenders, agentMemory);
  }

  @Override
  public String toString() {
    return "CostModel[agentStartup=" + Format.duration(agentStartup) + ", taskDispatch="
        + Format.duration(taskDispatch) + ", contention=" + trim(contention) + " up to "
        + contenders + " agents, agentMemory="
        + agentMemory + "]";
  }

  /**
   * Builds a {@link CostModel}. Every setter checks its argument at once. Not thread-safe; {@link
   * #build()} copies the state.
   */
  public static final class Builder {
    private Duration agentStartup;
    private Duration taskDispatch;
    private double contention = -1;
    private int contenders;
    private long agentMemory = -1;
    private java.nio.file.Path calibrationCache;

    private Builder() {}

    /**
     * Takes the figures left unset from {@link #measuredCachedIn(java.nio.file.Path)} in this
     * directory instead of {@link #measured()}.
     *
     * @throws NullPointerException if {@code directory} is null
     */
    public Builder calibrationCache(java.nio.file.Path directory) {
      this.calibrationCache = Objects.requireNonNull(directory,
          "calibration cache directory cannot be null");
      return this;
    }

    /**
     * {@code s}: the cost of starting one agent (configure it per agent factory).
     *
     * @throws IllegalArgumentException if {@code startup} is negative
     */
    public Builder agentStartup(Duration startup) {
      this.agentStartup = Checks.notNegative(startup, "agent start-up cost");
      return this;
    }

    /**
     * {@code d}: the cost of handing one task to an agent.
     *
     * @throws IllegalArgumentException if {@code dispatch} is negative
     */
    public Builder taskDispatch(Duration dispatch) {
      this.taskDispatch = Checks.notNegative(dispatch, "task dispatch cost");
      return this;
    }

    /**
     * {@code κ} and {@code C}: the extra share of a hand-off per additional competing agent, up
     * to {@code contenders} agents competing at once (the threads that run at once, usually the
     * processors). {@code contention(0, 1)} switches the term off.
     *
     * @throws IllegalArgumentException if {@code contention} is negative or not finite, or
     *     {@code contenders < 1}
     */
    public Builder contention(double contention, int contenders) {
      if (!(contention >= 0) || Double.isInfinite(contention)) {
        throw new IllegalArgumentException(
            "contention must be a finite number >= 0: " + contention);
      }
      if (contenders < 1) {
        throw new IllegalArgumentException("contenders must be >= 1: " + contenders);
      }
      this.contention = contention;
      this.contenders = contenders;
      return this;
    }

    /**
     * The memory one agent holds, in bytes.
     *
     * @throws IllegalArgumentException if {@code bytes < 1}
     */
    public Builder agentMemory(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("agent memory must be >= 1 byte: " + bytes);
      }
      this.agentMemory = bytes;
      return this;
    }

    /** The model; unset figures are the measured ones. */
    public CostModel build() {
      boolean measure = agentStartup == null || taskDispatch == null || contention < 0;
      CostModel base = !measure ? null
          : calibrationCache != null ? measuredCachedIn(calibrationCache) : measured();
      return new CostModel(
          agentStartup != null ? agentStartup : base.agentStartup,
          agentStartup != null ? "configured" : base.startupSource,
          taskDispatch != null ? taskDispatch : base.taskDispatch,
          taskDispatch != null ? "configured" : base.dispatchSource,
          contention >= 0 ? contention : base.contention,
          contention >= 0 ? contenders : base.contenders,
          contention >= 0 ? "configured" : base.contentionSource,
          agentMemory > 0 ? agentMemory : DEFAULT_AGENT_MEMORY,
          agentMemory > 0 ? "configured" : DEFAULT_AGENT_MEMORY_SOURCE);
    }
  }

  /** The measured model, made on first use. */
  private static final class Measured {
    static final CostModel INSTANCE = from(CostCalibration.virtualThreadAgent());

    private static CostModel from(CostCalibration.Result r) {
      return new CostModel(r.agentStartup(), r.startupSource(), r.taskDispatch(),
          r.dispatchSource(), r.contention(), r.contenders(), r.contentionSource(),
          DEFAULT_AGENT_MEMORY,
          DEFAULT_AGENT_MEMORY_SOURCE);
    }
  }
}
