package dev.orchestrator.schedule;

import dev.orchestrator.graph.TaskGraph;
import dev.orchestrator.task.TaskSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;

/**
 * The decisions of one run, made in one place for real runs and the simulator alike: it takes what
 * happened (an agent joined or left, an attempt ended with an outcome, a retry is due, a timeout
 * fired, a cancel) and tells its {@link Effects} what to do (record a retry and schedule it, keep a
 * failure, interrupt the running attempts, record a task's end). It wraps the run's {@link
 * Dispatcher}, which decides which task starts next.
 *
 * <p>Pure and single-threaded: no threads, no clock, no timer. Every input carries the time it
 * happened ({@code now}, nanoseconds on the caller's monotonic clock), and randomness (retry
 * jitter) comes from the generator it is given. The real engine calls it under its lock and reads
 * its clock and timer itself; the simulator calls it from its event loop on a virtual clock.
 *
 * <p>The decisions, exactly as the engine has always made them:
 *
 * <ul>
 *   <li><b>An attempt failed</b> ({@link #attemptFailed}): while the run is being cancelled, the
 *       task ends CANCELLED. Otherwise, unless a gate stayed shut, the task's {@link
 *       dev.orchestrator.task.RetryPolicy} decides: another attempt after {@code delayAfter(attempt,
 *       random)} (at once for a zero delay), or the task ends FAILED; under FAIL_FAST a FAILED task
 *       then cancels the run with the cause "the run was cancelled after task 'id' failed
 *       (FAIL_FAST)".
 *   <li><b>A cancel</b> ({@link #cancel}): once only and not after the run is over; every task not
 *       started ends CANCELLED at once, running attempts are to be interrupted and end CANCELLED
 *       when they do.
 *   <li><b>A parent ends after its children</b>: a task that spawned children ends when they have
 *       (the dispatcher's rule), and its end is recorded no sooner than the last child's.
 *   <li><b>Spawning</b> ({@link #spawn}): the child's id is {@code parent/child}; a retried parent
 *       that spawns the same child again gets the one it has; an id the plan already has is an
 *       error, and so is spawning while the run is cancelled or over.
 *   <li><b>Compensation order</b> ({@link #compensationOrder}): the succeeded tasks that have a
 *       compensation, most recently ended first.
 * </ul>
 *
 * <p>Not thread-safe. The effects are called synchronously, inside the input that causes them, in
 * the order documented on each input.
 */
public final class RunState {

  /** {@link #attemptFailed}: the task will be tried again. */
  public static final byte RETRY = 0;

  /** What the run state asks its caller to do; every method does nothing unless overridden. */
  public interface Effects {
    /** A task became ready (its dependencies allow it to start). */
    default void ready(int task) {}

    /** The first task of a wave started. */
    default void waveStarted(int wave) {}

    /** The last task of a wave finished. */
    default void waveFinished(int wave) {}

    /**
     * A task reached its terminal state: record it (report, journal, listeners).
     *
     * @param outcome {@link Dispatcher#SUCCEEDED}, {@code FAILED}, {@code SKIPPED} or {@code
     *     CANCELLED}
     * @param cause the task that caused it (the failed dependency of a SKIPPED task, the failed
     *     child of a FAILED parent), or -1
     * @param at when it ended: the input's time, and for a parent no sooner than its last child
     */
    default void ended(int task, byte outcome, int cause, long at) {}

    /**
     * An attempt failed and the task will be tried again: record it pending and tell listeners and
     * the journal. When {@code delayNanos > 0}, call {@link #retryDue} at {@code now + delayNanos};
     * a zero delay makes the task ready again at once, right after this call.
     */
    default void retrying(int task, int attempt, Throwable error, long delayNanos) {}

    /**
     * An attempt's failure ends its task ({@code outcome} FAILED, or CANCELLED while the run is
     * being cancelled): keep the error and the cause for the report. Called before {@link #ended}.
     */
    default void failing(int task, byte outcome, Throwable error) {}

    /**
     * The run is being cancelled; called before the tasks not started end CANCELLED, which they do
     * with {@code cause} as their cause.
     */
    default void cancelling(String cause) {}

    /**
     * The run is being cancelled and every task not started has ended CANCELLED: interrupt the
     * running attempts (they end CANCELLED through {@link #attemptFailed} or {@link
     * #attemptCancelled}) and give back claimed tasks not started.
     */
    default void cancelled(String cause) {}
  }

  private final TaskGraph graph;
  private final int n;
  private final boolean failFast;
  private final RandomGenerator random;
  private final Effects effects;
  private final Dispatcher dispatcher;
  private final List<TaskSpec> spawned = new ArrayList<>();
  private final Map<String, Integer> spawnedIds = new HashMap<>();
  private final Map<Integer, Long> childFinish = new HashMap<>();
  private int[] compensable = new int[0];
  private int compensableCount;
  private String cancelCause;
  private long now;

  /**
   * A run in its initial state: tasks without dependencies are ready.
   *
   * @param order the priority order, position to task (from {@link PriorityOrder})
   * @param failFast whether a task that fails for good cancels the run (FAIL_FAST)
   * @param random the retry jitter's source
   * @param effects what to do; null for nothing
   */
  public RunState(TaskGraph graph, int[] order, Dispatcher.Settings settings, boolean failFast,
      RandomGenerator random, Effects effects) {
    this.graph = Objects.requireNonNull(graph);
    this.n = graph.size();
    this.failFast = failFast;
    this.random = Objects.requireNonNull(random);
    this.effects = effects == null ? new Effects() {} : effects;
    this.dispatcher = new Dispatcher(graph, order, settings, new Transitions());
  }

  /** The dispatcher, for queries and the transitions the run state has no decision in. */
  public Dispatcher dispatcher() {
    return dispatcher;
  }

  // ---------------------------------------------------------------- agents

  /** An agent joined; see {@link Dispatcher#join}. */
  public int agentJoined(Set<String> skills) {
    return dispatcher.join(skills);
  }

  /** An agent left (retired, failed or abandoned). */
  public void agentLeft(int slot) {
    dispatcher.leave(slot);
  }

  /** The task the agent in {@code slot} should start now, already marked running, or NONE. */
  public int next(long now, int slot) {
    this.now = now;
    return dispatcher.next(now, slot);
  }

  // ---------------------------------------------------------------- attempts

  /** A running task's attempt succeeded; its end is recorded through {@link Effects#ended}. */
  public void attemptSucceeded(int t, long now) {
    this.now = now;
    dispatcher.finished(t, Dispatcher.SUCCEEDED, now);
  }

  /**
   * A running task's attempt failed: retry, fail or cancel, as the class comment says. Calls, in
   * order: {@link Effects#retrying} (and makes a zero-delay retry ready), or {@link Effects#failing}
   * then {@link Effects#ended}, then for FAIL_FAST {@link #cancel}'s effects.
   *
   * @param attempt the attempt's number, from 1
   * @param gateShut whether the task is a gate whose check said no (never retried)
   * @return {@link #RETRY}, {@link Dispatcher#FAILED} or {@link Dispatcher#CANCELLED}
   */
  public byte attemptFailed(int t, int attempt, Throwable error, boolean gateShut, long now) {
    this.now = now;
    if (cancelCause != null) {
      effects.failing(t, Dispatcher.CANCELLED, error);
      dispatcher.finished(t, Dispatcher.CANCELLED, now);
      return Dispatcher.CANCELLED;
    }
    TaskSpec spec = spec(t);
    if (!gateShut && spec.retry().shouldRetry(attempt, error)) {
      Duration delay = spec.retry().delayAfter(attempt, random);
      dispatcher.retrying(t);
      long nanos = delay.toNanos();
      effects.retrying(t, attempt, error, nanos);
      if (nanos == 0) {
        dispatcher.requeue(t, now);
      }
      return RETRY;
    }
    effects.failing(t, Dispatcher.FAILED, error);
    dispatcher.finished(t, Dispatcher.FAILED, now);
    if (failFast) {
      cancel("the run was cancelled after task '" + id(t) + "' failed (FAIL_FAST)", now);
    }
    return Dispatcher.FAILED;
  }

  /**
   * A running attempt was given up while the run is being cancelled (it ignored the interrupt past
   * the grace): the task ends CANCELLED. Calls {@link Effects#failing} then {@link Effects#ended}.
   */
  public void attemptCancelled(int t, long now) {
    this.now = now;
    effects.failing(t, Dispatcher.CANCELLED, null);
    dispatcher.finished(t, Dispatcher.CANCELLED, now);
  }

  /**
   * A task {@link #next} returned never started (the rest of a batch, when the run pauses, is
   * cancelled or loses the agent); see {@link Dispatcher#unclaim}.
   */
  public void unclaim(int t, long now) {
    this.now = now;
    dispatcher.unclaim(t, now);
  }

  /**
   * A running task is held without an agent (its group is paused): it waits as a retry does, until
   * {@link #retryDue} or {@link #endWaiting}.
   */
  public void hold(int t) {
    dispatcher.retrying(t);
  }

  /** A task waiting out a retry delay or a hold ends for good; see {@link Dispatcher#endWaiting}. */
  public void endWaiting(int t, byte outcome, long now) {
    this.now = now;
    dispatcher.endWaiting(t, outcome, now);
  }

  /**
   * A retry's delay is over: the task is ready again, unless it no longer waits (the run was
   * cancelled meanwhile).
   *
   * @return whether the task became ready (wake an agent)
   */
  public boolean retryDue(int t, long now) {
    this.now = now;
    if (!dispatcher.isWaitingToRetry(t)) {
      return false;
    }
    dispatcher.requeue(t, now);
    return true;
  }

  /**
   * An attempt's timeout fired: whether to interrupt it, that is whether the task still runs (the
   * attempt may have ended meanwhile). An interrupted attempt ends through {@link #attemptFailed}
   * with {@link #timeoutError}.
   */
  public boolean timeoutFired(int t) {
    return dispatcher.isRunning(t);
  }

  /**
   * The error a timed-out attempt ends with.
   *
   * @param cause what the attempt threw when interrupted, or null
   * @param abandoned whether it ignored the interrupt and was given up
   */
  public TimeoutException timeoutError(int t, Throwable cause, boolean abandoned) {
    Duration timeout = spec(t).timeout().orElseThrow();
    String message = "task '" + id(t) + "' timed out after " + timeout
        + (abandoned ? "; the attempt ignored the interrupt and was abandoned" : "");
    TimeoutException e = new TimeoutException(message);
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  // ---------------------------------------------------------------- run

  /**
   * Cancels the run, once: calls {@link Effects#cancelling}, ends every task not started CANCELLED,
   * then calls {@link Effects#cancelled}.
   *
   * @return false when the run was already being cancelled or is over
   */
  public boolean cancel(String cause, long now) {
    Objects.requireNonNull(cause);
    if (cancelCause != null || dispatcher.isDone()) {
      return false;
    }
    this.now = now;
    cancelCause = cause;
    effects.cancelling(cause);
    dispatcher.cancelRemaining(now);
    effects.cancelled(cause);
    return true;
  }

  /** Whether the run is being cancelled. */
  public boolean isCancelling() {
    return cancelCause != null;
  }

  /** Why the run is being cancelled, or null. */
  public String cancelCause() {
    return cancelCause;
  }

  /** Whether every task, spawned ones included, has ended. */
  public boolean isDone() {
    return dispatcher.isDone();
  }

  /** A task that succeeded in an earlier run ends SUCCEEDED without running; see {@link Dispatcher#restore}. */
  public void restore(int t, long now) {
    this.now = now;
    dispatcher.restore(t, now);
  }

  /**
   * A running task spawns a child (see the class comment).
   *
   * @return the child's index; an index below {@link #size()} before the call is a child the parent
   *     had spawned already
   * @throws IllegalArgumentException if the plan already has a task of the child's id
   * @throws IllegalStateException if the run is being cancelled or is over
   */
  public int spawn(int parent, TaskSpec child, long now) {
    String parentId = id(parent);
    String childId = parentId + "/" + child.id();
    Integer existing = spawnedIds.get(childId);
    if (existing != null) {
      return existing;
    }
    if (graph.indexOf(childId) >= 0) {
      throw new IllegalArgumentException("task '" + parentId + "' cannot spawn '" + child.id()
          + "': the plan already has a task '" + childId + "'");
    }
    if (cancelCause != null || dispatcher.isDone()) {
      throw new IllegalStateException(
          "task '" + parentId + "' cannot spawn '" + child.id() + "': the run is being cancelled");
    }
    this.now = now;
    TaskSpec renamed = child.toBuilder().id(childId).build();
    spawned.add(renamed);
    int t = dispatcher.spawn(parent, renamed, now);
    spawnedIds.put(childId, t);
    return t;
  }

  /** The tasks to compensate in a rollback, in the order to run them: latest success first. */
  public int[] compensationOrder() {
    int[] order = new int[compensableCount];
    for (int k = 0; k < compensableCount; k++) {
      order[k] = compensable[compensableCount - 1 - k];
    }
    return order;
  }

  /** The number of tasks with a compensation that succeeded so far. */
  public int compensable() {
    return compensableCount;
  }

  // ---------------------------------------------------------------- tasks

  /** Tasks so far, spawned ones included. */
  public int size() {
    return dispatcher.size();
  }

  /** A task's spec; spawned tasks carry their {@code parent/child} id. */
  public TaskSpec spec(int t) {
    return t < n ? graph.task(t) : spawned.get(t - n);
  }

  /** A task's id. */
  public String id(int t) {
    return t < n ? graph.id(t) : spawned.get(t - n).id();
  }

  /** The dispatcher's events, turned into effects with the decisions above. */
  private final class Transitions implements Dispatcher.Events {
    @Override
    public void terminal(int t, byte outcome, int cause) {
      long at = now;
      if (!childFinish.isEmpty()) {
        Long children = childFinish.remove(t);
        if (children != null) {
          at = Math.max(at, children);
        }
      }
      if (t >= n) {
        childFinish.merge(dispatcher.parentOf(t), at, Math::max);
      }
      if (outcome == Dispatcher.SUCCEEDED && spec(t).compensation().isPresent()) {
        if (compensableCount == compensable.length) {
          compensable = java.util.Arrays.copyOf(compensable, Math.max(16, compensableCount * 2));
        }
        compensable[compensableCount++] = t;
      }
      effects.ended(t, outcome, cause, at);
    }

    @Override
    public void ready(int t) {
      effects.ready(t);
    }

    @Override
    public void waveStarted(int wave) {
      effects.waveStarted(wave);
    }

    @Override
    public void waveFinished(int wave) {
      effects.waveFinished(wave);
    }
  }
}
