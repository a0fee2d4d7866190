package dev.orchestrator.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A run as the dashboard shows it at one moment: what the console draws and {@code dashboard.json}
 * holds. Made by {@link RunTracker#snapshot()}.
 *
 * @param phase "starting", "running", "finished" or "cancelled"
 * @param elapsed since the run started
 * @param workDone the planned work of the finished tasks ÷ the plan's total work (the count
 *     fraction when the plan has no work)
 * @param eta the time left, blended from the prediction and the observed rate (see {@link
 *     RunTracker}); empty before the plan is known and once the run is over
 * @param wave the lowest wave still open (1-based), 0 before the first starts
 * @param waves the plan's waves
 * @param throughput tasks finished per second since the start
 */
record Snapshot(
    String runId,
    String plan,
    String mode,
    String phase,
    Instant startTime,
    Instant time,
    Duration elapsed,
    int total,
    int succeeded,
    int failed,
    int skipped,
    int cancelled,
    int running,
    int pending,
    int retries,
    double workDone,
    Optional<Duration> estimate,
    String estimateSource,
    Optional<Duration> eta,
    int wave,
    int waves,
    int agents,
    int initialAgents,
    double throughput,
    List<RunEvent.ScalingAdjustment> adjustments,
    List<RunEvent.ResourceAlert> resources,
    Optional<RunEvent.FailureAnalysis> failureAnalysis,
    List<String> recentFailures,
    Optional<String> activity,
    long eventsDropped) {

  Snapshot {
    adjustments = List.copyOf(adjustments);
    resources = List.copyOf(resources);
    recentFailures = List.copyOf(recentFailures);
  }

  int finished() {
    return succeeded + failed + skipped + cancelled;
  }

  /** Finished tasks ÷ all tasks (1 for an empty run). */
  double done() {
    return total == 0 ? 1.0 : (double) finished() / total;
  }

  boolean isOver() {
    return phase.equals("finished") || phase.equals("cancelled");
  }
}
