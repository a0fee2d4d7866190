package dev.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.plan.Plan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Three members in this JVM (the default build's cluster test; the kill tests fork JVMs). */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class InJvmClusterTest {

  private static final int[] PORTS = {25701, 25702, 25703};
  private final List<ClusterMember> members = new ArrayList<>();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void leave() {
    for (ClusterMember m : members) {
      m.instance().getLifecycleService().terminate();
    }
    threads.shutdownNow();
  }

  private void start(int count) throws Exception {
    List<Future<ClusterMember>> joining = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ClusterConfig config = ClusterConfig.builder().clusterName("in-jvm-test").port(PORTS[i])
          .members(PORTS).expectedMembers(count).agents(4).startTimeout(Duration.ofMinutes(1))
          .build();
      joining.add(threads.submit(() -> HazelcastCluster.join(config)));
    }
    for (Future<ClusterMember> f : joining) {
      members.add(f.get(90, TimeUnit.SECONDS));
    }
  }

  @Test
  void run_layeredDagOnThreeMembers_everyTaskSucceedsOnceWithItsInputs() throws Exception {
    start(3);
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    Plan plan = LayeredPlans.layered("layered", 6, 400, (id, attempt) ->
        runs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet());

    List<Future<ClusterReport>> reports = new ArrayList<>();
    for (ClusterMember m : members) {
      reports.add(threads.submit(() -> m.run("layered", plan, Duration.ofMinutes(2))));
    }
    List<ClusterReport> all = new ArrayList<>();
    for (Future<ClusterReport> f : reports) {
      all.add(f.get(150, TimeUnit.SECONDS));
    }

    ClusterReport report = all.get(0);
    assertThat(all).allSatisfy(r -> assertThat(r).isEqualTo(report));
    assertThat(report.isSuccess()).as("%s", report).isTrue();
    assertThat(report.tasks()).isEqualTo(2_400);
    assertThat(report.epoch()).isOne();
    assertThat(report.restored()).isZero();
    assertThat(runs).hasSize(2_400).allSatisfy((id, n) -> assertThat(n.get()).as(id).isOne());
    RunMaps maps = new RunMaps(members.get(1).instance(), "layered");
    assertThat(maps.tasks.get(LayeredPlans.id(5, 17)).output()).isEqualTo(LayeredPlans.expected(5));
    System.out.printf("in-JVM cluster: %s%n", report);
  }
}
