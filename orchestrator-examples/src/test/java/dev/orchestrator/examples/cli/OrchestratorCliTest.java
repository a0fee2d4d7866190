package dev.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.resource.Resource;
import dev.orchestrator.resource.ResourceProbe;
import dev.orchestrator.resource.ResourceSnapshot;
import dev.orchestrator.scale.CostModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class OrchestratorCliTest {

  /** The example shipped with the module (tests run with the module as working directory). */
  private static final Path DEPLOY = Path.of("examples/deploy-plan.json");

  private static final String SMALL_STG = """
      3
      0 0 0
      1 4 1 0
      2 2 1 0
      3 5 2 1 2
      4 0 1 3
      # CP Length : 9
      """;

  @TempDir
  Path dir;

  record Result(int exit, String out, String err) {}

  /**
   * A fixed machine and agent cost, so that no output depends on this machine: 8 cores, 32 GiB,
   * 10,000 IOPS; 5 µs per agent, 0.5 µs per task.
   */
  static final Scaling FIXED = new Scaling(
      ResourceProbe.fixed(ResourceSnapshot.builder().cpuCores(8).memory(32L << 30, 32L << 30)
          .diskIops(10_000).source(Resource.DISK, "measured: test machine").build()),
      () -> CostModel.builder().agentStartup(Duration.ofNanos(5_000))
          .taskDispatch(Duration.ofNanos(500)).contention(0, 1).build());

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = OrchestratorCli.commandLine(FIXED);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  private Path file(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private static JsonNode json(String text) throws IOException {
    return new ObjectMapper().readTree(text);
  }

  private static Path shared(String relative) {
    String property = System.getProperty("orchestrator.shared");
    for (String candidate : new String[] {property, "../../shared", "../shared"}) {
      if (candidate != null && Files.isDirectory(Path.of(candidate, "bench"))) {
        return Path.of(candidate, "bench").resolve(relative);
      }
    }
    assumeTrue(false, "../shared/bench not found: skipping");
    throw new AssertionError();
  }

  // ------------------------------------------------------------------------------ plan, text

  @Test
  void plan_exampleDeployPlan_printsExplanation() {
    Result r = run("plan", DEPLOY.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .startsWith("PLAN: deploy v2.4.0\n")
        .contains("Subtasks: 34 (1 critical, 1 gate)")
        .contains("Scaling calculation\n")
        .contains("│  ├─ Task type: deployment\n")
        .contains("├─ Capacity\n│  ├─ CPU: 8 cores (configured)\n")
        .contains("└─ Decision: 24 agents — binding limit DEPENDENCIES (the dependencies: the graph's"
            + " width or its critical path)\n")
        .contains("WAVE STRUCTURE (24 agents):")
        .contains("Wave 0: Back up the production database — critical, runs alone (1 agent) - 4 min")
        .contains("Wave 3: canary-healthy — gate (1 agent) - 0 s")
        .contains("ESTIMATED TIME: 12.1 min (sum of waves; no schedule on 24 agents beats the bound");
  }

  @Test
  void plan_agents_laysOutForThatCount() {
    Result r = run("plan", DEPLOY.toString(), "--agents", "8");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("Requested by the caller: 8 agents, honoured exactly")
        .contains("Auto-scaling would use 24 agents")
        .contains("Decision: 8 agents — binding limit USER_OVERRIDE")
        .contains("WAVE STRUCTURE (8 agents):")
        .contains("Wave 4: 24 tasks (8 agents, up to 3 tasks each) - 9 min");
  }

  @Test
  void plan_agentsAuto_isTheDefault() throws IOException {
    assertThat(run("plan", DEPLOY.toString(), "--agents", "auto", "--json").out())
        .isEqualTo(run("plan", DEPLOY.toString(), "--json").out());
    assertThat(run("plan", DEPLOY.toString(), "--agents", "AUTO").exit()).isZero();
  }

  @Test
  void plan_json_scalingFields() throws IOException {
    Path stg = file("files.stg", SMALL_STG);
    Result r = run("plan", stg.toString(), "--json", "--type", "computation",
        "--capacity", "cpu=1");
    assertThat(r.exit()).isZero();
    JsonNode out = json(r.out());
    assertThat(out.get("agents").asInt()).isEqualTo(1);
    assertThat(out.get("recommendedAgents").asInt()).isEqualTo(1);
    assertThat(out.get("bindingLimit").asText()).isEqualTo("CPU");
    assertThat(out.get("predictedTime").asDouble()).isCloseTo(11.0, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(out.get("roi").isNumber()).isTrue();
    assertThat(out.get("warnings").isEmpty()).isTrue();
  }

  @Test
  void plan_capacity_rateLimitBindsApiCalls() throws IOException {
    Path plan = file("calls.json", """
        {"formatVersion": 1, "name": "calls", "tasks": [
          {"id": "a", "type": "api-call", "estimate": "PT2S"}, {"id": "b", "type": "api-call", "estimate": "PT2S"},
          {"id": "c", "type": "api-call", "estimate": "PT2S"}, {"id": "d", "type": "api-call", "estimate": "PT2S"},
          {"id": "e", "type": "api-call", "estimate": "PT2S"}, {"id": "f", "type": "api-call", "estimate": "PT2S"}]}""");
    Result r = run("plan", plan.toString(), "--json", "--capacity", "rate.github-api=3600/h");
    assertThat(r.exit()).isZero();
    JsonNode out = json(r.out());
    assertThat(out.get("agents").asInt()).isEqualTo(2); // 1 call/s × 2 s (Little's law)
    assertThat(out.get("bindingLimit").asText()).isEqualTo("RATE_LIMIT");
    Result text = run("plan", plan.toString(), "--capacity", "rate.github-api=3600/h");
    assertThat(text.out()).contains("Rate limit github-api: 3600/h (configured)",
        "rate limit 'github-api' (the only one configured): 1/s × 2 s per call = 2 (Little's law)");
  }

  @Test
  void plan_agentsAboveSafeCapacity_warns() throws IOException {
    Path stg = file("g.stg", SMALL_STG);
    Result r = run("plan", stg.toString(), "--json", "--type", "computation", "--capacity", "cpu=1",
        "--agents", "2");
    assertThat(r.exit()).isZero();
    JsonNode out = json(r.out());
    assertThat(out.get("agents").asInt()).isEqualTo(2);
    assertThat(out.get("recommendedAgents").asInt()).isEqualTo(1);
    assertThat(out.get("bindingLimit").asText()).isEqualTo("USER_OVERRIDE");
    assertThat(out.get("warnings").get(0).asText()).isEqualTo("requested 2 agents exceed the safe"
        + " capacity of 1 (the CPU cores); recommended: 1 agent");
  }

  @Test
  void plan_stg_textWithTimeUnit() throws IOException {
    Path stg = file("g.stg", SMALL_STG);
    Result r = run("plan", stg.toString(), "--time-unit", "1min");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("PLAN: g").contains("critical path: 9 min (1 → 3)");
  }

  // ------------------------------------------------------------------------------ plan, JSON

  @Test
  void plan_json_deployPlan() throws IOException {
    Result r = run("plan", DEPLOY.toString(), "--json");
    assertThat(r.exit()).isZero();
    JsonNode out = json(r.out());
    assertThat(out.get("name").asText()).isEqualTo("deploy v2.4.0");
    assertThat(out.get("timeUnit").asText()).isEqualTo("PT1S");
    assertThat(out.get("tasks").asInt()).isEqualTo(34);
    assertThat(out.get("edges").asInt()).isEqualTo(57);
    assertThat(out.get("totalWork").asDouble()).isEqualTo(5075.0);
    assertThat(out.get("criticalPathLength").asDouble()).isEqualTo(725.0);
    assertThat(out.get("maxWidth").asInt()).isEqualTo(24);
    assertThat(out.get("averageParallelism").asDouble()).isCloseTo(5075.0 / 725, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(out.get("agents").asInt()).isEqualTo(24);
    assertThat(out.get("waves").toString()).isEqualTo("[1,2,1,1,24,4,1]");
    assertThat(out.get("waveTimes").toString()).isEqualTo("[240.0,45.0,180.0,0.0,180.0,60.0,20.0]");
    assertThat(out.get("estimatedTime").asDouble()).isEqualTo(725.0);
    assertThat(out.get("sequentialTime").asDouble()).isEqualTo(5075.0);
  }

  @Test
  void plan_json_agentsAndTimeUnit() throws IOException {
    Result r = run("plan", DEPLOY.toString(), "--json", "--agents", "8", "--time-unit", "1min");
    assertThat(r.exit()).isZero();
    JsonNode out = json(r.out());
    assertThat(out.get("agents").asInt()).isEqualTo(8);
    assertThat(out.get("timeUnit").asText()).isEqualTo("PT1M");
    assertThat(out.get("totalWork").asDouble()).isCloseTo(5075.0 / 60, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(out.get("waveTimes").get(4).asDouble()).isEqualTo(9.0);
  }

  @Test
  void plan_json_stgWithTypeAndTimeUnit() throws IOException {
    Path stg = file("g.stg", SMALL_STG);
    Result r = run("plan", stg.toString(), "--json", "--time-unit", "500ms", "--type", "computation");
    assertThat(r.exit()).isZero();
    JsonNode out = json(r.out());
    // Times in the file are in units of 500 ms, and so is the output.
    assertThat(out.get("criticalPathLength").asDouble()).isEqualTo(9.0);
    assertThat(out.get("totalWork").asDouble()).isEqualTo(11.0);
    assertThat(out.get("timeUnit").asText()).isEqualTo("PT0.5S");
    assertThat(out.get("tasks").asInt()).isEqualTo(3);
    assertThat(out.get("waves").toString()).isEqualTo("[2,1]");
    assertThat(out.get("agents").asInt()).isEqualTo(2);
  }

  @Test
  void plan_stgDetectedByContent() throws IOException {
    Path stg = file("graph.txt", SMALL_STG);
    Result r = run("plan", stg.toString(), "--json");
    assertThat(r.exit()).isZero();
    assertThat(json(r.out()).get("criticalPathLength").asDouble()).isEqualTo(9.0);
  }

  @Test
  void plan_wfcommonsDetectedByContent() throws IOException {
    Path trace = file("trace.json", """
        {"name": "t", "schemaVersion": "1.4", "workflow": {"tasks": [
          {"name": "a", "runtimeInSeconds": 2, "parents": []},
          {"name": "b", "runtimeInSeconds": 3, "parents": ["a"]}]}}""");
    Result r = run("plan", trace.toString(), "--json", "--type", "file-io");
    assertThat(r.exit()).isZero();
    assertThat(json(r.out()).get("criticalPathLength").asDouble()).isEqualTo(5.0);
  }

  @Test
  void plan_benchmarkStg() {
    Result r = run("plan", shared("stg/50/rand0000.stg").toString(), "--json");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("\"criticalPathLength\":55.0").contains("\"tasks\":50");
  }

  @Test
  void plan_benchmarkWfCommons() throws IOException {
    Result r = run("plan", shared("wfcommons/montage-chameleon-2mass-01d-001.json").toString(), "--json");
    assertThat(r.exit()).isZero();
    assertThat(json(r.out()).get("tasks").asInt()).isEqualTo(103);
  }

  @Test
  void plan_agentsAboveConcurrencyLimit_defaultIsCapped() throws IOException {
    Path plan = file("p.json", """
        {"formatVersion": 1, "name": "wide", "concurrencyLimit": 3, "tasks": [
          {"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d"}, {"id": "e"}]}""");
    Result r = run("plan", plan.toString(), "--json");
    assertThat(r.exit()).isZero();
    JsonNode out = json(r.out());
    assertThat(out.get("maxWidth").asInt()).isEqualTo(5);
    assertThat(out.get("agents").asInt()).isEqualTo(3);
  }

  // ------------------------------------------------------------------------------ errors

  @Test
  void noArguments_usage() {
    Result r = run();
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("orchestrator: missing command: try 'plan FILE' or 'run SCENARIO' (see 'orchestrator --help')\n");
  }

  @Test
  void plan_missingFile_usage() {
    Result r = run("plan");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("orchestrator plan: Missing required parameter: 'FILE' (see"
        + " 'orchestrator plan --help')\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void plan_unknownOption_usage() {
    Result r = run("plan", DEPLOY.toString(), "--agent", "3");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("orchestrator plan: Unknown options: '--agent', '3'")
        .endsWith(" (see 'orchestrator plan --help')\n");
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void plan_agentsZero_usage() {
    Result r = run("plan", DEPLOY.toString(), "--agents", "0");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("orchestrator plan: --agents must be at least 1, got 0 (see"
        + " 'orchestrator plan --help')\n");
  }

  @Test
  void plan_agentsNotANumber_usage() {
    Result r = run("plan", DEPLOY.toString(), "--agents", "many");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("orchestrator plan: Invalid value for option '--agents': 'many' is"
        + " neither 'auto' nor a whole number (see 'orchestrator plan --help')\n");
  }

  @Test
  void plan_agentsAbsurd_usage() {
    Result r = run("plan", DEPLOY.toString(), "--agents", "20000000");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("orchestrator plan: --agents must be at most 10,000,000, got"
        + " 20,000,000 (see 'orchestrator plan --help')\n");
    r = run("plan", DEPLOY.toString(), "--agents", "-3");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("orchestrator plan: --agents must be at least 1, got -3");
  }

  @Test
  void plan_badCapacity_usage() {
    Result r = run("plan", DEPLOY.toString(), "--capacity", "cpu=0");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("orchestrator plan: Invalid value for option '--capacity':"
        + " capacity 'cpu=0': cpu cores must be a positive number: 0.0 (see 'orchestrator plan"
        + " --help')\n");
    r = run("plan", DEPLOY.toString(), "--capacity", "disks=3");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("capacity 'disks=3': unknown key 'disks'; known keys: cpu,");
  }

  @Test
  void plan_badTimeUnit_usage() {
    Result r = run("plan", DEPLOY.toString(), "--time-unit", "soon");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("orchestrator plan: Invalid value for option '--time-unit': 'soon'"
        + " is not a duration; write it as 1s, 500ms, 2min, 1h, 1d or ISO-8601 (PT1S) (see"
        + " 'orchestrator plan --help')\n");
    r = run("plan", DEPLOY.toString(), "--time-unit", "0s");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("'0s' must be a positive duration");
  }

  @Test
  void plan_badType_usage() {
    Result r = run("plan", DEPLOY.toString(), "--type", "file io");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("orchestrator plan: Invalid value for option '--type': task type"
        + " name 'file io' must start with a letter or digit and contain only letters, digits, '.',"
        + " ':' or '-' (see 'orchestrator plan --help')\n");
  }

  @Test
  void plan_typeWithPlanJson_usage() {
    Result r = run("plan", DEPLOY.toString(), "--type", "computation");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("orchestrator plan: --type applies to imported graphs (.stg,"
        + " WfCommons); the plan JSON file 'examples/deploy-plan.json' gives each task its own type"
        + " (see 'orchestrator plan --help')\n");
  }

  @Test
  void plan_noSuchFile_badFile() {
    Result r = run("plan", dir.resolve("nope.json").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("orchestrator plan: cannot read '" + dir.resolve("nope.json")
        + "': no such file\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void plan_malformedPlanJson_badFile() throws IOException {
    Path bad = file("bad.json", "{\"formatVersion\": 1, \"tasks\": [\n  {\"id\": \"a\", \"estimate\": true}]}");
    Result r = run("plan", bad.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("orchestrator plan: " + bad + ":2:27: task 'a' (tasks[0]), field"
        + " 'estimate': expected an ISO-8601 duration such as \"PT3M\" or \"PT0.5S\", or a number of"
        + " seconds, found a boolean (true)\n");
  }

  @Test
  void plan_invalidJsonSyntax_badFileWithoutTrace() throws IOException {
    Path bad = file("bad.json", "{\"formatVersion\": 1, \"tasks\": [ {\"id\": \"a\",, ] }");
    Result r = run("plan", bad.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("orchestrator plan: " + bad + ":1:44: malformed JSON: Unexpected"
        + " character (','");
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void plan_malformedStg_badFile() throws IOException {
    Path bad = file("bad.stg", "3\n0 0 0\n1 x 1 0\n");
    Result r = run("plan", bad.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("orchestrator plan: " + bad + ":3: expected whole numbers separated"
        + " by spaces, found 'x' (field 2)\n");
  }

  @Test
  void plan_cycle_badFile() throws IOException {
    Path bad = file("cycle.json", """
        {"formatVersion": 1, "tasks": [
          {"id": "a", "dependencies": ["b"]},
          {"id": "b", "dependencies": ["a"]}]}""");
    Result r = run("plan", bad.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("orchestrator plan: " + bad + ":2:3: dependency cycle: a -> b -> a;"
        + " remove one of these dependencies to make the graph acyclic\n");
  }

  @Test
  void plan_unknownFormat_badFile() throws IOException {
    Path bad = file("notes.txt", "hello\n");
    Result r = run("plan", bad.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("orchestrator plan: " + bad + ": cannot tell the file's format:"
        + " expected plan JSON or WfCommons JSON (starting with '{') or a .stg graph (starting with"
        + " the task count)\n");
  }

  @Test
  void plan_emptyFile_badFile() throws IOException {
    Path bad = file("empty.json", "");
    Result r = run("plan", bad.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("orchestrator plan: " + bad + ": the file is empty\n");
  }

  @Test
  void plan_notUtf8_badFile() throws IOException {
    Path bad = dir.resolve("latin1.json");
    Files.write(bad, new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xE9, '"', '}'});
    Result r = run("plan", bad.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("orchestrator plan: cannot read '" + bad + "': it is not UTF-8 text\n");
  }

  @Test
  void plan_stgWithLatin1Comment() throws IOException {
    Path stg = dir.resolve("g.stg");
    Files.write(stg, (SMALL_STG + "# Auteur : Kasahara \u00e9\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    Result r = run("plan", stg.toString(), "--json");
    assertThat(r.exit()).isZero();
    assertThat(json(r.out()).get("criticalPathLength").asDouble()).isEqualTo(9.0);
  }

  @Test
  void plan_verbose_printsStackTrace() throws IOException {
    Path bad = file("bad.stg", "3\n0 0 0\n1 x 1 0\n");
    Result r = run("plan", bad.toString(), "--verbose");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("orchestrator plan: " + bad + ":3: expected whole numbers")
        .contains("dev.orchestrator.plan.PlanFormatException: ")
        .contains("\tat dev.orchestrator.plan.StgFormat");
  }

  @Test
  void plan_help() {
    Result r = run("plan", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("Usage: orchestrator plan").contains("--agents=auto|N")
        .contains("--capacity=SPEC").contains("--json")
        .contains("--time-unit=DURATION").contains("--type=TYPE").contains("--verbose");
  }

  @Test
  void version() {
    Result r = run("--version");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("orchestrator ");
  }
}
