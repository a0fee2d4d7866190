package dev.orchestrator.run;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs actions after a delay: a run's retries, timeouts, stall scans and grace periods. Comes from
 * the run's {@link EngineClock}, so that a virtual clock can fire them as it is advanced.
 * Implementations are thread-safe.
 */
interface Scheduler {

  /** A scheduled action, which may be cancelled before it runs. */
  interface Timer {
    /** Keeps the action from running if it has not started; does nothing once it has. */
    void cancel();
  }

  /** Runs {@code action} once, {@code delayNanos} from now. */
  Timer schedule(Runnable action, long delayNanos);

  /** Cancels what is scheduled and refuses new actions (they never run). */
  void shutdown();

  /** Runs {@code action} every {@code periodNanos}, each time that long after the last one ended. */
  default Timer repeat(Runnable action, long periodNanos) {
    Repeat repeat = new Repeat(this, action, periodNanos);
    repeat.next();
    return repeat;
  }

  /** {@link #repeat}: schedules itself again after each run, until cancelled. */
  final class Repeat implements Timer, Runnable {
    private final Scheduler scheduler;
    private final Runnable action;
    private final long period;
    private volatile boolean cancelled;
    private volatile Timer current;

    private Repeat(Scheduler scheduler, Runnable action, long period) {
      this.scheduler = scheduler;
      this.action = action;
      this.period = period;
    }

    private void next() {
      if (!cancelled) {
        current = scheduler.schedule(this, period);
      }
    }

    @Override
    public void run() {
      if (cancelled) {
        return;
      }
      try {
        action.run();
      } finally {
        next();
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
      Timer timer = current;
      if (timer != null) {
        timer.cancel();
      }
    }
  }

  /**
   * The system's scheduler: one daemon thread, started on the first action (a run with no timeout,
   * retry delay or stall limit never starts one).
   */
  final class OnThread implements Scheduler {
    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private ScheduledThreadPoolExecutor executor; // guarded by lock
    private boolean shut; // guarded by lock

    OnThread(String name) {
      this.name = name;
    }

    @Override
    public Timer schedule(Runnable action, long delayNanos) {
      ScheduledThreadPoolExecutor timer = executor();
      if (timer == null) {
        return () -> {};
      }
      try {
        ScheduledFuture<?> future = timer.schedule(action, delayNanos, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
      } catch (RejectedExecutionException e) {
        return () -> {}; // shut down meanwhile: the run is over and its timers are moot
      }
    }

    private ScheduledThreadPoolExecutor executor() {
      lock.lock();
      try {
        if (executor == null && !shut) {
          executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
          });
          executor.setRemoveOnCancelPolicy(true);
          executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        }
        return shut ? null : executor;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void shutdown() {
      lock.lock();
      try {
        shut = true;
        if (executor != null) {
          executor.shutdownNow();
        }
      } finally {
        lock.unlock();
      }
    }
  }
}
