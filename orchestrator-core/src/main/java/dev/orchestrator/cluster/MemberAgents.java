package dev.orchestrator.cluster;

import com.hazelcast.map.IMap;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.TaskFunction;
import dev.orchestrator.task.TaskSpec;
import java.io.Serializable;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents one member offers to one run: they run the attempts the coordinator dispatches here
 * (on the member's agent executor, as many at once as it has agents), binding each task to its
 * action by id in this member's copy of the plan (every member builds the same plan from the same
 * classpath).
 *
 * <p>Per attempt (whose epoch {@link Attempt} has checked against the newest seen here): claim the task's
 * entry (refused if its outcome is recorded: a recorded task never runs again); run the action
 * under the task's retry policy; record the outcome, with the output, in the entry; and only then
 * answer. A second dispatch of a task already running here (from a coordinator that took over)
 * waits for the running attempt instead of starting another.
 */
final class MemberAgents {

  private static final Logger LOG = LoggerFactory.getLogger(MemberAgents.class);
  static final byte SUCCEEDED = dev.orchestrator.schedule.Dispatcher.SUCCEEDED;
  static final byte FAILED = dev.orchestrator.schedule.Dispatcher.FAILED;

  private final Plan plan;
  private final String member;
  private final IMap<String, TaskRecord> tasks;
  private final ConcurrentMap<String, CompletableFuture<AttemptResult>> running =
      new ConcurrentHashMap<>();
  private final Random jitter = new Random();

  MemberAgents(Plan plan, String member, IMap<String, TaskRecord> tasks) {
    this.plan = plan;
    this.member = member;
    this.tasks = tasks;
  }

  /** Runs one dispatched task whose epoch {@link Attempt} has checked against this member's. */
  AttemptResult execute(String taskId, long attemptEpoch) {
    CompletableFuture<AttemptResult> mine = new CompletableFuture<>();
    CompletableFuture<AttemptResult> earlier = running.putIfAbsent(taskId, mine);
    if (earlier != null) {
      return earlier.join();
    }
    try {
      AttemptResult result = claimAndRun(taskId, attemptEpoch);
      mine.complete(result);
      return result;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      running.remove(taskId, mine);
    }
  }

  private AttemptResult claimAndRun(String taskId, long attemptEpoch) {
    TaskRecord refused = tasks.executeOnKey(taskId, new ClaimTask(attemptEpoch, member));
    if (refused != null) {
      return refused.done() ? AttemptResult.done(refused.outcome(), 0) : AttemptResult.FENCED;
    }
    TaskSpec spec = plan.task(taskId);
    TaskFunction<?> action = spec.action();
    for (int attempt = 1; ; attempt++) {
      ClusterTaskContext ctx = new ClusterTaskContext(plan, spec, attempt, member, tasks);
      TaskRecord outcome;
      try {
        Object output = action.apply(ctx);
        if (output != null && !(output instanceof Serializable)) {
          throw new IllegalStateException("task '" + taskId + "': its output, a "
              + output.getClass().getName() + ", must be Serializable to travel through the cluster");
        }
        outcome = new TaskRecord(true, SUCCEEDED, attemptEpoch, member, output, null);
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        if (spec.retry().shouldRetry(attempt, e)) {
          Duration delay = spec.retry().delayAfter(attempt, jitter);
          LOG.debug("task '{}' attempt {} failed, retrying in {}: {}", taskId, attempt, delay,
              e.toString());
          LockSupport.parkNanos(delay.toNanos());
          continue;
        }
        outcome = new TaskRecord(true, FAILED, attemptEpoch, member, null, String.valueOf(e));
      }
      TaskRecord earlier = tasks.executeOnKey(taskId, new RecordOutcome(outcome));
      if (earlier == null) {
        return AttemptResult.done(outcome.outcome(), attempt);
      }
      return earlier.done() ? AttemptResult.done(earlier.outcome(), attempt) : AttemptResult.FENCED;
    }
  }
}
