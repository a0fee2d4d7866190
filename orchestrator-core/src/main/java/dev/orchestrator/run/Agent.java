package dev.orchestrator.run;

import dev.orchestrator.task.TaskSpec;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One agent of a run's pool: a long-lived thread with its warm state, its statistics, and the
 * attempt it runs now. Fields other than the volatile ones are guarded by the run's lock, except
 * those marked as the agent's own (touched only by its thread, and by the run under its lock once
 * the agent is abandoned).
 */
final class Agent {

  /**
   * One attempt of one task: made when an agent claims the task (under the run's lock), started and
   * ended by the agent that runs it, recorded under the lock afterwards.
   */
  static final class Attempt extends AttemptContext {
    static final int RUNNING = 0;
    static final int DONE = 1;
    static final int ABANDONED = 2;
    private static final VarHandle STATE;

    static {
      try {
        STATE = MethodHandles.lookup().findVarHandle(Attempt.class, "state", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    long started; // set by the agent that runs it, before the attempt is published to the timer
    @SuppressWarnings("unused") // through STATE
    private volatile int state; // RUNNING, then DONE (ended by its agent) or ABANDONED (by the run)
    volatile boolean timedOut;
    Scheduler.Timer timeoutHandle; // to cancel when the attempt ends
    // The outcome, kept until the run records it (a batch records several at once).
    Object result;
    Throwable error;
    long ended;
    boolean stolen; // taken from another agent's batch
    boolean notStarted; // claimed, but the run was cancelled before it could start
    boolean announced; // its task-started event is posted
    volatile boolean stalled; // cancelled by the stall watch
    boolean stallFlagged; // guarded by the run's lock
    JournalWriter.Output journaled; // the output as JSON, for a journaled DATA source

    Attempt(RunExecution run, int task, int number, TaskSpec spec) {
      super(run, task, number, spec);
    }

    boolean isRunning() {
      return (int) STATE.getVolatile(this) == RUNNING;
    }

    /** Moves the attempt from RUNNING to {@code to}; false if it was no longer running. */
    boolean end(int to) {
      return STATE.compareAndSet(this, RUNNING, to);
    }
  }

  /**
   * Tasks one agent claimed at once, in the policy's order. The owner and idle agents (stealing)
   * take them front to back, by compare-and-set on {@code next}, so each runs exactly once; the run
   * takes back what is left (pause, cancel, an abandoned owner) the same way.
   */
  static final class Batch {
    private static final VarHandle NEXT;

    static {
      try {
        NEXT = MethodHandles.lookup().findVarHandle(Batch.class, "next", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final Attempt[] items;
    final int size;
    @SuppressWarnings("unused") // through NEXT
    private volatile int next;

    Batch(Attempt[] items, int size, int taken) {
      this.items = items;
      this.size = size;
      this.next = taken;
    }

    /** The next attempt not yet taken, now taken; null when none is left. */
    Attempt take() {
      while (true) {
        int i = (int) NEXT.getVolatile(this);
        if (i >= size) {
          return null;
        }
        if (NEXT.compareAndSet(this, i, i + 1)) {
          return items[i];
        }
      }
    }

    /** The next attempt not yet taken, without taking it; null when none is left. */
    Attempt peek() {
      int i = (int) NEXT.getVolatile(this);
      return i < size ? items[i] : null;
    }

    /** Takes {@code expected} if it is still the next one. */
    boolean take(Attempt expected) {
      int i = (int) NEXT.getVolatile(this);
      return i < size && items[i] == expected && NEXT.compareAndSet(this, i, i + 1);
    }

    /** Takes everything left; returns the index of the first attempt taken ({@code size} if none). */
    int takeRest() {
      return Math.min(size, (int) NEXT.getAndSet(this, size));
    }

    boolean isEmpty() {
      return (int) NEXT.getVolatile(this) >= size;
    }
  }

  final AgentInfo info;
  final int recordNumber; // index in the report's agent list
  Thread thread;
  Set<String> skills = Set.of();
  int slot = -1; // dispatcher slot once joined
  Object state;
  boolean stateReady;

  // Interrupts are delivered only under this lock and only to the attempt still running, so that
  // an interrupt meant for one task never reaches the next one.
  final ReentrantLock interruptLock = new ReentrantLock();
  volatile Attempt attempt;

  volatile boolean signalled;
  boolean idle;
  boolean exited;
  boolean abandoned;

  // The agent's own: the batch it claimed last (published for thieves), the attempts it ran and the
  // run has not recorded yet, and how long its last task took (batches are for short tasks only).
  volatile Batch batch;
  boolean listed; // in the run's list of agents with a batch (guarded by the run's lock)
  Attempt[] done = new Attempt[8];
  int doneCount;
  long lastTaskNanos;

  int tasks;
  long busyNanos;
  final long createdNanos;
  long endNanos = -1;

  Agent(AgentInfo info, int recordNumber, long createdNanos) {
    this.info = info;
    this.recordNumber = recordNumber;
    this.createdNanos = createdNanos;
  }

  /** Keeps an ended attempt until the run records it. */
  void ended(Attempt a) {
    if (doneCount == done.length) {
      done = java.util.Arrays.copyOf(done, doneCount * 2);
    }
    done[doneCount++] = a;
  }

  /** Interrupts the agent's thread if {@code target} is still its running attempt. */
  boolean interrupt(Attempt target) {
    interruptLock.lock();
    try {
      if (attempt == target && target.isRunning()) {
        thread.interrupt();
        return true;
      }
      return false;
    } finally {
      interruptLock.unlock();
    }
  }

  /**
   * Ends the running attempt from the agent's own thread: true if it ended normally, false if it
   * was abandoned meanwhile (the agent must then leave without touching the run). Clears any
   * interrupt aimed at the attempt.
   */
  boolean endAttempt(Attempt current) {
    interruptLock.lock();
    try {
      boolean ended = current.end(Attempt.DONE);
      attempt = null;
      Thread.interrupted();
      return ended;
    } finally {
      interruptLock.unlock();
    }
  }

  @Override
  public String toString() {
    return info.name();
  }
}
