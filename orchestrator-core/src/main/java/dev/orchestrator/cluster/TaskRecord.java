package dev.orchestrator.cluster;

import java.io.Serializable;

/**
 * The state of one task in the cluster, one map entry per task: RUNNING while an agent holds it
 * (the running marker), DONE once its outcome is recorded (the result, with the output that DATA
 * dependents read). {@code epoch} is that of the coordinator whose attempt wrote it.
 *
 * @param done whether the outcome is recorded (false: a running marker)
 * @param outcome the dispatcher's outcome code when done (SUCCEEDED or FAILED), 0 while running
 * @param epoch the epoch of the coordinator that dispatched the attempt
 * @param member the member whose agent holds or ran it
 * @param output the task's output (null for none); serializable
 * @param error the failure's message, or null
 */
record TaskRecord(boolean done, byte outcome, long epoch, String member, Object output, String error)
    implements Serializable {

  static TaskRecord running(long epoch, String member) {
    return new TaskRecord(false, (byte) 0, epoch, member, null, null);
  }
}
