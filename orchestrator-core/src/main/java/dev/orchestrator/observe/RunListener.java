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
 * <p>Events arrive on one event thread per run (a virtual thread), in the order the run produced
 * them, never on an agent: agents only append an event to the run's buffer, which never blocks
 * them. When a listener is slower than the events:
 *
 * <ol>
 *   <li>events wait in the buffer, which holds at most {@code eventBuffer} events (65,536 by
 *       default; {@code Orchestrator.builder().eventBuffer(n)}, at least 16) — memory stays bounded
 *       whatever the listener does;
 *   <li>once the buffer is half full, new {@link RunEvent.TaskProgress} events are dropped;
 *   <li>once it is full, every new event is dropped except {@link RunEvent.RunFinished}, which is
 *       always delivered, last;
 *   <li>the agents go on at full speed throughout; the number dropped is counted and reported in
 *       {@link RunEvent.RunFinished#eventsDropped()} and {@link RunReport#eventsDropped()}, and the
 *       final report's counts are exact whatever was dropped;
 *   <li>the run ends (its {@code await()} and {@code Orchestrator.run} return) once every listener
 *       has returned from {@code RunFinished}, waiting at most 60 s for them, so a dashboard's last
 *       frame and a run directory's files are complete when {@code run} returns.
 * </ol>
 *
 * <p>Listeners of one run share its event thread and are called one after the other. A listener
 * that throws is logged (SLF4J, WARN with the stack trace the first time, DEBUG after that, a WARN
 * count at the end of the run) and keeps receiving later events; the others are not affected. A
 * listener that never returns holds back the events of every listener of that run.
 */
@FunctionalInterface
public interface RunListener {

  /**
   * Called for every event of a run.
   *
   * @param event the event
   */
  void onEvent(RunEvent event);

  /**
   * Whether this listener receives an event for every task: {@link RunEvent.TaskStarted} for each
   * attempt and {@link RunEvent.TaskFinished} for each task. True by default. A listener that
   * answers false gets {@code TaskFinished} only for tasks that did not succeed, and every other
   * event as usual; it reads the counts from {@link RunEvent.PlanReady#progress()}. When no
   * listener of a run wants every task, the run does not make those events at all, which is what
   * keeps a dashboard's cost flat on runs of millions of tiny tasks.
   */
  default boolean receivesEveryTask() {
    return true;
  }
}
