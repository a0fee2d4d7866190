package dev.orchestrator.run;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One agent of a run's pool: a long-lived thread with its warm state, its statistics, and the
 * attempt it runs now. Fields other than the volatile ones are guarded by the run's lock.
 */
final class Agent {

  /** The attempt an agent is running, and who may still end it. */
  static final class Attempt {
    static final int RUNNING = 0;
    static final int DONE = 1;
    static final int ABANDONED = 2;

    final int task;
    final int number;
    final long started;
    final AtomicInteger state = new AtomicInteger(RUNNING);
    volatile boolean timedOut;
    volatile boolean stalled; // cancelled by the stall watch
    boolean stallFlagged; // guarded by the run's lock
    volatile boolean cancelled;
    volatile long heartbeat;
    volatile double progress;
    Object timeoutHandle; // the timer's handle, to cancel when the attempt ends
    JournalWriter.Output journaled; // the output as JSON, for a journaled DATA source

    Attempt(int task, int number, long now) {
      this.task = task;
      this.number = number;
      this.started = now;
      this.heartbeat = now;
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
  int lastReleased = -1; // the task whose completion last made tasks ready on this agent

  int tasks;
  long busyNanos;
  final long createdNanos;
  long endNanos = -1;

  Agent(AgentInfo info, int recordNumber, long createdNanos) {
    this.info = info;
    this.recordNumber = recordNumber;
    this.createdNanos = createdNanos;
  }

  /** Interrupts the agent's thread if {@code target} is still its running attempt. */
  boolean interrupt(Attempt target) {
    interruptLock.lock();
    try {
      if (attempt == target && target.state.get() == Attempt.RUNNING) {
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
      boolean ended = current.state.compareAndSet(Attempt.RUNNING, Attempt.DONE);
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
