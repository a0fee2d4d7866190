package dev.orchestrator.run;

import dev.orchestrator.observe.RunEvent;
import dev.orchestrator.task.TaskAction;
import dev.orchestrator.task.TaskSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the compensations of succeeded tasks one after the other, in the order given (the run passes
 * reverse completion order), each on its own virtual thread and within the compensation timeout. A
 * compensation that throws or times out is recorded as failed and the rollback goes on with the
 * next: one undo that cannot be done must not keep the others from being done.
 */
final class Rollback {

  private static final Logger LOG = LoggerFactory.getLogger(Rollback.class);

  private final RunExecution run;
  private final Duration timeout;

  Rollback(RunExecution run, Duration timeout) {
    this.run = run;
    this.timeout = timeout;
  }

  void run(int[] tasks) throws InterruptedException {
    for (int t : tasks) {
      TaskSpec spec = run.spec(t);
      TaskAction compensation = spec.compensation().orElseThrow();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      long start = System.nanoTime();
      Thread thread = Thread.ofVirtual().name("orchestrator-compensate-" + spec.id()).start(() -> {
        try {
          compensation.run(new CompensationContext(run, t, spec));
        } catch (Throwable e) {
          failure.set(e);
        }
      });
      boolean ended = thread.join(timeout);
      boolean timedOut = !ended;
      if (timedOut) {
        thread.interrupt();
        ended = thread.join(run.options().timeoutGrace());
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      Optional<String> error;
      if (timedOut) {
        error = Optional.of("timed out after " + timeout + " and was "
            + (ended ? "interrupted" : "abandoned (it ignored the interrupt)"));
      } else if (failure.get() != null) {
        Throwable e = failure.get();
        error = Optional.of(e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage()));
      } else {
        error = Optional.empty();
      }
      if (error.isPresent()) {
        LOG.warn("{}: the compensation of '{}' failed: {}", run.id(), spec.id(), error.get(),
            failure.get());
      }
      run.compensationRan(new RunEvent.TaskCompensated(run.id(), Instant.now(), spec.id(),
          error.isEmpty(), took, error));
    }
  }
}
