package dev.orchestrator.cluster;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/** Raises a run's epoch by one, atomically, and returns the new one: each coordinator takes its own. */
final class NextEpoch implements EntryProcessor<String, Object, Long> {

  private static final long serialVersionUID = 1L;

  @Override
  public Long process(Map.Entry<String, Object> entry) {
    long next = entry.getValue() instanceof Long previous ? previous + 1 : 1;
    entry.setValue(next);
    return next;
  }
}
