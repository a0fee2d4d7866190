package dev.orchestrator.observe;

import java.time.Duration;
import java.util.Objects;

/**
 * The run's queue at one moment: tasks ready and waiting for an agent, and tasks running.
 *
 * @param time from the start of the run
 * @param ready tasks whose dependencies allow them to start but that no agent has taken yet
 * @param running task attempts running
 */
public record QueueSample(Duration time, int ready, int running) {
  public QueueSample {
    Objects.requireNonNull(time, "time cannot be null");
  }
}
