package dev.orchestrator.observe;

import java.time.Duration;

/**
 * A live, read-only view of a run's counters, handed to listeners in {@link RunEvent.PlanReady}: a
 * dashboard reads it when it redraws instead of counting every task's events. Counts are read
 * without stopping the run and may be a moment old; once the run is over they are final.
 */
public interface RunProgress {

  /** Tasks in the run, spawned ones included. */
  int total();

  /** Tasks not started (waiting, ready, or waiting out a retry delay). */
  int pending();

  /** Tasks running (or whose spawned children still run). */
  int running();

  int succeeded();

  int failed();

  int skipped();

  int cancelled();

  /** Agents alive now. */
  int agents();

  /** The planned durations of the plan's tasks that have ended, summed (for the ETA). */
  Duration plannedWorkDone();
}
