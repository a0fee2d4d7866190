package dev.orchestrator.observe;

/**
 * Receives the events of a run.
 *
 * <pre>{@code
 * Orchestrator orchestrator = Orchestrator.builder()
 *     .listener(event -> {
 *       if (event instanceof RunEvent.TaskFinished f && f.state() == TaskState.FAILED) {
 *         log.warn("{} failed: {}", f.taskId(), f.cause());
 *       }
 *     })
 *     .build();
 * }</pre>
 *
 * <p>Events arrive on one dispatcher thread per run, in the order the run produced them, never on
 * an agent: a slow listener does not slow the agents. Events wait in a bounded buffer; when a
 * listener falls so far behind that the buffer is full, further progress events are dropped first
 * and then any other event except the run's last, and the number dropped is reported in {@link
 * RunEvent.RunFinished} and in the {@link RunReport}. A listener that throws is logged (SLF4J, at
 * WARN) and keeps receiving later events.
 */
@FunctionalInterface
public interface RunListener {

  /**
   * Called for every event of a run.
   *
   * @param event the event
   */
  void onEvent(RunEvent event);
}
