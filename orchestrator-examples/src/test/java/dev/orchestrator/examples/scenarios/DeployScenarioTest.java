package dev.orchestrator.examples.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.examples.scenarios.DeployScenario.Deployment;
import dev.orchestrator.examples.scenarios.Fleet.Fault;
import dev.orchestrator.examples.scenarios.Fleet.Server;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.observe.TaskOutcome;
import dev.orchestrator.observe.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployScenarioTest {

  @TempDir
  Path dir;

  private static DeployScenario scenario(double failureRate, Map<String, Double> regionFaults) {
    return new DeployScenario(new DeployScenario.Options(failureRate, 0.05, regionFaults,
        Duration.ofMillis(1), 40));
  }

  private static boolean faulty(Fleet fleet, Server s) {
    Fault fault = fleet.fault(s.index());
    return fault == Fault.BROKEN_DEPLOY || fault == Fault.UNHEALTHY;
  }

  @Test
  void run_smallFleet_deploysHealthChecksAndRollsBackExactlyTheFailed() throws Exception {
    // Auto-scaled, as on the command line.
    var run = ScenarioHarness.<Deployment>run(scenario(0.06, Map.of()),
        ScenarioHarness.settings(dir).withSize(150));
    Fleet fleet = run.prepared().fleet();
    RunReport report = run.result().report().orElseThrow();

    Set<String> faultyServers = new TreeSet<>();
    for (Server s : fleet.servers()) {
      if (faulty(fleet, s)) {
        faultyServers.add(s.id());
      }
    }
    assertThat(faultyServers).as("the seed places some faults").isNotEmpty();
    for (Server s : fleet.servers()) {
      int i = s.index();
      assertThat(fleet.healthChecks(i)).as("health checks of %s", s.id()).isPositive();
      if (faulty(fleet, s)) {
        assertThat(fleet.rollbacks(i)).as("rollbacks of %s", s.id()).isEqualTo(1);
        assertThat(fleet.version(i)).isEqualTo(Fleet.OLD_VERSION);
        assertThat(fleet.deployRequests(i)).as("deploy attempts of %s", s.id()).isEqualTo(3);
      } else {
        assertThat(fleet.rollbacks(i)).as("rollbacks of %s", s.id()).isZero();
        assertThat(fleet.version(i)).isEqualTo(Fleet.NEW_VERSION);
        assertThat(fleet.deployRequests(i)).isEqualTo(fleet.fault(i) == Fault.TRANSIENT ? 2 : 1);
      }
      assertThat(fleet.healthy(i)).isTrue();
    }
    Set<String> failedDeploys = new TreeSet<>();
    for (String id : report.ids(TaskState.FAILED)) {
      failedDeploys.add(id.substring(id.indexOf("srv-")));
    }
    assertThat(failedDeploys).isEqualTo(faultyServers);
    long rollbackTasks = report.tasks().stream().map(TaskOutcome::taskId)
        .filter(id -> id.startsWith("rollback/")).count();
    assertThat(rollbackTasks).isEqualTo(faultyServers.size());
    assertThat(fleet.backups()).isEqualTo(1);
    assertThat(fleet.refused()).isZero();
    assertThat(fleet.peakInFlight()).isLessThanOrEqualTo(40);

    JsonNode json = new ObjectMapper().readTree(dir.resolve("deploy-report.json").toFile());
    int servers = 0;
    int rolledBack = 0;
    for (JsonNode region : json.path("regions")) {
      servers += region.path("servers").asInt();
      rolledBack += region.path("rolledBack").asInt();
    }
    assertThat(servers).isEqualTo(150);
    assertThat(rolledBack).isEqualTo(faultyServers.size());
    assertThat(run.result().passed()).as(run.output()).isTrue();
    assertThat(run.output()).contains("RESULT: deploy v2 to 150 servers — every check passed")
        .contains("Report: " + dir.toAbsolutePath());
    assertThat(Files.readString(dir.resolve(ScenarioRunner.SUMMARY_FILE)))
        .contains("✓ " + faultyServers.size() + " failed servers rolled back to v1, each once");
  }

  @Test
  void run_regionFault_rollsBackThatRegionOnly() throws Exception {
    // 100 servers, 20 per region; the canary is server 1 (us-east).
    var run = ScenarioHarness.<Deployment>run(scenario(0, Map.of("us-west", 1.0)),
        ScenarioHarness.settings(dir).withSize(100).withAgents(16));
    Fleet fleet = run.prepared().fleet();
    for (Server s : fleet.servers()) {
      assertThat(fleet.rollbacks(s.index())).as("rollbacks of %s in %s", s.id(), s.region())
          .isEqualTo(s.region().equals("us-west") ? 1 : 0);
    }
    assertThat(run.result().report().orElseThrow().failed()).isEqualTo(20);
    assertThat(run.result().passed()).as(run.output()).isTrue();
  }

  @Test
  void run_everyCanaryFails_gateStaysShutAndOnlyTheCanaryIsRolledBack() throws Exception {
    var run = ScenarioHarness.<Deployment>run(scenario(1.0, Map.of()),
        ScenarioHarness.settings(dir).withSize(100).withAgents(16));
    Fleet fleet = run.prepared().fleet();
    RunReport report = run.result().report().orElseThrow();

    assertThat(report.state("canary-healthy")).isEqualTo(TaskState.FAILED);
    assertThat(report.task("canary-healthy").cause()).hasValue("gate 'canary-healthy' stayed shut");
    int canaries = 0;
    for (Server s : fleet.servers()) {
      if (run.result().plan().contains("canary-" + s.id())) {
        canaries++;
        assertThat(report.state("canary-" + s.id())).isEqualTo(TaskState.FAILED);
        assertThat(fleet.deployRequests(s.index())).isEqualTo(3);
        assertThat(fleet.rollbacks(s.index())).isEqualTo(1);
        assertThat(fleet.version(s.index())).isEqualTo(Fleet.OLD_VERSION);
      } else {
        assertThat(fleet.deployRequests(s.index())).isZero();
        assertThat(report.state("deploy-" + s.id())).isEqualTo(TaskState.SKIPPED);
        assertThat(fleet.rollbacks(s.index())).isZero();
        assertThat(fleet.version(s.index())).isEqualTo(Fleet.OLD_VERSION);
      }
    }
    assertThat(canaries).isEqualTo(1);
    assertThat(run.result().passed()).isFalse();
    assertThat(run.output()).contains("CHECK FAILED: canary of 1 server healthy: gate opened");
  }

  @Test
  void fleet_regionFault_placesFaultsInThatRegionOnly() throws Exception {
    try (Fleet fleet = Fleet.start(new Fleet.Config(100, 0, 0, Map.of("eu-west", 1.0), Duration.ZERO, 10, 7))) {
      for (Server s : fleet.servers()) {
        assertThat(faulty(fleet, s)).as(s.id() + " in " + s.region()).isEqualTo(s.region().equals("eu-west"));
      }
      assertThat(fleet.servers()).filteredOn(s -> s.region().equals("eu-west")).hasSize(20);
    }
  }
}
