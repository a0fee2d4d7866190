package dev.orchestrator.run;

import dev.orchestrator.task.TaskSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds running attempts that have been silent (no progress, no heartbeat) for longer than their
 * stall limit. It scans the agents' running attempts every quarter of the smallest stall limit in
 * the plan (at least every millisecond, at most every second), so a stall is flagged at most a
 * quarter of its limit late; each attempt is flagged once.
 */
final class StallWatch {

  static final long MIN_PERIOD = TimeUnit.MILLISECONDS.toNanos(1);
  static final long MAX_PERIOD = TimeUnit.SECONDS.toNanos(1);

  private StallWatch() {}

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
