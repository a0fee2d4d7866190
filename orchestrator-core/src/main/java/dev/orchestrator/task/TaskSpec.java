package dev.orchestrator.task;

import java.time.Duration;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.Set;

/**
 * One unit of work: a stable id, a name, an action, and what the planner, the scaler and the
 * scheduler need to know about it.
 *
 * <pre>{@code
 * TaskSpec deploy = TaskSpec.builder("deploy-eu-1")
 *     .type(TaskType.DEPLOYMENT)
 *     .estimate(Duration.ofMinutes(3))
 *     .group("eu")
 *     .after("backup")
 *     .retry(RetryPolicy.exponential(3, Duration.ofSeconds(1)))
 *     .compensate(ctx -> rollback("eu-1"))
 *     .run(ctx -> deploy("eu-1"))
 *     .build();
 * }</pre>
 *
 * <p>Instances are immutable. Most code makes them through {@code Workflow}'s builder, which passes
 * a {@link Builder} to a lambda.
 */
public final class TaskSpec {

  /** The longest id accepted. */
  public static final int MAX_ID_LENGTH = 256;

  private static final long NO_ESTIMATE = Long.MIN_VALUE;
  private static final String[] NO_IDS = {};
  private static final DependencyKind[] KINDS = DependencyKind.values();

  private final String id;
  private final String name;
  private final TaskType type;
  // The estimate as seconds and nanos rather than a Duration, and the dependencies as an array of
  // ids (kinds only when not all HARD) rather than a list of records: a plan of a million tasks
  // keeps a million of these, and this saves about 70 bytes per task (docs/benchmarks.md).
  private final long estimateSeconds; // NO_ESTIMATE when none was given
  private final int estimateNanos;
  private final Priority priority;
  private final boolean critical;
  private final boolean gate;
  private final boolean producesOutput;
  private final String group;
  private final Set<String> tags;
  private final String[] dependsOn;
  private final byte[] dependencyKinds; // null when every dependency is HARD
  // A TaskAction as given, or a TaskFunction: run(...) does not wrap its action at build time, which
  // would cost an object per task; action() adapts it when asked.
  private final Object action;
  private final RetryPolicy retry;
  private final Duration timeout;
  private final Duration stallTimeout;
  private final TaskAction compensation;
  private final String[] limits; // names of the limits it uses, NO_IDS when none
  private final long[] permits; // permits per limit, null when none

  private TaskSpec(Builder b) {
    this.id = b.id;
    this.name = b.name == null ? b.id : b.name;
    this.type = b.type;
    this.estimateSeconds = b.estimate == null ? NO_ESTIMATE : b.estimate.getSeconds();
    this.estimateNanos = b.estimate == null ? 0 : b.estimate.getNano();
    this.priority = b.priority;
    this.critical = b.critical;
    this.gate = b.gate;
    this.group = b.group;
    this.tags = b.tags == null || b.tags.isEmpty() ? Set.of()
        : Collections.unmodifiableSet(new LinkedHashSet<>(b.tags));
    int count = b.dependencyCount;
    this.dependsOn = count == 0 ? NO_IDS : Arrays.copyOf(b.dependsOn, count);
    this.dependencyKinds = b.dependencyKinds == null ? null : Arrays.copyOf(b.dependencyKinds, count);
    this.action = b.action;
    this.producesOutput = b.producesOutput;
    this.retry = b.retry;
    this.timeout = b.timeout;
    this.stallTimeout = b.stallTimeout;
    this.compensation = b.compensation;
    this.limits = b.limitCount == 0 ? NO_IDS : Arrays.copyOf(b.limits, b.limitCount);
    this.permits = b.limitCount == 0 ? null : Arrays.copyOf(b.permits, b.limitCount);
  }

  /**
   * A builder for a task with this id.
   *
   * @param id unique within its plan: not blank, at most {@value #MAX_ID_LENGTH} characters, no
   *     control characters
   * @throws NullPointerException if {@code id} is null
   * @throws IllegalArgumentException if {@code id} is not a valid id
   */
  public static Builder builder(String id) {
    return new Builder(checkId(id));
  }

  /**
   * A gate: a named checkpoint that opens when every task it comes after has succeeded and {@code
   * check} says yes. Tasks that come after the gate start only once it is open; if it stays shut they
   * are skipped. A gate does no work of its own and takes no time in estimates.
   *
   * @param id the gate's id
   * @param check the predicate, for example "the canary is healthy"
   * @return a builder for the gate, to which {@code after(...)} adds what it waits for
   */
  public static Builder gate(String id, GateCheck check) {
    Builder builder = builder(id);
    if (check == null) {
      throw new IllegalArgumentException("gate '" + id + "': check cannot be null");
    }
    builder.gate = true;
    builder.estimate = Duration.ZERO;
    builder.action = (TaskFunction<Boolean>) check::test;
    builder.producesOutput = true;
    return builder;
  }

  /** A builder holding this task's settings, to make a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder(id);
    b.name = name.equals(id) ? null : name;
    b.type = type;
    b.estimate = estimate().orElse(null);
    b.priority = priority;
    b.critical = critical;
    b.gate = gate;
    b.group = group;
    if (!tags.isEmpty()) {
      b.tags = new LinkedHashSet<>(tags);
    }
    b.dependsOn = dependsOn.clone();
    b.dependencyKinds = dependencyKinds == null ? null : dependencyKinds.clone();
    b.dependencyCount = dependsOn.length;
    b.action = action;
    b.producesOutput = producesOutput;
    b.retry = retry;
    b.timeout = timeout;
    b.stallTimeout = stallTimeout;
    b.compensation = compensation;
    if (limits.length > 0) {
      b.limits = limits.clone();
      b.permits = permits.clone();
      b.limitCount = limits.length;
    }
    return b;
  }

  public String id() {
    return id;
  }

  /** The display name; the id unless one was set. */
  public String name() {
    return name;
  }

  public TaskType type() {
    return type;
  }

  /** The estimated duration, if one was given (else the planner's default or history is used). */
  public Optional<Duration> estimate() {
    return estimateSeconds == NO_ESTIMATE ? Optional.empty()
        : Optional.of(Duration.ofSeconds(estimateSeconds, estimateNanos));
  }

  public Priority priority() {
    return priority;
  }

  /** Whether the task must run alone: a wave of its own, nothing running beside it. */
  public boolean isCritical() {
    return critical;
  }

  /** Whether this is a gate (see {@link #gate(String, GateCheck)}). */
  public boolean isGate() {
    return gate;
  }

  /** The group (a region, a shard), if any. */
  public Optional<String> group() {
    return Optional.ofNullable(group);
  }

  /** The skills an agent should have to run it, in the order given. */
  public Set<String> tags() {
    return tags;
  }

  /** What it comes after, in the order given. */
  public List<Dependency> dependencies() {
    return dependsOn.length == 0 ? List.of() : new Dependencies();
  }

  /** An unmodifiable view of the dependency arrays. */
  private final class Dependencies extends AbstractList<Dependency> implements RandomAccess {
    @Override
    public Dependency get(int index) {
      return new Dependency(dependsOn[index],
          dependencyKinds == null ? DependencyKind.HARD : KINDS[dependencyKinds[index]]);
    }

    @Override
    public int size() {
      return dependsOn.length;
    }
  }

  /** The work; its result is the task's output (null for a {@link TaskAction}). */
  public TaskFunction<?> action() {
    if (producesOutput) {
      return (TaskFunction<?>) action;
    }
    TaskAction work = (TaskAction) action;
    return ctx -> {
      work.run(ctx);
      return null;
    };
  }

  public RetryPolicy retry() {
    return retry;
  }

  /** The longest an attempt may run before it is interrupted, if limited. */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** How long the task may stay silent (no progress or heartbeat) before it counts as stalled. */
  public Optional<Duration> stallTimeout() {
    return Optional.ofNullable(stallTimeout);
  }

  /** The undo of this task's work, run when a failed run rolls back, if any. */
  public Optional<TaskAction> compensation() {
    return Optional.ofNullable(compensation);
  }

  /**
   * The limits each attempt of the task uses (see {@code dev.orchestrator.resource.Limit}), with
   * the permits it takes from each, in the order given; empty when it uses none.
   */
  public Map<String, Long> uses() {
    if (limits.length == 0) {
      return Map.of();
    }
    Map<String, Long> uses = new LinkedHashMap<>();
    for (int i = 0; i < limits.length; i++) {
      uses.put(limits[i], permits[i]);
    }
    return Collections.unmodifiableMap(uses);
  }

  @Override
  public String toString() {
    return "TaskSpec[" + id + "]";
  }

  static String checkId(String id) {
    Objects.requireNonNull(id, "task id cannot be null");
    if (id.isBlank()) {
      throw new IllegalArgumentException("task id cannot be blank");
    }
    if (id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(
          "task id '" + id.substring(0, 40) + "...' is " + id.length() + " characters long; the"
              + " limit is " + MAX_ID_LENGTH);
    }
    for (int i = 0; i < id.length(); i++) {
      if (Character.isISOControl(id.charAt(i))) {
        throw new IllegalArgumentException(
            "task id '" + id.replaceAll("\\p{Cntrl}", "?") + "' contains a control character at"
                + " index " + i);
      }
    }
    return id;
  }

  /**
   * Builds a {@link TaskSpec}. Every setter checks its argument at once and names the task in its
   * message. Not thread-safe; {@link #build()} copies the state.
   */
  public static final class Builder {
    private String id;
    private String name;
    private TaskType type = TaskType.GENERAL;
    private Duration estimate;
    private Priority priority = Priority.NORMAL;
    private boolean critical;
    private boolean gate;
    private String group;
    private Set<String> tags; // made when the first tag is added
    private String[] dependsOn = NO_IDS;
    private byte[] dependencyKinds; // made when the first dependency that is not HARD is added
    private int dependencyCount;
    private Object action; // a TaskAction, or a TaskFunction when producesOutput
    private boolean producesOutput;
    private RetryPolicy retry = RetryPolicy.none();
    private Duration timeout;
    private Duration stallTimeout;
    private TaskAction compensation;
    private String[] limits = NO_IDS;
    private long[] permits;
    private int limitCount;

    private Builder(String id) {
      this.id = id;
    }

    /** The id this builder builds. */
    public String id() {
      return id;
    }

    /**
     * Changes the id (used when copying a task with {@link TaskSpec#toBuilder()}).
     *
     * @throws IllegalArgumentException if {@code id} is not a valid id
     */
    public Builder id(String id) {
      this.id = checkId(id);
      return this;
    }

    /** The display name (default: the id). */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /** The task type (default {@link TaskType#GENERAL}). */
    public Builder type(TaskType type) {
      this.type = requireNonNull(type, "type");
      return this;
    }

    /**
     * The estimated duration, used for the critical path, waves and scaling.
     *
     * @throws IllegalArgumentException if {@code estimate} is negative
     */
    public Builder estimate(Duration estimate) {
      requireNonNull(estimate, "estimate");
      if (estimate.isNegative()) {
        throw new IllegalArgumentException(
            "task '" + id + "': estimate cannot be negative: " + estimate);
      }
      this.estimate = estimate;
      return this;
    }

    /** The priority class (default {@link Priority#NORMAL}). */
    public Builder priority(Priority priority) {
      this.priority = requireNonNull(priority, "priority");
      return this;
    }

    /**
     * Marks the task critical (a backup, a migration, a final commit): it gets a wave of its own,
     * nothing runs beside it, and its priority becomes {@link Priority#CRITICAL}.
     */
    public Builder critical() {
      this.critical = true;
      this.priority = Priority.CRITICAL;
      return this;
    }

    /** The group (a region, a shard): failures confined to a group pause only that group. */
    public Builder group(String group) {
      requireNonNull(group, "group");
      if (group.isBlank()) {
        throw new IllegalArgumentException("task '" + id + "': group cannot be blank");
      }
      this.group = group;
      return this;
    }

    /** Adds skills an agent should have to run this task. */
    public Builder tags(String... tags) {
      requireNonNull(tags, "tags");
      for (String tag : tags) {
        requireNonNull(tag, "tag");
        if (tag.isBlank()) {
          throw new IllegalArgumentException("task '" + id + "': tag cannot be blank");
        }
        if (this.tags == null) {
          this.tags = new LinkedHashSet<>();
        }
        this.tags.add(tag);
      }
      return this;
    }

    /** Comes after each of these tasks (or blocks), {@link DependencyKind#HARD}. */
    public Builder after(String... ids) {
      return after(DependencyKind.HARD, ids);
    }

    /** Comes after each of these tasks (or blocks) with the given kind of dependency. */
    public Builder after(DependencyKind kind, String... ids) {
      requireNonNull(kind, "dependency kind");
      requireNonNull(ids, "dependency ids");
      for (String on : ids) {
        if (on == null || on.isBlank()) {
          throw new IllegalArgumentException(
              "task '" + id + "': dependency id cannot be " + (on == null ? "null" : "blank"));
        }
        addDependency(on, kind);
      }
      return this;
    }

    /** Adds a dependency. */
    public Builder after(Dependency dependency) {
      requireNonNull(dependency, "dependency");
      addDependency(dependency.on(), dependency.kind());
      return this;
    }

    /** Removes every dependency (used when copying a task). */
    public Builder clearDependencies() {
      dependsOn = NO_IDS;
      dependencyKinds = null;
      dependencyCount = 0;
      return this;
    }

    /**
     * The work, when it produces no output.
     *
     * @throws IllegalArgumentException if {@code action} is null
     * @throws IllegalStateException if an action was already set
     */
    public Builder run(TaskAction action) {
      if (action == null) {
        throw new IllegalArgumentException("task '" + id + "': action cannot be null");
      }
      return action(action, false);
    }

    /**
     * The work, when it produces an output that DATA dependents read.
     *
     * @throws IllegalArgumentException if {@code function} is null
     * @throws IllegalStateException if an action was already set
     */
    public Builder produce(TaskFunction<?> function) {
      if (function == null) {
        throw new IllegalArgumentException("task '" + id + "': action cannot be null");
      }
      return action(function, true);
    }

    private Builder action(Object function, boolean output) {
      if (this.action != null) {
        throw new IllegalStateException(
            "task '" + id + "': action was already set" + (gate ? " (a gate's action is its check)" : ""));
      }
      this.action = function;
      this.producesOutput = output;
      return this;
    }

    /** How failed attempts are retried (default {@link RetryPolicy#none()}). */
    public Builder retry(RetryPolicy retry) {
      this.retry = requireNonNull(retry, "retry policy");
      return this;
    }

    /**
     * The longest an attempt may run; then it is interrupted, and abandoned if it ignores that.
     *
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    /**
     * How long the task may go without progress or heartbeat before it is flagged as stalled.
     *
     * @throws IllegalArgumentException if {@code stallTimeout} is zero or negative
     */
    public Builder stallTimeout(Duration stallTimeout) {
      this.stallTimeout = positive(stallTimeout, "stall timeout");
      return this;
    }

    /** The undo of this task's work, run in reverse completion order when a run rolls back. */
    public Builder compensate(TaskAction compensation) {
      this.compensation = requireNonNull(compensation, "compensation");
      return this;
    }

    /**
     * Each attempt takes one permit of the named limit: it starts only when the limit admits it.
     * The limit is declared on the orchestrator ({@code Orchestrator.Builder.limit(name, limit)}).
     * Not enforced at run time yet in this version (see {@code Limit}).
     *
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is blank or the task already uses it
     */
    public Builder uses(String name) {
      return uses(name, 1);
    }

    /**
     * Each attempt takes {@code permits} permits of the named limit (the tokens of an LLM call, the
     * bytes of a transfer): a rate counts them, a concurrency cap counts the task once.
     *
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is blank, the task already uses it, or
     *     {@code permits < 1}
     */
    public Builder uses(String name, long permits) {
      requireNonNull(name, "limit name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("task '" + id + "': limit name cannot be blank");
      }
      if (permits < 1) {
        throw new IllegalArgumentException(
            "task '" + id + "': permits of limit '" + name + "' must be >= 1: " + permits);
      }
      for (int i = 0; i < limitCount; i++) {
        if (limits[i].equals(name)) {
          throw new IllegalArgumentException(
              "task '" + id + "' already uses limit '" + name + "' (" + this.permits[i] + " permits)");
        }
      }
      if (limitCount == limits.length) {
        limits = Arrays.copyOf(limits, Math.max(2, limitCount * 2));
        this.permits = this.permits == null ? new long[limits.length]
            : Arrays.copyOf(this.permits, limits.length);
      }
      limits[limitCount] = name;
      this.permits[limitCount] = permits;
      limitCount++;
      return this;
    }

    /**
     * The task.
     *
     * @throws IllegalArgumentException if no action was set
     */
    public TaskSpec build() {
      if (action == null) {
        throw new IllegalArgumentException(
            "task '" + id + "' has no action: call run(...) or produce(...)");
      }
      return new TaskSpec(this);
    }

    private void addDependency(String on, DependencyKind kind) {
      if (dependencyCount == dependsOn.length) {
        int capacity = Math.max(2, dependencyCount * 2);
        dependsOn = Arrays.copyOf(dependsOn, capacity);
        if (dependencyKinds != null) {
          dependencyKinds = Arrays.copyOf(dependencyKinds, capacity);
        }
      }
      if (kind != DependencyKind.HARD && dependencyKinds == null) {
        dependencyKinds = new byte[dependsOn.length]; // zeros: HARD is ordinal 0
      }
      dependsOn[dependencyCount] = on;
      if (dependencyKinds != null) {
        dependencyKinds[dependencyCount] = (byte) kind.ordinal();
      }
      dependencyCount++;
    }

    private <T> T requireNonNull(T value, String setting) {
      return Objects.requireNonNull(value, () -> "task '" + id + "': " + setting + " cannot be null");
    }

    private Duration positive(Duration value, String setting) {
      requireNonNull(value, setting);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(
            "task '" + id + "': " + setting + " must be positive: " + value);
      }
      return value;
    }
  }
}
