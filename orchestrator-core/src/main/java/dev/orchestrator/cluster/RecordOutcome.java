package dev.orchestrator.cluster;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * Records a task's outcome, atomically on its entry, before the attempt is acknowledged: the first
 * outcome recorded stays (a later one is refused), and so does the claim of a newer coordinator.
 * Returns null when recorded, else the entry that refused.
 */
final class RecordOutcome implements EntryProcessor<String, TaskRecord, TaskRecord> {

  private static final long serialVersionUID = 1L;

  private final TaskRecord outcome;

  RecordOutcome(TaskRecord outcome) {
    this.outcome = outcome;
  }

  @Override
  public TaskRecord process(Map.Entry<String, TaskRecord> entry) {
    TaskRecord current = entry.getValue();
    if (current != null && (current.done() || current.epoch() > outcome.epoch())) {
      return current;
    }
    entry.setValue(outcome);
    return null;
  }
}
