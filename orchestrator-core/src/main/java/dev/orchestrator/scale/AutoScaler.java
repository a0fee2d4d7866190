package dev.orchestrator.scale;

import dev.orchestrator.history.ExecutionHistory;
import dev.orchestrator.plan.MakespanEstimator;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.resource.ResourceProbe;
import dev.orchestrator.task.TaskType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Decides how many agents a plan deserves: the smallest count whose predicted time is within a
 * tolerance (2 %) of the best, under the caps of the graph, the plan's mode, the machine and each
 * task type, with the reasoning written out as a proof ({@link ScalingDecision#explanation()}).
 * The cost model is in {@code docs/scaling-model.md}.
 *
 * <pre>{@code
 * AutoScaler scaler = AutoScaler.builder()
 *     .capacity(Capacity.parse("iops=15000,rate.github-api=5000/h"))   // the rest is measured
 *     .costs(CostModel.builder().agentStartup(Duration.ofMillis(50)).build())
 *     .scaler(TaskType.of("llm-call"), TaskTypeScaler.rateLimited(RateLimit.parse("600/min")))
 *     .build();
 * ScalingDecision decision = scaler.scale(plan);          // or scaler.scale(plan, 50): exactly 50
 * System.out.println(decision.explanation().render());
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; one scaler may decide for any number of plans.
 */
public final class AutoScaler {

  /** The default tolerance: the smallest count within 2 % of the best predicted time. */
  public static final double DEFAULT_TOLERANCE = 0.02;

  /** The most agents anyone may ask for; more is a typo, not a plan. */
  public static final int MAX_AGENTS = 10_000_000;

  /** Estimator calls a pluggable estimator may get after the grid, by default. */
  public static final int DEFAULT_ESTIMATOR_BUDGET = 48;

  final Capacity capacity;
  final ResourceProbe probe;
  final CostModel costs;
  final java.nio.file.Path calibrationCache;
  final MakespanEstimator estimator;
  final int estimatorBudget;
  final ScalerRegistry registry;
  final ExecutionHistory history;
  final double tolerance;
  final int agents;
  final boolean goalDefaults;

  private AutoScaler(Builder b) {
    this.capacity = b.capacity;
    this.probe = b.probe;
    this.costs = b.costs;
    this.calibrationCache = b.calibrationCache;
    this.estimator = b.estimator;
    this.estimatorBudget = b.estimatorBudget;
    this.registry = ScalerRegistry.of(b.scalers, b.serviceLoading, b.classLoader);
    this.history = b.history;
    this.tolerance = b.tolerance;
    this.agents = b.agents;
    this.goalDefaults = b.goalDefaults;
  }

  /** The configured costs, else the measured ones (from the calibration cache when set). */
  CostModel costs() {
    return costs != null ? costs
        : calibrationCache != null ? CostModel.measuredCachedIn(calibrationCache)
        : CostModel.measured();
  }

  /** A builder with the defaults: OSHI probe, measured costs, built-in and service-loaded scalers. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The decision for a plan: the builder's agent count if one was set (or the goal's, "using 50
   * parallel agents"), else the scaler's.
   *
   * @throws NullPointerException if {@code plan} is null
   * @throws IllegalStateException if a registered scaler or the estimator fails
   */
  public ScalingDecision scale(Plan plan) {
    Objects.requireNonNull(plan, "plan cannot be null");
    return new Decider(this, plan, agents, agents > 0 ? "the builder" : null).decide();
  }

  /**
   * The decision for a plan run on exactly {@code agents} agents: the count is honoured as given,
   * and the decision warns when it exceeds the safe capacity, with the recommended count.
   *
   * @throws IllegalArgumentException if {@code agents} is not between 1 and {@link #MAX_AGENTS}
   */
  public ScalingDecision scale(Plan plan, int agents) {
    Objects.requireNonNull(plan, "plan cannot be null");
    return new Decider(this, plan, checkAgents(agents), "the caller").decide();
  }

  static int checkAgents(int agents) {
    if (agents < 1 || agents > MAX_AGENTS) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
          "requested agents must be between 1 and %,d: %,d", MAX_AGENTS, agents));
    }
    return agents;
  }

  @Override
  public String toString() {
    return "AutoScaler[tolerance=" + tolerance + ", capacity=" + capacity
        + (agents > 0 ? ", agents=" + agents : "") + "]";
  }

  /**
   * Builds an {@link AutoScaler}. Every setter checks its argument at once. Not thread-safe;
   * {@link #build()} copies the state.
   */
  public static final class Builder {
    private Capacity capacity = Capacity.none();
    private ResourceProbe probe;
    private CostModel costs;
    private java.nio.file.Path calibrationCache;
    private MakespanEstimator estimator;
    private int estimatorBudget = DEFAULT_ESTIMATOR_BUDGET;
    private final Map<TaskType, TaskTypeScaler> scalers = new LinkedHashMap<>();
    private boolean serviceLoading = true;
    private ClassLoader classLoader;
    private ExecutionHistory history = ExecutionHistory.none();
    private double tolerance = DEFAULT_TOLERANCE;
    private int agents;
    private boolean goalDefaults = true;

    private Builder() {}

    /**
     * Configured capacity figures; they win over measured ones, and the probe measures only what
     * they leave out (default: none configured).
     */
    public Builder capacity(Capacity capacity) {
      this.capacity = Objects.requireNonNull(capacity, "capacity cannot be null");
      return this;
    }

    /**
     * Measures what the configured capacity leaves out (default {@link ResourceProbe#oshi()}, asked
     * for disk IOPS only when a plan has file-I/O work).
     */
    public Builder probe(ResourceProbe probe) {
      this.probe = Objects.requireNonNull(probe, "probe cannot be null");
      return this;
    }

    /** The coordination cost model (default {@link CostModel#measured()}, measured on first use). */
    public Builder costs(CostModel costs) {
      this.costs = Objects.requireNonNull(costs, "costs cannot be null");
      return this;
    }

    /**
     * Keeps the measured cost model in this directory across JVMs ({@link
     * CostModel#measuredCachedIn}) when no {@link #costs(CostModel)} are configured (default: none,
     * measured once per JVM).
     *
     * @throws NullPointerException if {@code directory} is null
     */
    public Builder calibrationCache(java.nio.file.Path directory) {
      this.calibrationCache = Objects.requireNonNull(directory,
          "calibration cache directory cannot be null");
      return this;
    }

    /**
     * Predicts the makespan {@code T(n)} instead of the built-in graph bound (the orchestrator
     * plugs the simulator here). The search then calls it on a geometric grid and refines,
     * instead of trying every count; see {@link #estimatorBudget(int)}.
     */
    public Builder estimator(MakespanEstimator estimator) {
      this.estimator = Objects.requireNonNull(estimator, "estimator cannot be null");
      return this;
    }

    /**
     * Estimator calls allowed after the grid when an estimator is set (default {@value
     * #DEFAULT_ESTIMATOR_BUDGET}).
     *
     * @throws IllegalArgumentException if {@code calls < 1}
     */
    public Builder estimatorBudget(int calls) {
      if (calls < 1) {
        throw new IllegalArgumentException("estimator budget must be >= 1: " + calls);
      }
      this.estimatorBudget = calls;
      return this;
    }

    /**
     * The scaler of one task type, replacing a service-loaded or built-in one.
     *
     * @throws IllegalStateException if a scaler was already registered for {@code type}
     */
    public Builder scaler(TaskType type, TaskTypeScaler scaler) {
      Objects.requireNonNull(type, "task type cannot be null");
      Objects.requireNonNull(scaler, () -> "scaler for task type '" + type + "' cannot be null");
      if (scalers.containsKey(type)) {
        throw new IllegalStateException(
            "a scaler for task type '" + type + "' was already registered: " + scalers.get(type));
      }
      scalers.put(type, scaler);
      return this;
    }

    /**
     * Whether to load {@link TaskTypeScalerProvider}s with {@link java.util.ServiceLoader}
     * (default true, with the thread's context class loader).
     */
    public Builder serviceLoading(boolean enabled) {
      this.serviceLoading = enabled;
      return this;
    }

    /** The class loader the service loader searches (default: the thread's context loader). */
    public Builder serviceClassLoader(ClassLoader loader) {
      this.classLoader = Objects.requireNonNull(loader, "class loader cannot be null");
      return this;
    }

    /** Past runs and learned durations (default {@link ExecutionHistory#none()}). */
    public Builder history(ExecutionHistory history) {
      this.history = Objects.requireNonNull(history, "history cannot be null");
      return this;
    }

    /**
     * How far above the best predicted time the chosen count may be (default {@value
     * #DEFAULT_TOLERANCE}): the smallest count within it wins, so agents are not added for
     * nothing.
     *
     * @throws IllegalArgumentException if {@code tolerance} is not in [0, 1)
     */
    public Builder tolerance(double tolerance) {
      if (!(tolerance >= 0 && tolerance < 1)) {
        throw new IllegalArgumentException("tolerance must be >= 0 and < 1: " + tolerance);
      }
      this.tolerance = tolerance;
      return this;
    }

    /**
     * Use exactly this many agents for every plan (a user override): the decision still explains
     * what auto-scaling would do and warns above safe capacity.
     *
     * @throws IllegalArgumentException if {@code agents} is not between 1 and {@link #MAX_AGENTS}
     */
    public Builder agents(int agents) {
      this.agents = checkAgents(agents);
      return this;
    }

    /**
     * Whether the goal's reading feeds defaults (default true): an agent count it asks for is used
     * when none was set, and GENERAL tasks are scaled as the goal's task type.
     */
    public Builder goalDefaults(boolean enabled) {
      this.goalDefaults = enabled;
      return this;
    }

    /** The scaler. */
    public AutoScaler build() {
      if (classLoader == null) {
        classLoader = Thread.currentThread().getContextClassLoader();
        if (classLoader == null) {
          classLoader = AutoScaler.class.getClassLoader();
        }
      }
      return new AutoScaler(this);
    }
  }
}
