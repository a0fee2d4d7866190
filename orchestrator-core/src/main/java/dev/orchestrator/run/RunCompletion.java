package dev.orchestrator.run;

import dev.orchestrator.observe.RunEvent;
import dev.orchestrator.observe.RunReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's end: it is over when the run state says every task has ended, and done once every agent
 * thread has stopped too; then the rollback (if a systematic failure asked for one, in the run
 * state's compensation order), the report, the journal's closing line, and the report handed to
 * the listeners before {@code await} returns it.
 */
final class RunCompletion {

  private static final Logger LOG = LoggerFactory.getLogger(RunCompletion.class);

  private final RunExecution run;
  private PressureSampling pressure; // null when the monitor is off
  private boolean finishing;
  private long endNanos = -1;

  RunCompletion(RunExecution run) {
    this.run = run;
  }

  void pressure(PressureSampling sampling) {
    this.pressure = sampling;
  }

  /** Ends the run if nothing is left to do; under the lock, after anything that may end tasks. */
  void maybeComplete() {
    var holds = run.control.holds();
    var dispatcher = run.dispatcher;
    if (holds != null && !run.over && !run.halted() && dispatcher.running() == 0
        && dispatcher.ready() == 0 && !run.timers.retriesWaiting()) {
      holds.endAutomaticHolds(run.now()); // only held tasks are left: the supervisor's end CANCELLED
    }
    if (!run.over && run.state.isDone()) {
      finishLocked();
    }
    if (run.over && run.pool.allExited() && !run.done.isDone() && !finishing) {
      finishing = true;
      if ((run.control.rollbackPending() && run.state.compensable() > 0)
          || run.journal.writer() != null) {
        // A rollback runs user code and closing the journal waits for its writer: not under the lock.
        Thread.ofVirtual().name("orchestrator-finish-" + run.id).start(this::finishUnlocked);
      } else {
        publish(makeReport());
      }
    }
  }

  /** Every task has ended: the run is over, and its agents leave. */
  void finishLocked() {
    run.over = true;
    endNanos = run.now();
    run.record.queueSample(endNanos, run.dispatcher.ready(), run.dispatcher.running());
    run.pool.wakeAll();
  }

  /** Rolls back if asked to, builds the report, closes the journal and publishes the report. */
  private void finishUnlocked() {
    RunReport report = null;
    try {
      if (rollbackDue()) {
        rollback();
      }
      run.lock.lock();
      try {
        report = makeReport();
      } finally {
        run.lock.unlock();
      }
      run.journal.finished(report);
    } catch (Throwable e) {
      LOG.error("{}: finishing the run failed", run.id, e);
      if (report == null) {
        run.done.completeExceptionally(e);
        return;
      }
    }
    publish(report);
  }

  private boolean rollbackDue() {
    run.lock.lock();
    try {
      return run.control.rollbackPending() && run.state.compensable() > 0;
    } finally {
      run.lock.unlock();
    }
  }

  /** Runs the compensations of succeeded tasks, latest first; no lock held. */
  private void rollback() throws InterruptedException {
    int[] order;
    run.lock.lock();
    try {
      order = run.state.compensationOrder();
    } finally {
      run.lock.unlock();
    }
    new Rollback(run, run.options.failureAdaptation().compensationTimeout()).run(order);
  }

  private RunReport makeReport() {
    long dropped = run.events == null ? 0 : run.events.dropped();
    run.record.outputs(run.services.outputs(), !run.journal.restores() ? null
        : (stored, type) -> stored instanceof JournaledOutput j ? j.as(type, "(report)", "?") : stored);
    RunReport report = run.record.build(java.time.Duration.ofNanos(Math.max(0, endNanos)),
        run.pool.statistics(endNanos), dropped);
    run.timer.shutdown();
    if (pressure != null) {
      pressure.stop();
    }
    return report;
  }

  private void publish(RunReport report) {
    EventBus events = run.events;
    if (events == null) {
      run.done.complete(report);
      return;
    }
    // The run ends once its listeners have seen RunFinished, so that a dashboard's last frame and
    // a run directory's report files are there when run() returns; a listener that hangs delays
    // the end by LISTENER_GRACE at most.
    events.post(new RunEvent.RunFinished(run.id, run.timeNow(), report, report.eventsDropped()));
    Scheduler.Timer grace = run.clock.sharedScheduler().schedule(() -> {
      if (run.done.complete(report)) {
        LOG.warn("{}: listeners still busy {} after the run ended; not waiting for them", run.id,
            EventBus.LISTENER_GRACE);
      }
    }, EventBus.LISTENER_GRACE.toNanos());
    events.delivered().whenComplete((ignored, error) -> {
      grace.cancel();
      run.done.complete(report);
    });
  }
}
