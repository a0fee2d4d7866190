package dev.orchestrator.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts this process's member of a Hazelcast cluster on loopback, to run plans across members:
 *
 * <pre>{@code
 * try (ClusterMember member = HazelcastCluster.join(ClusterConfig.builder()
 *     .port(5701).members(5701, 5702, 5703).build())) {
 *   ClusterReport report = member.run("nightly", plan, Duration.ofHours(1));
 * }
 * }</pre>
 *
 * <p>Every member runs the same code with the same plan; the member that wins the run's lock
 * coordinates it, the others run its tasks and stand by to take over. A {@link #worker worker} only
 * runs tasks. Needs {@code com.hazelcast:hazelcast} on the class or module path (an optional
 * dependency of this library) and, on machines with few cores, {@code
 * -Djava.util.concurrent.ForkJoinPool.common.parallelism=4} (see docs/cluster.md).
 */
public final class HazelcastCluster {

  private static final Logger LOG = LoggerFactory.getLogger(HazelcastCluster.class);

  private static final String LOGGING = "hazelcast.logging.type";

  private HazelcastCluster() {}

  /**
   * Starts a member that runs tasks and may coordinate runs, and returns once the expected members
   * have joined and every partition has its backup.
   *
   * @throws TimeoutException if that has not happened within the config's start timeout
   */
  public static ClusterMember join(ClusterConfig config) throws InterruptedException,
      TimeoutException {
    return start(config, false);
  }

  /**
   * Starts a member that only runs tasks: it offers agents to the runs it serves and never
   * coordinates.
   *
   * @throws TimeoutException if the expected members have not joined within the start timeout
   */
  public static ClusterMember worker(ClusterConfig config) throws InterruptedException,
      TimeoutException {
    return start(config, true);
  }

  private static ClusterMember start(ClusterConfig config, boolean worker)
      throws InterruptedException, TimeoutException {
    Objects.requireNonNull(config, "cluster config cannot be null");
    if (ForkJoinPool.getCommonPoolParallelism() < 2) {
      LOG.warn("the common fork-join pool has parallelism {}: Hazelcast then completes each async"
              + " call on a new thread; start the JVM with"
              + " -Djava.util.concurrent.ForkJoinPool.common.parallelism=4",
          ForkJoinPool.getCommonPoolParallelism());
    }
    if (!config.hazelcastLogs() && System.getProperty(LOGGING) == null) {
      // Some of Hazelcast's lines are logged before a member reads its configuration.
      System.setProperty(LOGGING, "none");
    }
    long deadline = System.nanoTime() + config.startTimeout().toNanos();
    // Starting blocks until the expected members have joined: bound it.
    FutureTask<HazelcastInstance> starting =
        new FutureTask<>(() -> Hazelcast.newHazelcastInstance(MemberSetup.config(config)));
    Thread starter = Thread.ofPlatform().name("orchestrator-cluster-start-" + config.port())
        .daemon().start(starting);
    HazelcastInstance instance;
    try {
      instance = starting.get(config.startTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cluster member on port " + config.port()
          + " could not start: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      starter.interrupt();
      HazelcastInstance half = Hazelcast.getHazelcastInstanceByName(
          MemberSetup.config(config).getInstanceName());
      if (half != null) {
        half.getLifecycleService().terminate();
      }
      throw new TimeoutException("cluster member on port " + config.port() + ": "
          + config.expectedMembers() + " members did not join within " + config.startTimeout());
    }
    try {
      awaitSafe(instance, deadline, config);
    } catch (TimeoutException | InterruptedException | RuntimeException e) {
      instance.getLifecycleService().terminate();
      throw e;
    }
    LOG.info("cluster member {} started ({} members, {} agents here{})",
        instance.getCluster().getLocalMember().getAddress(), instance.getCluster().getMembers().size(),
        config.agents(), worker ? ", worker" : "");
    return new ClusterMember(instance, config, worker);
  }

  /** Places every partition now (not on first use, when a kill could lose it) and waits for its backup. */
  private static void awaitSafe(HazelcastInstance instance, long deadline, ClusterConfig config)
      throws TimeoutException, InterruptedException {
    for (Partition p : instance.getPartitionService().getPartitions()) {
      p.getOwner();
    }
    while (!instance.getPartitionService().isClusterSafe()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException("cluster member on port " + config.port()
            + ": partitions not backed up within " + config.startTimeout());
      }
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      instance.getPartitionService().forceLocalMemberToBeSafe(Math.min(left, 100_000_000L),
          TimeUnit.NANOSECONDS);
    }
  }
}
