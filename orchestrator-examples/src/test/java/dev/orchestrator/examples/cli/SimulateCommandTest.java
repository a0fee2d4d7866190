package dev.orchestrator.examples.cli;

import static dev.orchestrator.examples.cli.OrchestratorCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.examples.cli.OrchestratorCliTest.Result;
import dev.orchestrator.plan.ActionBinder;
import dev.orchestrator.plan.PlanJson;
import dev.orchestrator.sim.Simulation;
import dev.orchestrator.sim.Simulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {

  private static final Path DEPLOY = Path.of("examples/deploy-plan.json");

  /**
   * Three independent tasks of 2 units: on 2 agents 4 units, the bound too (6 / 2 = 3, but one
   * agent runs two of the tasks).
   */
  private static final String THREE_STG = """
      3
      0 0 0
      1 2 1 0
      2 2 1 0
      3 2 1 0
      4 0 3 1 2 3
      """;

  @TempDir
  Path dir;

  private Path file(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  @Test
  void simulate_stg_printsMakespanBoundAndRatioInFileUnits() throws IOException {
    Result r = run("simulate", file("three.stg", THREE_STG).toString(), "--agents", "2");
    assertThat(r.exit()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo("""
        SIMULATION: three (3 tasks, 2 agents)
        Times in units of PT1S (--time-unit)
        Makespan:    4
        Lower bound: 4 (critical path 2, total work 6 / 2 agents)
        Ratio:       1.0000
        Order:       critical path
        """);
  }

  @Test
  void simulate_json_keysInTheGivenTimeUnit() throws IOException {
    Result r = run("simulate", file("three.stg", THREE_STG).toString(), "--agents", "2", "--json",
        "--time-unit", "1min");
    assertThat(r.exit()).isZero();
    JsonNode out = new ObjectMapper().readTree(r.out());
    assertThat(out.get("makespan").asDouble()).isEqualTo(4.0);
    assertThat(out.get("lowerBound").asDouble()).isEqualTo(4.0);
    assertThat(out.get("ratio").asDouble()).isEqualTo(1.0);
    assertThat(out.get("agents").asInt()).isEqualTo(2);
    assertThat(out.get("timeUnit").asText()).isEqualTo("PT1M");
    assertThat(out.get("tasks").asInt()).isEqualTo(3);
    assertThat(out.get("simulated").asBoolean()).isTrue();
  }

  @Test
  void simulate_planJson_matchesTheLibrarysSimulator() throws IOException {
    Simulation expected = Simulator.create().simulate(PlanJson.read(DEPLOY, ActionBinder.unbound()), 8);
    Result r = run("simulate", DEPLOY.toString(), "--agents", "8", "--json");
    assertThat(r.exit()).isZero();
    JsonNode out = new ObjectMapper().readTree(r.out());
    assertThat(out.get("makespan").asDouble()).isEqualTo(expected.makespan().toNanos() / 1e9);
    assertThat(out.get("lowerBound").asDouble()).isEqualTo(expected.lowerBound().toNanos() / 1e9);
    assertThat(out.get("ratio").asDouble()).isEqualTo(expected.ratio());
    assertThat(out.get("name").asText()).isEqualTo("deploy v2.4.0");
  }

  @Test
  void simulate_failureRateOne_everyAttemptFailsAfterItsDuration() throws IOException {
    Result r = run("simulate", file("three.stg", THREE_STG).toString(), "--agents", "2",
        "--failure-rate", "1", "--seed", "5");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("Makespan:    4\n")
        .endsWith("Failures:    rate 1, seed 5: 0 retries, 3 failed, 0 skipped, 0 cancelled\n");
  }

  @Test
  void simulate_failureRateJson_matchesTheLibrarysSimulator() throws IOException {
    Simulation expected = Simulator.create().withFailures(0.2, 42)
        .simulate(PlanJson.read(DEPLOY, ActionBinder.unbound()), 8);
    Result r = run("simulate", DEPLOY.toString(), "--agents", "8", "--json", "--failure-rate",
        "0.2", "--seed", "42");
    assertThat(r.exit()).isZero();
    JsonNode out = new ObjectMapper().readTree(r.out());
    assertThat(out.get("makespan").asDouble()).isEqualTo(expected.makespan().toNanos() / 1e9);
    assertThat(out.get("failureRate").asDouble()).isEqualTo(0.2);
    assertThat(out.get("seed").asLong()).isEqualTo(42);
    assertThat(out.get("retries").asInt()).isEqualTo(expected.retries());
    assertThat(out.get("failed").asInt()).isEqualTo(expected.failed()).isPositive();
    assertThat(out.get("skipped").asInt()).isEqualTo(expected.skipped());
  }

  @Test
  void simulate_failureRateAboveOne_usage() throws IOException {
    Result r = run("simulate", file("three.stg", THREE_STG).toString(), "--agents", "2",
        "--failure-rate", "1.5");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("orchestrator simulate: --failure-rate must be from 0 to 1, got 1.5"
        + " (see 'orchestrator simulate --help')\n");
  }

  @Test
  void simulate_agentsMissing_usage() throws IOException {
    Result r = run("simulate", file("three.stg", THREE_STG).toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("orchestrator simulate: Missing required option: '--agents=N'"
        + " (see 'orchestrator simulate --help')\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void simulate_agentsZero_usage() throws IOException {
    Result r = run("simulate", file("three.stg", THREE_STG).toString(), "--agents", "0");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("orchestrator simulate: --agents must be at least 1, got 0 (see"
        + " 'orchestrator simulate --help')\n");
  }

  @Test
  void simulate_typeWithPlanJson_usage() {
    Result r = run("simulate", DEPLOY.toString(), "--agents", "2", "--type", "computation");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("orchestrator simulate: --type applies to imported graphs");
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void simulate_missingFile_error() {
    Path missing = dir.resolve("nope.stg");
    Result r = run("simulate", missing.toString(), "--agents", "2");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("orchestrator simulate: cannot read '" + missing + "': no such file\n");
  }

  @Test
  void simulate_malformedFile_errorNamesTheLine() throws IOException {
    Path bad = file("bad.stg", "3\n0 0 0\n1 x 1 0\n");
    Result r = run("simulate", bad.toString(), "--agents", "2");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("orchestrator simulate: " + bad + ":3: expected whole numbers");
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void simulate_help() {
    Result r = run("simulate", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("Usage: orchestrator simulate").contains("--agents=N")
        .contains("--json").contains("--time-unit=DURATION").contains("--type=TYPE")
        .contains("--failure-rate=P").contains("--seed=S").contains("--fail-fast");
  }
}
