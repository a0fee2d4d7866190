package dev.orchestrator.cluster;

import java.io.Serializable;

/**
 * What an agent answers the coordinator for one dispatched task.
 *
 * @param kind what happened
 * @param outcome the recorded outcome code (SUCCEEDED or FAILED) when {@code kind} is DONE
 * @param attempts how many times the action ran for this dispatch (0: recorded earlier, not run)
 */
record AttemptResult(Kind kind, byte outcome, int attempts) implements Serializable {

  enum Kind {
    /** The outcome is recorded in the task's entry. */
    DONE,
    /** The dispatching coordinator's epoch is older than one this member has seen. */
    FENCED,
    /** This member does not serve the run (it has not joined it, or has left it). */
    NOT_SERVING
  }

  static final AttemptResult FENCED = new AttemptResult(Kind.FENCED, (byte) 0, 0);
  static final AttemptResult NOT_SERVING = new AttemptResult(Kind.NOT_SERVING, (byte) 0, 0);

  static AttemptResult done(byte outcome, int attempts) {
    return new AttemptResult(Kind.DONE, outcome, attempts);
  }
}
