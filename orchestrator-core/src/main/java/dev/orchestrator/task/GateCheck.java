package dev.orchestrator.task;

/**
 * The predicate of a gate, checked once every task before the gate has finished: {@code true} opens
 * the gate, {@code false} (or an exception) keeps it shut, and every task after it is skipped.
 */
@FunctionalInterface
public interface GateCheck {

  /**
   * @param ctx the gate's context (its inputs are the outputs of DATA dependencies)
   * @return whether the tasks after the gate may start
   * @throws Exception a failure of the check, which keeps the gate shut
   */
  boolean test(TaskContext ctx) throws Exception;
}
