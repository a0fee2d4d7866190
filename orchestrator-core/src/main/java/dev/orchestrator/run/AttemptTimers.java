package dev.orchestrator.run;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a run does at a time rather than on an event, on the run's {@link Scheduler}: an
 * attempt's timeout (interrupt it), the stall watch's scans, the grace after an interrupt (abandon
 * an attempt that ignores it, replace its agent, and let the task fail or retry), retry delays (the
 * task waits without an agent, then is due), and the failure supervisor's delayed analyses.
 *
 * <p>Interrupts are delivered under the agent's own lock and only to the attempt still running, so
 * they never hit the next task; abandoning is a compare-and-set on the attempt, so an attempt that
 * ends just then is recorded once, by whichever side won.
 */
final class AttemptTimers {

  private static final Logger LOG = LoggerFactory.getLogger(AttemptTimers.class);

  private final RunExecution run;
  private StallWatch stalls; // null while nothing is watched; guarded by the run's lock
  private int retryWaits; // retries waiting out a delay; guarded by the run's lock

  AttemptTimers(RunExecution run) {
    this.run = run;
  }

  /** A claimed attempt starts on {@code agent}: its timeout. Without the lock. */
  void started(Agent agent, Agent.Attempt attempt) {
    Duration timeout = attempt.spec.timeout().orElse(null);
    if (timeout != null) {
      attempt.timeoutHandle = run.timer.schedule(() -> timedOut(agent, attempt), timeout.toNanos());
    }
  }

  /** The attempt ended: its timeout no longer applies. */
  void ended(Agent.Attempt attempt) {
    if (attempt.timeoutHandle != null) {
      attempt.timeoutHandle.cancel();
    }
  }

  /** The timer fired for an attempt: interrupt it, and abandon it if it ignores that. */
  private void timedOut(Agent agent, Agent.Attempt attempt) {
    if (!attempt.isRunning()) {
      return;
    }
    attempt.timedOut = true;
    attempt.cancelled = true;
    agent.interrupt(attempt);
    abandonAfter(agent, attempt, run.options.timeoutGrace(), null);
  }

  /** Cancels a stalled attempt as a timeout would, abandoning it if it ignores the interrupt. */
  void cancelStalled(Agent agent, Agent.Attempt attempt) {
    attempt.stalled = true;
    attempt.cancelled = true;
    agent.interrupt(attempt);
    abandonAfter(agent, attempt, run.options.timeoutGrace(), null);
  }

  /** The run is being cancelled: interrupt a running attempt, abandoned after the cancel grace. */
  void cancelRunning(Agent agent, Agent.Attempt attempt, String cause) {
    attempt.cancelled = true;
    agent.interrupt(attempt);
    abandonAfter(agent, attempt, run.options.cancelGrace(), cause
        + "; the task ignored the interrupt and was abandoned after " + run.options.cancelGrace());
  }

  private void abandonAfter(Agent agent, Agent.Attempt attempt, Duration grace, String cancelled) {
    run.timer.schedule(() -> abandonIfStuck(agent, attempt, cancelled), grace.toNanos());
  }

  /**
   * Abandons an attempt still running after its grace: the agent is replaced, not waited for.
   *
   * @param cancelledCause the task's cause when the run is being cancelled (it ends CANCELLED), or
   *     null (it failed by timeout or stall, and may retry)
   */
  private void abandonIfStuck(Agent agent, Agent.Attempt attempt, String cancelledCause) {
    if (!attempt.end(Agent.Attempt.ABANDONED)) {
      return;
    }
    run.lock.lock();
    try {
      // What the agent ran before it got stuck, and what is left of its batch, go on without it.
      run.completion.recordEnded(agent);
      run.claims.drain(agent, run.now());
      boolean replace = run.pool.abandon(agent, attempt);
      run.recorder.runningCount--;
      long now = run.now();
      int t = attempt.task;
      // Its start is recorded here: an attempt is recorded when it ends, and this one never will.
      run.recorder.announce(agent, attempt, attempt.started);
      run.record.attemptStarted(t, attempt.started, agent.recordNumber);
      if (cancelledCause != null) {
        run.recorder.failureCause.put(t, cancelledCause);
        run.state.attemptCancelled(t, now);
      } else {
        if (replace) {
          run.pool.replace();
        }
        run.completion.failed(t, attempt.number, attempt.timedOut
            ? run.state.timeoutError(t, null, true) : stallError(t, null, true), now);
        run.pool.wakeIdle(0);
      }
      LOG.warn("{}: abandoned the attempt of '{}' on {}", run.id, run.record.id(t), agent);
      run.end.maybeComplete();
    } finally {
      run.lock.unlock();
    }
  }

  /** The error an attempt the stall watch cancelled ends with. */
  Throwable stallError(int t, Throwable error, boolean abandoned) {
    long limit = StallWatch.limit(run.state.spec(t), run.options.stallTimeout().orElse(null));
    TimeoutException e = new TimeoutException("task '" + run.record.id(t) + "' stalled: silent for"
        + " longer than its stall limit " + Duration.ofNanos(limit) + "; the attempt was cancelled"
        + (abandoned ? " and, as it ignored the interrupt, abandoned" : ""));
    if (error != null) {
      e.initCause(error);
    }
    return e;
  }

  /** Starts the stall watch, scanning every {@code period} nanoseconds (0: not needed yet). */
  void watchStalls(long period) {
    if (period > 0 && stalls == null && !run.over) {
      stalls = StallWatch.start(run, period);
    }
  }

  /** A failed attempt's task is due again after {@code delayNanos}; it holds no agent meanwhile. */
  void retryAfter(int t, long delayNanos) {
    retryWaits++;
    run.timer.schedule(() -> retryDue(t), delayNanos);
  }

  private void retryDue(int t) {
    run.lock.lock();
    try {
      retryWaits--;
      if (run.state.retryDue(t, run.now())) {
        run.pool.wakeIdle(0);
      }
    } finally {
      run.lock.unlock();
    }
  }

  /** Whether some task waits out a retry delay. */
  boolean retriesWaiting() {
    return retryWaits > 0;
  }

  /** Runs {@code action} under the lock after {@code nanos}, unless the run is over by then. */
  void later(Runnable action, long nanos) {
    run.timer.schedule(() -> run.locked(() -> {
      if (!run.over) {
        action.run();
      }
    }), nanos);
  }
}
