package dev.orchestrator.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.listener.EntryAddedListener;
import dev.orchestrator.internal.Checks;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.resource.RateLimit;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's member of the cluster, from {@link HazelcastCluster#join} or {@link
 * HazelcastCluster#worker}. Closing it leaves the cluster.
 */
public final class ClusterMember implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterMember.class);
  /** The key of the run's meta map whose lock the coordinator holds (released if its member dies). */
  static final String LOCK = "coordinator-lock";

  private final HazelcastInstance instance;
  private final ClusterConfig config;
  private final boolean worker;

  ClusterMember(HazelcastInstance instance, ClusterConfig config, boolean worker) {
    this.instance = instance;
    this.config = config;
    this.worker = worker;
  }

  /** This member's address, {@code 127.0.0.1:port}. */
  public String address() {
    return instance.getCluster().getLocalMember().getAddress().toString();
  }

  /** Whether this member only runs tasks (never coordinates). */
  public boolean isWorker() {
    return worker;
  }

  /** How many members the cluster has now. */
  public int memberCount() {
    return instance.getCluster().getMembers().size();
  }

  /**
   * Takes part in a run until it ends: offers this member's agents to it and, unless this is a
   * worker, stands for its coordinator (the member holding the run's lock coordinates; when it dies
   * the next one takes over). Every member calls this with the same name and the same plan (its
   * task ids bind each task to its action on every member); all return the same report.
   *
   * @param run the run's name, the same on every member (a finished run's name returns its report)
   * @param plan the plan, built the same way on every member; outputs of tasks with DATA dependents
   *     must be Serializable
   * @param timeout how long to wait for the run to end
   * @throws TimeoutException if the run has not ended in time
   */
  public ClusterReport run(String run, Plan plan, Duration timeout)
      throws InterruptedException, TimeoutException {
    return run(run, plan, Map.of(), timeout);
  }

  /**
   * Takes part in a run whose tasks share named rate limits that hold across the whole cluster: a
   * task that {@code uses(name, permits)} a limit takes those permits per attempt from the
   * coordinator, which hands them out at the limit's rate (see docs/cluster.md). Every member passes
   * the same limits.
   *
   * @param limits rate limits by name (copied)
   * @see #run(String, Plan, Duration)
   */
  public ClusterReport run(String run, Plan plan, Map<String, RateLimit> limits, Duration timeout)
      throws InterruptedException, TimeoutException {
    Objects.requireNonNull(run, "run name cannot be null");
    Objects.requireNonNull(plan, "plan cannot be null");
    Objects.requireNonNull(limits, "limits cannot be null");
    Map<String, RateLimit> rates = new java.util.LinkedHashMap<>();
    limits.forEach((name, limit) -> rates.put(Checks.entryName(name, limit, "rate limit"), limit));
    Checks.positive(timeout, "run timeout");
    long deadline = System.nanoTime() + timeout.toNanos();
    RunMaps maps = new RunMaps(instance, run);
    MemberRegistry registry = MemberRegistry.of(instance);
    String self = instance.getCluster().getLocalMember().getUuid().toString();
    MemberAgents agents = new MemberAgents(plan, self, maps.tasks);
    registry.serve(run, agents);
    CompletableFuture<ClusterReport> done = new CompletableFuture<>();
    UUID listener = maps.meta.addEntryListener(
        (EntryAddedListener<String, Object>) e -> done.complete((ClusterReport) e.getValue()),
        RunMaps.DONE, true);
    try {
      maps.agents.set(self, config.agents());
      ClusterReport finished = maps.done();
      if (finished != null) {
        return finished;
      }
      if (!worker) {
        ClusterReport report = standForCoordinator(maps, plan, rates, deadline, done);
        if (report != null) {
          return report;
        }
      }
      return done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("run '" + run + "': " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new TimeoutException("run '" + run + "' did not end within " + timeout);
    } finally {
      registry.leave(run, agents);
      if (instance.getLifecycleService().isRunning()) {
        maps.meta.removeEntryListener(listener);
        maps.agents.delete(self);
      }
    }
  }

  /**
   * Waits for the run's lock and coordinates the run once it has it; returns the report, or null
   * if this member was fenced as coordinator (a newer one took over) and should only wait.
   */
  private ClusterReport standForCoordinator(RunMaps maps, Plan plan, Map<String, RateLimit> limits,
      long deadline,
      CompletableFuture<ClusterReport> done) throws InterruptedException, TimeoutException {
    while (!done.isDone()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException();
      }
      if (!maps.meta.tryLock(LOCK, left, TimeUnit.NANOSECONDS)) {
        continue;
      }
      try {
        ClusterReport finished = maps.done();
        return finished != null ? finished : new Coordinator(instance, maps, plan, limits)
            .coordinate(deadline);
      } finally {
        try {
          maps.meta.unlock(LOCK);
        } catch (IllegalMonitorStateException e) {
          LOG.warn("run '{}': the coordinator lock was no longer held by this member", maps.run);
        }
      }
    }
    return null;
  }

  /** The member's Hazelcast instance, for tests. */
  HazelcastInstance instance() {
    return instance;
  }

  /** Leaves the cluster (gracefully: its partitions move to the others first). */
  @Override
  public void close() {
    instance.shutdown();
  }
}
