package dev.orchestrator.run;

import dev.orchestrator.observe.RunEvent;
import dev.orchestrator.task.TaskAction;
import dev.orchestrator.task.TaskSpec;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
      CompletableFuture<Void> end = new CompletableFuture<>();
      long start = run.now();
      Thread thread = Thread.ofVirtual().name("orchestrator-compensate-" + spec.id()).start(() -> {
        try {
          compensation.run(new CompensationContext(run, t, spec));
        } catch (Throwable e) {
          failure.set(e);
        } finally {
          end.complete(null);
        }
      });
      boolean ended = endsWithin(end, timeout);
      boolean timedOut = !ended;
      if (timedOut) {
        thread.interrupt();
        ended = endsWithin(end, run.options().timeoutGrace());
      }
      Duration took = Duration.ofNanos(run.now() - start);
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
      run.compensationRan(new RunEvent.TaskCompensated(run.id(), run.timeNow(), spec.id(),
          error.isEmpty(), took, error));
    }
  }

  /**
   * Whether {@code end} completes within {@code limit} on the run's clock (its scheduler ends the
   * wait, so that a virtual clock decides when a compensation has taken too long).
   */
  private boolean endsWithin(CompletableFuture<Void> end, Duration limit)
      throws InterruptedException {
    CompletableFuture<Boolean> first = new CompletableFuture<>();
    end.thenRun(() -> first.complete(true));
    Scheduler.Timer timer = run.scheduler().schedule(() -> first.complete(false), limit.toNanos());
    try {
      return first.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause()); // neither completion can throw
    } finally {
      timer.cancel();
    }
  }
}
