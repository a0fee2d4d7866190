package dev.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.IExecutorService;
import dev.orchestrator.plan.Plan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Three members in this JVM, started once for the class (the default build's cluster tests; the
 * kill tests fork JVMs): a layered DAG across them, and a coordinator that loses its lock while it
 * runs (as when its member is taken for dead but comes back) and is fenced by its successor.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class InJvmClusterTest {

  private static final int[] PORTS = {25701, 25702, 25703};
  private static final int AGENTS = 4;
  private final List<ClusterMember> members = new ArrayList<>();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @BeforeAll
  void start() throws Exception {
    List<Future<ClusterMember>> joining = new ArrayList<>();
    for (int port : PORTS) {
      ClusterConfig config = ClusterConfig.builder().clusterName("in-jvm-test").port(port)
          .members(PORTS).agents(AGENTS).startTimeout(Duration.ofMinutes(1)).build();
      joining.add(threads.submit(() -> HazelcastCluster.join(config)));
    }
    for (Future<ClusterMember> f : joining) {
      members.add(f.get(90, TimeUnit.SECONDS));
    }
  }

  @AfterAll
  void leave() {
    for (ClusterMember m : members) {
      m.instance().getLifecycleService().terminate();
    }
    threads.shutdownNow();
  }

  /** Every member takes part in the run; returns their reports. */
  private List<ClusterReport> runEverywhere(String run, Plan plan) throws Exception {
    List<Future<ClusterReport>> reports = new ArrayList<>();
    for (ClusterMember m : members) {
      reports.add(threads.submit(() -> m.run(run, plan, Duration.ofMinutes(2))));
    }
    List<ClusterReport> all = new ArrayList<>();
    for (Future<ClusterReport> f : reports) {
      all.add(f.get(150, TimeUnit.SECONDS));
    }
    assertThat(all).allSatisfy(r -> assertThat(r).isEqualTo(all.get(0)));
    return all;
  }

  @Test
  void run_layeredDagOnThreeMembers_everyTaskSucceedsOnceWithItsInputs() throws Exception {
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    Plan plan = LayeredPlans.layered("layered", 6, 400, (id, attempt) ->
        runs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet());

    ClusterReport report = runEverywhere("layered", plan).get(0);

    assertThat(report.isSuccess()).as("%s", report).isTrue();
    assertThat(report.tasks()).isEqualTo(2_400);
    assertThat(report.epoch()).isOne();
    assertThat(report.restored()).isZero();
    assertThat(runs).hasSize(2_400).allSatisfy((id, n) -> assertThat(n.get()).as(id).isOne());
    RunMaps maps = new RunMaps(members.get(1).instance(), "layered");
    assertThat(maps.tasks.get(LayeredPlans.id(5, 17)).output()).isEqualTo(LayeredPlans.expected(5));
    System.out.printf("in-JVM cluster: %s%n", report);
  }

  @Test
  void coordinate_lockLostMidRun_successorFencesTheOldCoordinator() throws Exception {
    int tasks = 6 * 200;
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    AtomicInteger started = new AtomicInteger();
    CountDownLatch third = new CountDownLatch(1);
    Plan plan = LayeredPlans.layered("fencing", 6, 200, (id, attempt) -> {
      runs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      if (started.incrementAndGet() == tasks / 3) {
        third.countDown();
      }
      LockSupport.parkNanos(1_000_000); // the task's work
    });
    List<Future<ClusterReport>> reports = new ArrayList<>();
    for (ClusterMember m : members) {
      reports.add(threads.submit(() -> m.run("fencing", plan, Duration.ofMinutes(2))));
    }
    assertThat(third.await(60, TimeUnit.SECONDS)).isTrue();
    // The first coordinator loses its lock without knowing it; a standby member takes it over.
    RunMaps maps = new RunMaps(members.get(0).instance(), "fencing");
    String first = (String) maps.meta.get(RunMaps.COORDINATOR);
    maps.meta.forceUnlock(ClusterMember.LOCK);
    List<ClusterReport> all = new ArrayList<>();
    for (Future<ClusterReport> f : reports) {
      all.add(f.get(150, TimeUnit.SECONDS));
    }

    ClusterReport report = all.get(0);
    assertThat(all).allSatisfy(r -> assertThat(r).isEqualTo(report));
    assertThat(report.isSuccess()).as("%s", report).isTrue();
    assertThat(report.epoch()).as("the successor's epoch").isEqualTo(2);
    assertThat(report.restored()).as("successes the successor restored").isPositive();
    ClusterMember old = members.stream()
        .filter(m -> m.instance().getCluster().getLocalMember().getUuid().toString().equals(first))
        .findFirst().orElseThrow();
    assertThat(report.coordinator()).isNotEqualTo(old.address());
    assertThat(MemberRegistry.of(old.instance()).fencedCoordinators())
        .as("the old coordinator learnt it was fenced and stopped").isOne();
    // Every member now refuses attempts of the old epoch.
    IExecutorService executor = old.instance().getExecutorService(MemberSetup.EXECUTOR);
    for (ClusterMember m : members) {
      AttemptResult answer = executor.submitToMember(new Attempt("fencing", LayeredPlans.id(0, 0), 1),
          m.instance().getCluster().getLocalMember()).get(30, TimeUnit.SECONDS);
      assertThat(answer.kind()).isEqualTo(AttemptResult.Kind.FENCED);
    }
    // Tasks run once, except at most the old coordinator's attempts caught in the hand-over.
    assertThat(runs).hasSize(tasks);
    long twice = runs.values().stream().filter(n -> n.get() > 1).count();
    assertThat(runs.values()).allSatisfy(n -> assertThat(n.get()).isBetween(1, 2));
    assertThat(twice).isLessThanOrEqualTo(2L * AGENTS * PORTS.length);
    System.out.printf("fencing: %s; %d tasks ran twice%n", report, twice);
  }

  @Test
  void run_rateLimitOf100PerSecond_holdsAcrossAllMembersAtTheServer() throws Exception {
    int tasks = 300;
    List<Long> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
    Map<String, AtomicInteger> byMember = new ConcurrentHashMap<>();
    // The rate-limited service: a loopback TCP server that notes when each request arrives and from
    // which member (the request is one line naming it; the answer is one byte).
    java.net.ServerSocket server = new java.net.ServerSocket(0, 100,
        java.net.InetAddress.getLoopbackAddress());
    Thread accepting = Thread.ofPlatform().daemon().start(() -> {
      while (!server.isClosed()) {
        try (java.net.Socket s = server.accept()) {
          String member = new java.io.BufferedReader(new java.io.InputStreamReader(
              s.getInputStream(), java.nio.charset.StandardCharsets.UTF_8)).readLine();
          arrivals.add(System.nanoTime());
          byMember.computeIfAbsent(member, k -> new AtomicInteger()).incrementAndGet();
          s.getOutputStream().write('k');
        } catch (java.io.IOException e) {
          // closed at the end of the test
        }
      }
    });
    try {
      int port = server.getLocalPort();
      Plan.Builder plan = Plan.builder("limited");
      for (int i = 0; i < tasks; i++) {
        plan.add(dev.orchestrator.task.TaskSpec.builder("call-" + i).uses("api").run(ctx -> {
          try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(),
              port)) {
            s.getOutputStream().write((ctx.agentName().split("/")[0] + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(s.getInputStream().read()).isEqualTo('k');
          }
        }).build());
      }
      Map<String, dev.orchestrator.resource.RateLimit> limits =
          Map.of("api", dev.orchestrator.resource.RateLimit.of(100, Duration.ofSeconds(1)));
      Plan built = plan.build();
      List<Future<ClusterReport>> reports = new ArrayList<>();
      for (ClusterMember m : members) {
        reports.add(threads.submit(() -> m.run("limited", built, limits, Duration.ofMinutes(2))));
      }
      ClusterReport report = null;
      for (Future<ClusterReport> f : reports) {
        report = f.get(150, TimeUnit.SECONDS);
      }
      assertThat(report.isSuccess()).as("%s", report).isTrue();
    } finally {
      server.close();
      accepting.join(10_000);
    }

    assertThat(arrivals).hasSize(tasks);
    assertThat(byMember).as("requests per member %s", byMember).hasSize(PORTS.length);
    List<Long> sorted = arrivals.stream().sorted().toList();
    double seconds = (sorted.get(tasks - 1) - sorted.get(0)) / 1e9;
    double rate = (tasks - 1) / seconds;
    int busiest = 0;
    for (int first = 0, last = 0; first < tasks; first++) {
      while (last < tasks && sorted.get(last) - sorted.get(first) < 1_000_000_000L) {
        last++;
      }
      busiest = Math.max(busiest, last - first);
    }
    System.out.printf("rate limit 100/s across %d members: %.1f requests/s over %.2f s, at most %d"
        + " in any 1 s window; per member %s%n", PORTS.length, rate, seconds, busiest, byMember);
    assertThat(rate).isLessThanOrEqualTo(100 * 1.02);
    // The coordinator hands out at most 100 permits in any second; requests reach the server after a
    // dispatch latency that varies (a loaded machine: tens of ms), which can bunch a few of them
    // into one second. Allowed: 10 requests, 100 ms of that jitter.
    assertThat(busiest).isLessThanOrEqualTo(110);
  }
}
