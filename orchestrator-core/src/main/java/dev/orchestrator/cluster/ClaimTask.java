package dev.orchestrator.cluster;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * Claims a task for one attempt, atomically on the task's entry: writes the running marker unless
 * the task's outcome is already recorded (then it must not run again) or a newer coordinator has
 * claimed it (then this attempt is fenced). Returns null when claimed, else the entry that refused.
 */
final class ClaimTask implements EntryProcessor<String, TaskRecord, TaskRecord> {

  private static final long serialVersionUID = 1L;

  private final long epoch;
  private final String member;

  ClaimTask(long epoch, String member) {
    this.epoch = epoch;
    this.member = member;
  }

  @Override
  public TaskRecord process(Map.Entry<String, TaskRecord> entry) {
    TaskRecord current = entry.getValue();
    if (current != null && (current.done() || current.epoch() > epoch)) {
      return current;
    }
    entry.setValue(TaskRecord.running(epoch, member));
    return null;
  }
}
