package dev.orchestrator.observe;

import dev.orchestrator.plan.ExecutionMode;
import dev.orchestrator.plan.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * What happened in a run: the outcome of every task, the makespan, the pool's statistics, the
 * scaling adjustments made, and the counts, which always reconcile ({@code succeeded + failed +
 * skipped + cancelled == tasks}).
 *
 * <p>Compact: a task costs about 25 bytes (arrays, no object per task); {@link #tasks()} is a view
 * that makes each {@link TaskOutcome} on demand. The metrics ({@link #metrics()}, defined in {@link RunMetrics}) are
 * computed on first use from the outcomes, the pool's statistics, the queue samples and the plan's
 * dependencies. Immutable and thread-safe; a report made by a run keeps its plan
 * ({@link #executedPlan()}) alive.
 */
public final class RunReport {

  private static final TaskState[] STATES = TaskState.values();

  private final String runId;
  private final String plan;
  private final ExecutionMode mode;
  private final Instant startTime;
  private final Duration makespan;
  private final boolean cancelled;
  private final List<String> ids;
  private final byte[] state;
  private final int[] attempts;
  private final long[] start;
  private final long[] finish;
  private final int[] agent;
  private final List<String> agentNames;
  private final Map<Integer, String> causes;
  private final Map<Integer, Throwable> errors;
  private final Map<Integer, String> parents;
  private final Map<Integer, List<Artifact>> artifacts;
  private final Map<Integer, List<Criterion>> criteria;
  private final int[] counts;
  private final PoolStatistics pool;
  private final List<RunEvent.ScalingAdjustment> adjustments;
  private final List<RunEvent.FailureAnalysis> analyses;
  private final List<RunEvent.ResourceAlert> alerts;
  private final List<RunEvent.TaskStalled> stalls;
  private final List<RunEvent.TaskCompensated> compensations;
  private final long eventsDropped;
  private final Plan executedPlan; // null when rebuilt without one
  private final Duration estimate; // null when unknown
  private final String estimateSource;
  private final long[] sampleTimes;
  private final int[] sampleReady;
  private final int[] sampleRunning;
  private final Object[] outputs; // plan tasks' outputs by index; empty when not kept
  private final BiFunction<Object, Class<?>, Object> restore;
  private volatile Map<String, Integer> index; // built on the first lookup by id
  private volatile RunMetrics metrics; // computed on first use

  private RunReport(Builder b, Duration makespan, PoolStatistics pool, long eventsDropped) {
    this.runId = b.runId;
    this.plan = b.plan;
    this.mode = b.mode;
    this.startTime = b.startTime;
    this.makespan = makespan;
    this.cancelled = b.cancelled;
    int n = b.size;
    this.ids = List.copyOf(b.ids);
    this.state = Arrays.copyOf(b.state, n);
    this.attempts = Arrays.copyOf(b.attempts, n);
    this.start = Arrays.copyOf(b.start, n);
    this.finish = Arrays.copyOf(b.finish, n);
    this.agent = Arrays.copyOf(b.agent, n);
    this.agentNames = List.copyOf(b.agentNames);
    this.causes = Map.copyOf(b.causes);
    this.errors = Map.copyOf(b.errors);
    this.parents = Map.copyOf(b.parents);
    Map<Integer, List<Artifact>> a = new HashMap<>();
    b.artifacts.forEach((k, v) -> a.put(k, List.copyOf(v)));
    this.artifacts = Map.copyOf(a);
    Map<Integer, List<Criterion>> c = new HashMap<>();
    b.criteria.forEach((k, v) -> c.put(k, List.copyOf(v)));
    this.criteria = Map.copyOf(c);
    this.counts = new int[STATES.length];
    for (int i = 0; i < n; i++) {
      counts[state[i]]++;
    }
    this.pool = pool;
    this.adjustments = List.copyOf(b.adjustments);
    this.analyses = List.copyOf(b.analyses);
    this.alerts = List.copyOf(b.alerts);
    this.stalls = List.copyOf(b.stalls);
    this.compensations = List.copyOf(b.compensations);
    this.eventsDropped = eventsDropped;
    this.executedPlan = b.executedPlan;
    this.estimate = b.estimate;
    this.estimateSource = b.estimateSource;
    this.sampleTimes = Arrays.copyOf(b.sampleTimes, b.samples);
    this.sampleReady = Arrays.copyOf(b.sampleReady, b.samples);
    this.sampleRunning = Arrays.copyOf(b.sampleRunning, b.samples);
    this.outputs = b.outputs;
    this.restore = b.restore;
  }

  /**
   * A builder that records a run as it goes: the engine uses it as its live record, a reader of
   * stored reports to rebuild one.
   *
   * @param runId the run's id
   * @param plan the plan's name
   * @param ids the plan's task ids in plan order (a view is fine; it is copied by {@code build()})
   */
  public static Builder builder(String runId, String plan, ExecutionMode mode, Instant startTime,
      List<String> ids) {
    return new Builder(runId, plan, mode, startTime, ids);
  }

  public String runId() {
    return runId;
  }

  /** The name of the plan that ran. */
  public String plan() {
    return plan;
  }

  public ExecutionMode mode() {
    return mode;
  }

  /** When the run started. */
  public Instant startTime() {
    return startTime;
  }

  /** From the start of the run to the end of its last task. */
  public Duration makespan() {
    return makespan;
  }

  /** Whether the run was cancelled (by the user, or by FAIL_FAST after a failure). */
  public boolean wasCancelled() {
    return cancelled;
  }

  /** Whether every task succeeded. */
  public boolean isSuccess() {
    return counts[TaskState.SUCCEEDED.ordinal()] == ids.size();
  }

  /** Tasks in the run, spawned ones included. */
  public int taskCount() {
    return ids.size();
  }

  /** Tasks that ended in {@code state}. */
  public int count(TaskState state) {
    return counts[state.ordinal()];
  }

  public int succeeded() {
    return count(TaskState.SUCCEEDED);
  }

  public int failed() {
    return count(TaskState.FAILED);
  }

  public int skipped() {
    return count(TaskState.SKIPPED);
  }

  public int cancelled() {
    return count(TaskState.CANCELLED);
  }

  /** The counts per terminal state (and zero for the others). */
  public Map<TaskState, Integer> counts() {
    Map<TaskState, Integer> map = new EnumMap<>(TaskState.class);
    for (TaskState s : STATES) {
      map.put(s, counts[s.ordinal()]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }

  /** Every task's outcome: plan tasks in plan order, then spawned tasks in spawn order (a view). */
  public List<TaskOutcome> tasks() {
    return new AbstractList<>() {
      @Override
      public TaskOutcome get(int index) {
        Objects.checkIndex(index, ids.size());
        return outcome(index);
      }

      @Override
      public int size() {
        return ids.size();
      }
    };
  }

  /**
   * The outcome of one task.
   *
   * @throws IllegalArgumentException if the run had no such task
   */
  public TaskOutcome task(String id) {
    Objects.requireNonNull(id, "task id cannot be null");
    Map<String, Integer> index = this.index;
    if (index == null) {
      index = new HashMap<>(ids.size() * 2);
      for (int i = 0; i < ids.size(); i++) {
        index.put(ids.get(i), i);
      }
      this.index = index;
    }
    Integer i = index.get(id);
    if (i == null) {
      throw new IllegalArgumentException("run '" + runId + "' has no task '" + id + "'");
    }
    return outcome(i);
  }

  /**
   * The output of a task of the plan: what its action returned ({@code TaskSpec.Builder.produce}).
   * The report keeps the outputs of every plan task in memory for as long as it is kept itself;
   * a task that returns nothing ({@code run}) costs one empty slot.
   *
   * <pre>{@code
   * Summary s = orchestrator.run(workflow).output("aggregate", Summary.class);
   * }</pre>
   *
   * @return the output, null if the task produced null or returns nothing
   * @throws IllegalArgumentException if the run had no such task, or its output is not a {@code type}
   * @throws IllegalStateException if the task did not succeed, or was spawned (only plan tasks'
   *     outputs are kept)
   */
  public <T> T output(String id, Class<T> type) {
    Objects.requireNonNull(type, "type cannot be null");
    TaskOutcome t = task(id);
    if (t.state() != TaskState.SUCCEEDED) {
      throw new IllegalStateException("task '" + id + "' has no output: it ended " + t.state()
          + t.cause().map(c -> " (" + c + ")").orElse(""));
    }
    int i = index.get(id);
    if (i >= outputs.length) {
      throw new IllegalStateException("task '" + id + "' has no output in the report: outputs are"
          + " kept for the plan's tasks, not for spawned ones");
    }
    Object output = outputs[i];
    if (output != null && restore != null) {
      output = restore.apply(output, type);
    }
    if (output != null && !type.isInstance(output)) {
      throw new IllegalArgumentException("the output of task '" + id + "' is a "
          + output.getClass().getName() + ", not a " + type.getName());
    }
    return type.cast(output);
  }

  /**
   * The outputs of a block of the plan ({@code forEach}, {@code chunked}, {@code files}, or one
   * task's id), in item order; see {@link #output(String, Class)}.
   *
   * @throws IllegalArgumentException if the plan has no such block, or an output is not a {@code
   *     type}
   * @throws IllegalStateException if a task of the block did not succeed
   */
  public <T> List<T> outputs(String block, Class<T> type) {
    Objects.requireNonNull(block, "block cannot be null");
    List<String> blockIds = executedPlan == null ? List.of() : executedPlan.block(block);
    if (blockIds.isEmpty()) {
      throw new IllegalArgumentException("run '" + runId + "' has no block or task '" + block + "'");
    }
    List<T> out = new ArrayList<>(blockIds.size());
    for (String id : blockIds) {
      out.add(output(id, type));
    }
    return Collections.unmodifiableList(out); // may hold nulls
  }

  /**
   * The output of the plan's last task (the one added last), usually the workflow's result:
   * {@code orchestrator.run(workflow).result(Summary.class)}. See {@link #output(String, Class)}.
   *
   * @throws IllegalStateException if the plan had no task or its last task did not succeed
   */
  public <T> T result(Class<T> type) {
    if (outputs.length == 0 || executedPlan == null || executedPlan.size() == 0) {
      throw new IllegalStateException("run '" + runId + "' has no result: its report keeps no"
          + " plan task");
    }
    return output(ids.get(executedPlan.size() - 1), type);
  }

  /** The state of one task. */
  public TaskState state(String id) {
    return task(id).state();
  }

  /** The ids of the tasks that ended in {@code state}, in report order. */
  public List<String> ids(TaskState state) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < this.state.length; i++) {
      if (this.state[i] == state.ordinal()) {
        out.add(ids.get(i));
      }
    }
    return List.copyOf(out);
  }

  private TaskOutcome outcome(int i) {
    Optional<Duration> started = start[i] < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(start[i]));
    Optional<Duration> finished = finish[i] < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(finish[i]));
    Optional<String> agentName = agent[i] < 0 ? Optional.empty() : Optional.of(agentNames.get(agent[i]));
    return new TaskOutcome(ids.get(i), STATES[state[i]], attempts[i], started, finished, agentName,
        Optional.ofNullable(causes.get(i)), Optional.ofNullable(errors.get(i)),
        Optional.ofNullable(parents.get(i)), artifacts.getOrDefault(i, List.of()),
        criteria.getOrDefault(i, List.of()));
  }

  /** What the agent pool did. */
  public PoolStatistics pool() {
    return pool;
  }

  /** The pool resizes made while running, in order. */
  public List<RunEvent.ScalingAdjustment> adjustments() {
    return adjustments;
  }

  /** The analyses of the run's failures, in order (see {@code FailureAdaptation}). */
  public List<RunEvent.FailureAnalysis> failureAnalyses() {
    return analyses;
  }

  /** The resource alerts raised while running, in order. */
  public List<RunEvent.ResourceAlert> resourceAlerts() {
    return alerts;
  }

  /** The attempts flagged as stalled, in order. */
  public List<RunEvent.TaskStalled> stalls() {
    return stalls;
  }

  /** The compensations run by a rollback, in the order they ran (reverse completion order). */
  public List<RunEvent.TaskCompensated> compensations() {
    return compensations;
  }

  /** Events a slow listener missed (see {@link RunListener}). */
  public long eventsDropped() {
    return eventsDropped;
  }

  /**
   * The plan that ran, when the report was made by a run (or rebuilt with one): the metrics take
   * the dependencies from it; without it every task counts as independent.
   */
  public Optional<Plan> executedPlan() {
    return Optional.ofNullable(executedPlan);
  }

  /** The makespan predicted before the run started, if known. */
  public Optional<Duration> estimate() {
    return Optional.ofNullable(estimate);
  }

  /** Where {@link #estimate()} came from ({@code "simulated"}, ...), or empty. */
  public Optional<String> estimateSource() {
    return Optional.ofNullable(estimateSource);
  }

  /**
   * The queue over time: tasks ready and waiting for an agent, and tasks running, sampled when a
   * task ends at most once per sampling interval (which doubles whenever {@value
   * Builder#MAX_SAMPLES} samples are reached, so a run of any length keeps at most that many,
   * evenly spread). In time order.
   */
  public List<QueueSample> queueDepth() {
    return new AbstractList<>() {
      @Override
      public QueueSample get(int i) {
        Objects.checkIndex(i, sampleTimes.length);
        return new QueueSample(Duration.ofNanos(sampleTimes[i]), sampleReady[i], sampleRunning[i]);
      }

      @Override
      public int size() {
        return sampleTimes.length;
      }
    };
  }

  /**
   * The run's metrics ({@link RunMetrics}): parallelism efficiency, utilization, success rate, critical
   * path, queue depth, pool reuse and efficiency, per-agent tasks, bottlenecks and recommendations.
   * Computed on the first call (linear in tasks plus dependencies) and kept.
   */
  public RunMetrics metrics() {
    RunMetrics m = metrics;
    if (m == null) {
      m = RunMetrics.of(this);
      metrics = m;
    }
    return m;
  }

  /** Task {@code i}'s first start in nanoseconds from the start of the run, or -1. */
  long startNanos(int i) {
    return start[i];
  }

  /** Task {@code i}'s end in nanoseconds from the start of the run, or -1. */
  long finishNanos(int i) {
    return finish[i];
  }

  TaskState stateAt(int i) {
    return STATES[state[i]];
  }

  int attemptsAt(int i) {
    return attempts[i];
  }

  String idAt(int i) {
    return ids.get(i);
  }

  /** The agent name of task {@code i}'s last attempt, or null. */
  String agentAt(int i) {
    return agent[i] < 0 ? null : agentNames.get(agent[i]);
  }

  /** The index of task {@code i}'s agent in {@link PoolStatistics#agents()}, or -1. */
  int agentIndexAt(int i) {
    return agent[i];
  }

  @Override
  public String toString() {
    return "RunReport[" + plan + ", " + ids.size() + " tasks: " + succeeded() + " succeeded, "
        + failed() + " failed, " + skipped() + " skipped, " + cancelled() + " cancelled; makespan "
        + makespan + "]";
  }

  /**
   * Records a run. Not thread-safe (the engine calls it under its lock); {@link #build} copies the
   * state. Times are nanoseconds from the start of the run; -1 means "not yet".
   */
  public static final class Builder {
    private Object[] outputs = new Object[0];
    private BiFunction<Object, Class<?>, Object> restore;
    private final String runId;
    private final String plan;
    private final ExecutionMode mode;
    private final Instant startTime;
    private final List<String> ids;
    private int size;
    private byte[] state;
    private int[] attempts;
    private long[] start;
    private long[] finish;
    private int[] agent;
    private final List<String> agentNames = new ArrayList<>();
    private final Map<Integer, String> causes = new HashMap<>();
    private final Map<Integer, Throwable> errors = new HashMap<>();
    private final Map<Integer, String> parents = new HashMap<>();
    private final Map<Integer, List<Artifact>> artifacts = new HashMap<>();
    private final Map<Integer, List<Criterion>> criteria = new HashMap<>();
    private final List<RunEvent.ScalingAdjustment> adjustments = new ArrayList<>();
    private final List<RunEvent.FailureAnalysis> analyses = new ArrayList<>();
    private final List<RunEvent.ResourceAlert> alerts = new ArrayList<>();
    private final List<RunEvent.TaskStalled> stalls = new ArrayList<>();
    private final List<RunEvent.TaskCompensated> compensations = new ArrayList<>();
    private boolean cancelled;
    private Plan executedPlan;
    private Duration estimate;
    private String estimateSource;
    /** Queue samples kept at most; past it every other one is dropped and the interval doubles. */
    public static final int MAX_SAMPLES = 1024;
    private static final long FIRST_SAMPLE_INTERVAL = 1_000_000; // 1 ms
    private long[] sampleTimes = new long[16];
    private int[] sampleReady = new int[16];
    private int[] sampleRunning = new int[16];
    private int samples;
    private long sampleInterval = FIRST_SAMPLE_INTERVAL;
    private long nextSample;

    private Builder(String runId, String plan, ExecutionMode mode, Instant startTime, List<String> ids) {
      this.runId = Objects.requireNonNull(runId, "run id cannot be null");
      this.plan = Objects.requireNonNull(plan, "plan name cannot be null");
      this.mode = Objects.requireNonNull(mode, "mode cannot be null");
      this.startTime = Objects.requireNonNull(startTime, "start time cannot be null");
      Objects.requireNonNull(ids, "task ids cannot be null");
      this.ids = new ListWithTail(ids);
      this.size = ids.size();
      int capacity = Math.max(1, size);
      state = new byte[capacity];
      attempts = new int[capacity];
      start = new long[capacity];
      finish = new long[capacity];
      agent = new int[capacity];
      Arrays.fill(start, -1);
      Arrays.fill(finish, -1);
      Arrays.fill(agent, -1);
    }

    /** Adds a spawned task; returns its index. */
    public int addTask(String id, String parent) {
      Objects.requireNonNull(id, "task id cannot be null");
      int i = size++;
      if (i == state.length) {
        int capacity = i * 2;
        state = Arrays.copyOf(state, capacity);
        attempts = Arrays.copyOf(attempts, capacity);
        start = Arrays.copyOf(start, capacity);
        finish = Arrays.copyOf(finish, capacity);
        agent = Arrays.copyOf(agent, capacity);
        Arrays.fill(start, i, capacity, -1);
        Arrays.fill(finish, i, capacity, -1);
        Arrays.fill(agent, i, capacity, -1);
      }
      ((ListWithTail) ids).tail.add(id);
      if (parent != null) {
        parents.put(i, parent);
      }
      return i;
    }

    /** Registers an agent name; returns its number for {@link #attemptStarted}. */
    public int addAgent(String name) {
      agentNames.add(Objects.requireNonNull(name, "agent name cannot be null"));
      return agentNames.size() - 1;
    }

    /** An attempt of task {@code i} started on agent number {@code agentNumber}. */
    public void attemptStarted(int i, long nanos, int agentNumber) {
      attempts[i]++;
      if (start[i] < 0) {
        start[i] = nanos;
      }
      agent[i] = agentNumber;
      state[i] = (byte) TaskState.RUNNING.ordinal();
    }

    /** Task {@code i} is waiting again (for a retry). */
    public void pending(int i) {
      state[i] = (byte) TaskState.PENDING.ordinal();
    }

    /**
     * Task {@code i} reached its terminal state.
     *
     * @param cause why (null when it succeeded)
     * @param error the exception of its last attempt (null if none)
     */
    public void finished(int i, TaskState terminal, long nanos, String cause, Throwable error) {
      if (!terminal.isTerminal()) {
        throw new IllegalArgumentException("not a terminal state: " + terminal);
      }
      state[i] = (byte) terminal.ordinal();
      finish[i] = nanos;
      if (cause != null) {
        causes.put(i, cause);
      }
      if (error != null) {
        errors.put(i, error);
      }
    }

    public void artifact(int i, Artifact artifact) {
      artifacts.computeIfAbsent(i, k -> new ArrayList<>()).add(artifact);
    }

    public void criterion(int i, Criterion criterion) {
      criteria.computeIfAbsent(i, k -> new ArrayList<>()).add(criterion);
    }

    public void adjustment(RunEvent.ScalingAdjustment adjustment) {
      adjustments.add(adjustment);
    }

    public void analysis(RunEvent.FailureAnalysis analysis) {
      analyses.add(Objects.requireNonNull(analysis, "analysis cannot be null"));
    }

    public void alert(RunEvent.ResourceAlert alert) {
      alerts.add(Objects.requireNonNull(alert, "alert cannot be null"));
    }

    public void stall(RunEvent.TaskStalled stall) {
      stalls.add(Objects.requireNonNull(stall, "stall cannot be null"));
    }

    public void compensation(RunEvent.TaskCompensated compensation) {
      compensations.add(Objects.requireNonNull(compensation, "compensation cannot be null"));
    }

    public void cancelled() {
      cancelled = true;
    }

    /** The plan that runs, for the metrics' dependencies and the report's task graph. */
    public Builder plan(Plan plan) {
      this.executedPlan = Objects.requireNonNull(plan, "plan cannot be null");
      return this;
    }

    /** The makespan predicted before the run, and where the prediction came from. */
    public Builder estimate(Duration estimate, String source) {
      this.estimate = Objects.requireNonNull(estimate, "estimate cannot be null");
      this.estimateSource = Objects.requireNonNull(source, "estimate source cannot be null");
      return this;
    }

    /**
     * Whether a queue sample is due at {@code nanos}: the engine asks on every task end (a field
     * read and a compare) and records one with {@link #queueSample} when it is.
     */
    public boolean sampleDue(long nanos) {
      return nanos >= nextSample;
    }

    /**
     * Records the queue at {@code nanos} (nanoseconds from the start, not before the last sample).
     * Keeps at most {@link #MAX_SAMPLES}: when full, every other sample goes and the interval
     * between samples doubles.
     */
    public void queueSample(long nanos, int ready, int running) {
      if (samples == sampleTimes.length) {
        if (samples >= MAX_SAMPLES) {
          int kept = 0;
          for (int i = 0; i < samples; i += 2) {
            sampleTimes[kept] = sampleTimes[i];
            sampleReady[kept] = sampleReady[i];
            sampleRunning[kept] = sampleRunning[i];
            kept++;
          }
          samples = kept;
          sampleInterval *= 2;
        } else {
          int capacity = samples * 2;
          sampleTimes = Arrays.copyOf(sampleTimes, capacity);
          sampleReady = Arrays.copyOf(sampleReady, capacity);
          sampleRunning = Arrays.copyOf(sampleRunning, capacity);
        }
      }
      sampleTimes[samples] = nanos;
      sampleReady[samples] = ready;
      sampleRunning[samples] = running;
      samples++;
      nextSample = nanos + sampleInterval;
    }

    /** The artifacts recorded so far for task {@code i} (a copy). */
    public List<Artifact> artifacts(int i) {
      List<Artifact> list = artifacts.isEmpty() ? null : artifacts.get(i);
      return list == null ? List.of() : List.copyOf(list);
    }

    /** The criteria recorded so far for task {@code i} (a copy). */
    public List<Criterion> criteria(int i) {
      List<Criterion> list = criteria.isEmpty() ? null : criteria.get(i);
      return list == null ? List.of() : List.copyOf(list);
    }

    /** The state recorded so far for task {@code i}. */
    public TaskState state(int i) {
      return STATES[state[i]];
    }

    /** Attempts recorded so far for task {@code i}. */
    public int attempts(int i) {
      return attempts[i];
    }

    /** When task {@code i} first started, or -1. */
    public long startNanos(int i) {
      return start[i];
    }

    /** The agent number of task {@code i}'s last attempt, or -1. */
    public int agentNumber(int i) {
      return agent[i];
    }

    /** Tasks recorded, spawned ones included. */
    public int size() {
      return size;
    }

    /** The id of task {@code i}. */
    public String id(int i) {
      return ids.get(i);
    }

    /**
     * The outputs of the plan's tasks, by index in plan order, which the report keeps (not
     * copied: the caller hands the array over). {@code restore}, if not null, reads a stored
     * output as the type asked for (outputs restored from a journal are kept as JSON).
     */
    public Builder outputs(Object[] outputs, BiFunction<Object, Class<?>, Object> restore) {
      this.outputs = Objects.requireNonNull(outputs, "outputs cannot be null");
      this.restore = restore;
      return this;
    }

    /**
     * The report.
     *
     * @throws IllegalStateException if a task has no terminal state
     */
    public RunReport build(Duration makespan, PoolStatistics pool, long eventsDropped) {
      for (int i = 0; i < size; i++) {
        if (!STATES[state[i]].isTerminal()) {
          throw new IllegalStateException(
              "task '" + ids.get(i) + "' is still " + STATES[state[i]] + "; a report needs every"
                  + " task in a terminal state");
        }
      }
      return new RunReport(this, makespan, pool, eventsDropped);
    }
  }

  /** The plan's ids (a view) followed by the spawned tasks' ids. */
  private static final class ListWithTail extends AbstractList<String> {
    private final List<String> head;
    private final List<String> tail = new ArrayList<>();

    ListWithTail(List<String> head) {
      this.head = head;
    }

    @Override
    public String get(int index) {
      return index < head.size() ? head.get(index) : tail.get(index - head.size());
    }

    @Override
    public int size() {
      return head.size() + tail.size();
    }
  }
}
