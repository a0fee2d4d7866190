package dev.orchestrator.cluster;

import java.io.Serializable;
import java.time.Duration;

/**
 * How a run across the cluster ended, as the coordinator that finished it recorded it.
 *
 * @param run the run's name
 * @param tasks the plan's tasks
 * @param succeeded tasks that succeeded (restored ones included)
 * @param failed tasks that failed
 * @param skipped tasks skipped because a dependency failed
 * @param restored tasks whose success an earlier coordinator had recorded: they did not run again
 * @param requeued dispatches re-queued because their member left or stopped serving
 * @param epoch the epoch of the coordinator that finished the run (1 + the take-overs)
 * @param coordinator the member that finished it
 * @param elapsed from the run's start to its end, over every coordinator
 */
public record ClusterReport(String run, int tasks, int succeeded, int failed, int skipped,
    int restored, int requeued, long epoch, String coordinator, Duration elapsed)
    implements Serializable {

  /** Whether every task succeeded. */
  public boolean isSuccess() {
    return succeeded == tasks;
  }
}
