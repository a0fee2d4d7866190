package dev.orchestrator.schedule;

import dev.orchestrator.graph.TaskGraph;
import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.TaskSpec;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * The dispatch state machine of one run: which tasks wait, which are ready, which run, and which one
 * an agent that asks for work gets next. The simulator drives it on a virtual clock and the real
 * scheduler on the real clock (under its lock), so that estimates and runs follow one policy. Task
 * states and their legal transitions are those of {@link TaskStates}; an illegal one fails loudly.
 *
 * <p>The policy, in order:
 *
 * <ol>
 *   <li>a task becomes ready when every dependency has finished (HARD and DATA ones successfully);
 *       in barrier modes also only once every task of the waves before its own has finished
 *       ({@link WaveBarrier});
 *   <li>a critical task starts only when nothing runs, and nothing starts beside it; while one is
 *       ready, nothing else starts;
 *   <li>no more than the concurrency limit run at once;
 *   <li>among the ready tasks an agent may run ({@link SkillProfiles}), the highest priority class
 *       goes first ({@link Ageing} moves a task waiting longer than the ageing interval up one
 *       class, never to CRITICAL), then the earliest position in the priority order ({@link
 *       PriorityOrder}); the {@link ReadyQueue} keeps them in that order.
 * </ol>
 *
 * <p>A failed (or cancelled) task's HARD and DATA dependents are skipped at once, with the task as
 * their cause; SOFT dependents still run. Tasks spawned at run time join the ready queue with the
 * position of the plan task they descend from, and their parent finishes when its own work and all
 * its children have finished ({@link SpawnTree}).
 *
 * <p>Not thread-safe: the real scheduler calls it under its lock. Times are nanoseconds on any
 * monotonic clock.
 */
public final class Dispatcher {

  /**
   * How long a ready task waits before it is boosted one class, unless set otherwise: 4 hours, so
   * that only work starved for most of a working day moves up.
   */
  public static final java.time.Duration DEFAULT_AGING = java.time.Duration.ofHours(4);

  /** No task to start now. */
  public static final int NONE = -1;

  /** Terminal outcomes, as passed to {@link #finished} and reported to {@link Events}. */
  public static final byte SUCCEEDED = TaskStates.SUCCEEDED;
  public static final byte FAILED = TaskStates.FAILED;
  public static final byte SKIPPED = TaskStates.SKIPPED;
  public static final byte CANCELLED = TaskStates.CANCELLED;

  private static final byte WAITING = TaskStates.WAITING;
  private static final byte READY = TaskStates.READY;
  private static final byte HELD = TaskStates.HELD;
  private static final byte RUNNING = TaskStates.RUNNING;
  private static final byte RETRY_WAIT = TaskStates.RETRY_WAIT;
  private static final byte CHILDREN = TaskStates.CHILDREN;

  /** What the dispatcher decided on its own, for the caller to record. */
  public interface Events {
    /** A task reached its terminal state; {@code cause} is the task that caused it, or -1. */
    default void terminal(int task, byte outcome, int cause) {}

    /** A task became ready (its dependencies allow it to start). */
    default void ready(int task) {}

    /** The first task of a wave started. */
    default void waveStarted(int wave) {}

    /** The last task of a wave finished. */
    default void waveFinished(int wave) {}
  }

  /**
   * How tasks are released.
   *
   * @param barriers whether each wave waits for the one before ({@code WAVES}, {@code PIPELINE})
   * @param concurrencyLimit the most tasks running at once
   * @param agingNanos how long a ready task waits before it is boosted one class; 0 for no ageing
   */
  public record Settings(boolean barriers, int concurrencyLimit, long agingNanos) {
    public Settings {
      if (concurrencyLimit < 1) {
        throw new IllegalArgumentException("concurrency limit must be >= 1: " + concurrencyLimit);
      }
      if (agingNanos < 0) {
        throw new IllegalArgumentException("ageing interval cannot be negative: " + agingNanos);
      }
    }
  }

  private final TaskGraph graph;
  private final int n;
  private final Settings settings;
  private final Events events;
  private final TaskTable tasks;
  private final ReadyQueue queue;
  private final SkillProfiles skills = new SkillProfiles();
  private final Ageing ageing;
  private final SpawnTree spawns;
  private final WaveBarrier barrier;
  private final IntConsumer releaseHeld = this::releaseHeld;

  private int running;
  private int ready;
  private int terminal;
  private int criticalReady;
  private int criticalRunning;
  private boolean cancelling;
  private long releaseTime; // the time of the transition that opens a barrier
  private int[] work = new int[64]; // worklist of terminal transitions: task, outcome, cause
  private int workSize;

  /**
   * A dispatcher in its initial state: tasks without dependencies are ready.
   *
   * @param order the priority order, position to task (from {@link PriorityOrder})
   */
  public Dispatcher(TaskGraph graph, int[] order, Settings settings, Events events) {
    this.graph = Objects.requireNonNull(graph);
    this.n = graph.size();
    this.settings = Objects.requireNonNull(settings);
    this.events = events == null ? new Events() {} : events;
    if (order.length != n) {
      throw new IllegalArgumentException("priority order has " + order.length + " tasks, plan " + n);
    }
    this.tasks = new TaskTable(n);
    this.queue = new ReadyQueue(tasks, order, n);
    this.ageing = Ageing.every(settings.agingNanos(), tasks, queue);
    this.spawns = new SpawnTree(n, tasks.capacity());
    this.barrier = new WaveBarrier(WaveIndex.of(graph), settings.barriers(), n, this.events);
    for (int pos = 0; pos < n; pos++) {
      tasks.key[order[pos]] = ReadyQueue.planKey(pos);
    }
    for (int t = 0; t < n; t++) {
      TaskSpec spec = graph.task(t);
      tasks.cls[t] = (byte) spec.priority().ordinal();
      tasks.critical[t] = spec.isCritical();
      tasks.pending[t] = graph.inDegree(t);
      tasks.profile[t] = (byte) skills.profileOf(spec.tags());
    }
    loadInitial(order);
  }

  private void loadInitial(int[] order) {
    // Sources in priority order make a sorted array per profile, which is a heap as it is.
    int[] count = new int[skills.count()];
    for (int t = 0; t < n; t++) {
      if (tasks.pending[t] == 0 && barrier.released(t)) {
        count[tasks.profile[t]]++;
      }
    }
    int[][] byProfile = new int[skills.count()][];
    for (int p = 0; p < byProfile.length; p++) {
      byProfile[p] = new int[count[p]];
    }
    int[] fill = new int[byProfile.length];
    for (int pos = 0; pos < n; pos++) {
      int t = order[pos];
      if (tasks.pending[t] == 0) {
        if (barrier.released(t)) {
          byProfile[tasks.profile[t]][fill[tasks.profile[t]]++] = t;
          markReady(t);
        } else {
          tasks.move(t, HELD);
        }
      }
    }
    queue.loadInitial(byProfile);
  }

  /** A task enters READY: counted, reported; not yet queued. */
  private void markReady(int t) {
    tasks.move(t, READY);
    ready++;
    events.ready(t);
    if (tasks.critical[t]) {
      criticalReady++;
    }
  }

  /** A task whose dependencies allow it to start: queued, or HELD behind the barrier. */
  private void makeReady(int t, long now) {
    if (!barrier.released(t)) {
      tasks.move(t, HELD);
      return;
    }
    enqueue(t, now);
  }

  private void enqueue(int t, long now) {
    markReady(t);
    if (ageing != null) {
      ageing.waiting(t, now);
    }
    queue.push(t);
  }

  private void releaseHeld(int t) {
    if (tasks.state[t] == HELD) {
      enqueue(t, releaseTime);
    }
  }

  private void leaveReady(int t) {
    ready--;
    if (tasks.critical[t]) {
      criticalReady--;
    }
  }

  private void leaveRunning(int t) {
    running--;
    if (tasks.critical[t]) {
      criticalRunning--;
    }
  }

  private void requireRunning(int t) {
    if (tasks.state[t] != RUNNING) {
      throw new IllegalStateException("task #" + t + " is not running (state "
          + TaskStates.name(tasks.state[t]) + ")");
    }
  }

  // ---------------------------------------------------------------- agents

  /**
   * An agent joins: the tasks it may take are those without tags, those whose tags its skills
   * cover, and those no live agent covers (so that a skill nobody has never blocks a task).
   *
   * @return the agent's slot, passed to {@link #next}
   */
  public int join(Set<String> agentSkills) {
    return skills.join(agentSkills);
  }

  /** An agent leaves (retired or replaced). */
  public void leave(int slot) {
    skills.leave(slot);
  }

  /** Whether the agent in {@code slot} may run task {@code t} (its skills, or nobody's). */
  public boolean mayRun(int slot, int t) {
    return (skills.served(slot) & (1L << tasks.profile[t])) != 0;
  }

  // ---------------------------------------------------------------- dispatch

  /**
   * The task the agent in {@code slot} should start now, already marked running, or {@link #NONE}.
   */
  public int next(long now, int slot) {
    if (running >= settings.concurrencyLimit() || criticalRunning > 0 || ready == 0) {
      return NONE;
    }
    if (criticalReady > 0 && running > 0) {
      return NONE; // a critical task waits for the others to drain, and nothing joins them
    }
    if (ageing != null) {
      ageing.age(now);
    }
    int t = queue.peek(skills.served(slot));
    if (t < 0) {
      return NONE;
    }
    if (criticalReady > 0 && !tasks.critical[t]) {
      return NONE; // the critical task is for another agent; keep the pool drained for it
    }
    queue.take();
    tasks.move(t, RUNNING);
    leaveReady(t);
    running++;
    if (tasks.critical[t]) {
      criticalRunning++;
    }
    barrier.started(t);
    return t;
  }

  /**
   * Gives back a task {@link #next} returned that never started (the rest of a batch, when the run
   * pauses, is cancelled or loses the agent): it is ready again with its position in the order, so
   * the next {@link #next} calls return it as they would have, or CANCELLED if the run is being
   * cancelled.
   */
  public void unclaim(int t, long now) {
    requireRunning(t);
    leaveRunning(t);
    if (cancelling) {
      terminate(t, CANCELLED, -1, now);
    } else {
      makeReady(t, now);
    }
  }

  /**
   * A running task's attempt ended for good. A task that spawned children still running finishes
   * when they have; then {@link Events#terminal} reports it.
   */
  public void finished(int t, byte result, long now) {
    requireRunning(t);
    leaveRunning(t);
    if (spawns.hasRunningChildren(t)) {
      tasks.move(t, CHILDREN);
      spawns.defer(t, result);
      return;
    }
    // Every child may have ended before the parent's own work did: a failed one still fails it.
    if (result == SUCCEEDED && spawns.childFailure(t) >= 0) {
      terminate(t, FAILED, spawns.childFailure(t), now);
      return;
    }
    terminate(t, result, -1, now);
  }

  /** A running task's attempt failed and it will be tried again: it waits without an agent. */
  public void retrying(int t) {
    requireRunning(t);
    leaveRunning(t);
    tasks.move(t, RETRY_WAIT);
  }

  /** A task whose retry delay is over is ready again (unless the run is being cancelled). */
  public void requeue(int t, long now) {
    if (tasks.state[t] != RETRY_WAIT) {
      return;
    }
    makeReady(t, now);
  }

  /**
   * Adds a task spawned by a running task: ready at once, with the parent's priority position, and
   * the parent finishes only after it.
   *
   * @return the new task's index
   */
  public int spawn(int parentTask, TaskSpec child, long now) {
    if (tasks.state[parentTask] != RUNNING) {
      throw new IllegalStateException("task #" + parentTask + " is not running");
    }
    int t = tasks.size;
    long key = ReadyQueue.spawnKey(tasks.key[parentTask], t - n + 1);
    if (t == tasks.capacity()) {
      tasks.grow(t * 2);
      spawns.grow(t * 2);
    }
    tasks.size++;
    tasks.state[t] = WAITING;
    // A child is as urgent as the more urgent of itself and its parent, but never CRITICAL
    // unless marked so itself.
    tasks.cls[t] = (byte) Math.min(child.priority().ordinal(),
        Math.max(tasks.cls[parentTask], dev.orchestrator.task.Priority.HIGH.ordinal()));
    tasks.critical[t] = child.isCritical();
    tasks.key[t] = key;
    tasks.profile[t] = (byte) skills.profileOf(child.tags());
    spawns.add(parentTask, t);
    makeReady(t, now);
    return t;
  }

  /**
   * Stops the run: every task that has not started (waiting, ready, held, waiting out a retry)
   * becomes CANCELLED; running tasks finish through {@link #finished} as usual.
   */
  public void cancelRemaining(long now) {
    cancelling = true;
    for (int t = 0; t < tasks.size; t++) {
      byte s = tasks.state[t];
      if (s == WAITING || s == READY || s == HELD || s == RETRY_WAIT) {
        if (s == READY) {
          leaveReady(t);
        }
        terminate(t, CANCELLED, -1, now);
      }
    }
    queue.clear();
  }

  /**
   * A task that succeeded in an earlier run of the same plan (restored from a run journal): it ends
   * SUCCEEDED without running and releases its dependents as if it had just succeeded. Call before
   * the task could have been handed out, that is before the first {@link #next}.
   *
   * @throws IllegalStateException if the task has started or ended
   */
  public void restore(int t, long now) {
    byte s = tasks.state[t];
    if (s != WAITING && s != READY && s != HELD) {
      throw new IllegalStateException(
          "task #" + t + " cannot be restored in state " + TaskStates.name(s));
    }
    if (s == READY) {
      leaveReady(t); // its queue entry goes stale and is dropped lazily
    }
    terminate(t, SUCCEEDED, -1, now);
  }

  /**
   * A task waiting out a retry delay ends for good, without another attempt (its group was paused
   * and never resumed, say): its dependents are released or skipped as for any terminal outcome.
   *
   * @throws IllegalStateException if the task is not waiting to retry
   */
  public void endWaiting(int t, byte result, long now) {
    if (tasks.state[t] != RETRY_WAIT) {
      throw new IllegalStateException("task #" + t + " is not waiting to retry");
    }
    terminate(t, result, -1, now);
  }

  /** Whether the run is being cancelled. */
  public boolean isCancelling() {
    return cancelling;
  }

  // ---------------------------------------------------------------- terminal transitions

  /**
   * Ends a task and, through a worklist (no recursion on long chains), everything that ends with
   * it: skipped dependents, parents whose last child it was. Each task moves to its terminal state
   * when it is put on the worklist, so it is put there once.
   */
  private void terminate(int task, byte result, int cause, long now) {
    end(task, result, cause);
    while (workSize > 0) {
      workSize -= 3;
      int t = work[workSize];
      byte out = (byte) work[workSize + 1];
      int why = work[workSize + 2];
      terminal++;
      events.terminal(t, out, why);
      if (t < n) {
        releaseTime = now;
        barrier.ended(t, releaseHeld);
        releaseSuccessors(t, out, now);
      } else {
        int p = spawns.childEnded(t, out);
        if (p >= 0 && tasks.state[p] == CHILDREN) {
          end(p, spawns.outcomeOf(p, cancelling), spawns.failedByChild(p) ? spawns.childFailure(p) : -1);
        }
      }
    }
  }

  private void releaseSuccessors(int t, byte out, long now) {
    boolean success = out == SUCCEEDED;
    int[] doom = tasks.doom;
    int[] pending = tasks.pending;
    for (int e = graph.successorStart(t), end = graph.successorEnd(t); e < end; e++) {
      int s = graph.successor(e);
      if (!success && doom[s] == 0 && graph.successorKind(e) != DependencyKind.SOFT) {
        doom[s] = t + 1;
      }
      pending[s]--;
      if (tasks.state[s] == WAITING) {
        if (doom[s] != 0) {
          end(s, cancelling ? CANCELLED : SKIPPED, doom[s] - 1);
        } else if (pending[s] == 0) {
          makeReady(s, now);
        }
      }
    }
  }

  private void end(int t, byte result, int cause) {
    tasks.move(t, result);
    if (workSize + 3 > work.length) {
      work = Arrays.copyOf(work, work.length * 2);
    }
    work[workSize++] = t;
    work[workSize++] = result;
    work[workSize++] = cause;
  }

  // ---------------------------------------------------------------- queries

  /** Tasks so far, spawned ones included. */
  public int size() {
    return tasks.size;
  }

  /** Tasks of the plan. */
  public int planSize() {
    return n;
  }

  public int running() {
    return running;
  }

  /** Ready tasks (including ones only a critical task's drain holds back). */
  public int ready() {
    return ready;
  }

  /** Tasks in a terminal state. */
  public int terminalCount() {
    return terminal;
  }

  /** Whether every task, spawned ones included, is in a terminal state. */
  public boolean isDone() {
    return terminal == tasks.size;
  }

  /** A task's state ({@link TaskStates}). */
  public byte state(int t) {
    return tasks.state[t];
  }

  /** The terminal outcome of a task, or 0 while it has none. */
  public byte outcome(int t) {
    byte s = tasks.state[t];
    return TaskStates.isTerminal(s) ? s : 0;
  }

  /** Whether a task is running (handed to an agent and not ended). */
  public boolean isRunning(int t) {
    return tasks.state[t] == RUNNING;
  }

  /** Whether a task is waiting out a retry delay. */
  public boolean isWaitingToRetry(int t) {
    return tasks.state[t] == RETRY_WAIT;
  }

  /** How deep a task is in a spawn hierarchy: 0 for plan tasks. */
  public int depth(int t) {
    return spawns.depth(t);
  }

  /** The parent of a spawned task, or -1 for a plan task. */
  public int parentOf(int t) {
    return spawns.parentOf(t);
  }

  public WaveIndex waves() {
    return barrier.waves();
  }

  /** The wave a plan task belongs to, -1 for a spawned task. */
  public int waveOf(int t) {
    return t < n ? barrier.waves().waveOf(t) : -1;
  }
}
