package dev.orchestrator.run;

import dev.orchestrator.observe.RunEvent;
import dev.orchestrator.task.TaskSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds running attempts that have been silent (no progress, no heartbeat) for longer than their
 * stall limit. It scans the agents' running attempts every quarter of the smallest stall limit in
 * the plan (at least every millisecond, at most every second), so a stall is flagged at most a
 * quarter of its limit late; each attempt is flagged once.
 */
final class StallWatch {

  static final long MIN_PERIOD = TimeUnit.MILLISECONDS.toNanos(1);
  static final long MAX_PERIOD = TimeUnit.SECONDS.toNanos(1);

  private static final Logger LOG = LoggerFactory.getLogger(StallWatch.class);

  private final RunExecution run;

  private StallWatch(RunExecution run) {
    this.run = run;
  }

  /** Scans a run's running attempts every {@code period} nanoseconds on its timer. */
  static StallWatch start(RunExecution run, long period) {
    StallWatch watch = new StallWatch(run);
    run.scheduler().repeat(watch::scan, period);
    return watch;
  }

  private void scan() {
    run.lock().lock();
    try {
      if (run.isOver()) {
        return;
      }
      long now = run.now();
      Duration runDefault = run.options().stallTimeout().orElse(null);
      for (Agent agent : run.agentsLocked()) {
        Agent.Attempt attempt = agent.attempt;
        if (attempt == null || attempt.stallFlagged || agent.abandoned
            || !attempt.isRunning()) {
          continue;
        }
        long limit = limit(run.spec(attempt.task), runDefault);
        if (isStalled(now, attempt.heartbeat, limit)) {
          stalled(agent, attempt, now - attempt.heartbeat);
        }
      }
    } finally {
      run.lock().unlock();
    }
  }

  /** A running attempt was silent past its limit: flag it and, if so configured, cancel it. */
  private void stalled(Agent agent, Agent.Attempt attempt, long silentNanos) {
    attempt.stallFlagged = true;
    boolean cancel = run.options().stallAction() == StallAction.CANCEL;
    String taskId = run.taskId(attempt.task);
    RunEvent.TaskStalled stall = new RunEvent.TaskStalled(run.id(), run.timeNow(), taskId,
        attempt.number, agent.info.name(), Duration.ofNanos(silentNanos),
        cancel ? "cancelled; retried if its retry policy allows" : "flagged");
    run.stalled(stall);
    LOG.warn("{}: task '{}' (attempt {} on {}) has been silent for {}: {}", run.id(), taskId,
        attempt.number, agent, stall.silentFor(), stall.action());
    if (cancel) {
      run.cancelStalled(agent, attempt);
    }
  }

  /**
   * How often to scan, or 0 when nothing is watched: no run default and no task of the plan with a
   * limit of its own (spawned tasks with one are scanned at {@link #MAX_PERIOD}).
   */
  static long period(List<TaskSpec> tasks, Duration runDefault) {
    long smallest = runDefault == null ? Long.MAX_VALUE : runDefault.toNanos();
    for (TaskSpec task : tasks) {
      Duration limit = task.stallTimeout().orElse(null);
      if (limit != null) {
        smallest = Math.min(smallest, limit.toNanos());
      }
    }
    return smallest == Long.MAX_VALUE ? 0 : Math.max(MIN_PERIOD, Math.min(MAX_PERIOD, smallest / 4));
  }

  /** The stall limit of a task in nanoseconds, or -1 if it is not watched. */
  static long limit(TaskSpec task, Duration runDefault) {
    Duration limit = task.stallTimeout().orElse(runDefault);
    return limit == null ? -1 : limit.toNanos();
  }

  /**
   * Whether an attempt with this heartbeat is stalled at {@code now}.
   *
   * @param limit the stall limit, or -1 when not watched
   */
  static boolean isStalled(long now, long heartbeat, long limit) {
    return limit >= 0 && now - heartbeat > limit;
  }
}
