package dev.orchestrator.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.Orchestrator;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.run.Engine;
import dev.orchestrator.run.Run;
import dev.orchestrator.run.RunOptions;
import dev.orchestrator.task.RetryPolicy;
import dev.orchestrator.task.TaskSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFilesTest {

  static final Duration BOUND = Duration.ofSeconds(20);

  /** A plan with an artifact, a criterion, a retry, a failure, a skip and awkward ids. */
  static Plan mixedPlan(Path work) {
    AtomicInteger flaky = new AtomicInteger();
    return Plan.builder("mixed")
        .add(TaskSpec.builder("build").estimate(Duration.ofMillis(20)).run(ctx -> {
          Path out = work.resolve("app.jar");
          Files.writeString(out, "jar bytes", StandardCharsets.UTF_8);
          ctx.artifact(out);
          ctx.criterion("jar is not empty", true, "app.jar: 9 bytes");
          ctx.criterion("signed", false, "no signature found");
        }).build())
        .add(TaskSpec.builder("Test-1").after("build").retry(RetryPolicy.exponential(2, Duration.ofMillis(1)))
            .run(ctx -> {
              if (flaky.incrementAndGet() == 1) {
                throw new IllegalStateException("flaky");
              }
            }).build())
        .add(TaskSpec.builder("../evil").after("build").run(ctx -> {
          throw new IllegalArgumentException("bad");
        }).build())
        .add(TaskSpec.builder("publish").after("Test-1", "../evil").run(ctx -> {}).build())
        .build();
  }

  @Test
  void runDirectory_holdsEveryFileInItsDocumentedShapeWhenRunReturns(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("run");
    RunReport report;
    try (Orchestrator orchestrator = Orchestrator.builder().agents(2).runDirectory(dir)
        .everyManifest(true).build()) {
      report = orchestrator.run(mixedPlan(tmp));
    }
    JsonNode dashboard = ReportFormat.check("dashboard.json", dir.resolve("dashboard.json"));
    assertThat(dashboard.get("phase").asText()).isEqualTo("finished");
    assertThat(dashboard.at("/progress/finished").asInt()).isEqualTo(4);
    assertThat(dashboard.at("/counts/failed").asInt()).isEqualTo(1);
    assertThat(dashboard.at("/counts/skipped").asInt()).isEqualTo(1);
    assertThat(dashboard.at("/counts/retries").asInt()).isEqualTo(1);
    assertThat(dashboard.at("/eta/remainingMillis").isNull()).isTrue();

    JsonNode json = ReportFormat.check("report.json", dir.resolve("report.json"));
    assertThat(json.get("runId").asText()).isEqualTo(report.runId());
    assertThat(json.at("/counts/tasks").asInt()).isEqualTo(4);
    assertThat(json.at("/metrics/successRate").asDouble()).isEqualTo(0.5);
    assertThat(json.at("/metrics/parallelismEfficiency").asDouble())
        .isEqualTo(report.metrics().parallelismEfficiency());
    assertThat(json.get("tasks")).hasSize(4);
    assertThat(json.get("bottlenecks").findValuesAsText("kind")).contains("FAILURES", "RETRIES");

    Path manifests = dir.resolve("manifests");
    try (Stream<Path> files = Files.list(manifests)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("build.json", "%54est-1.json", "%2E.%2Fevil.json", "publish.json");
    }
    for (TaskOutcome t : report.tasks()) {
      Path m = RunFiles.manifestPath(dir, t.taskId());
      assertThat(m.normalize().getParent()).isEqualTo(manifests);
      JsonNode manifest = ReportFormat.check("manifests", m);
      assertThat(manifest.get("taskId").asText()).isEqualTo(t.taskId());
      assertThat(manifest.get("status").asText()).isEqualTo(t.state().name());
      assertThat(json.get("tasks").findValuesAsText("manifest"))
          .contains(dir.relativize(m).toString().replace('\\', '/'));
    }
    JsonNode build = ReportFormat.read(RunFiles.manifestPath(dir, "build"));
    assertThat(build.at("/artifacts/0/path").asText()).isEqualTo(tmp.resolve("app.jar").toString());
    assertThat(build.at("/artifacts/0/sizeBytes").asLong()).isEqualTo(9);
    assertThat(build.at("/artifacts/0/sha256").asText())
        .isEqualTo(report.task("build").artifacts().get(0).sha256()).hasSize(64);
    assertThat(build.at("/acceptanceCriteria/1/met").asBoolean()).isFalse();
    assertThat(build.at("/acceptanceCriteria/1/evidence").asText()).isEqualTo("no signature found");
    assertThat(build.get("criteriaMet").asBoolean()).isFalse();
    JsonNode test = ReportFormat.read(RunFiles.manifestPath(dir, "Test-1"));
    assertThat(test.get("attempts").asInt()).isEqualTo(2);
    JsonNode publish = ReportFormat.read(RunFiles.manifestPath(dir, "publish"));
    assertThat(publish.get("status").asText()).isEqualTo("SKIPPED");
    assertThat(publish.at("/timings/startedAt").isNull()).isTrue();
    assertThat(publish.get("cause").asText()).isEqualTo("dependency '../evil' failed");

    String html = Files.readString(dir.resolve("report.html"));
    assertSelfContained(html);
    assertThat(html).contains("id=\"timeline\"", "id=\"graph\"", "id=\"metrics\"", "<svg",
        "Test-1", "&#39;../evil&#39;");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("dashboard.json", "report.json", "report.html", "manifests");
    }
  }

  @Test
  void runDirectory_byDefaultHoldsManifestsOnlyForTasksThatRecordedSomething(@TempDir Path tmp)
      throws Exception {
    Path dir = tmp.resolve("run");
    try (Orchestrator orchestrator = Orchestrator.builder().agents(2).runDirectory(dir).build()) {
      orchestrator.run(mixedPlan(tmp));
    }
    try (Stream<Path> files = Files.list(dir.resolve(RunFiles.MANIFESTS))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("build.json");
    }
    JsonNode json = ReportFormat.check("report.json", dir.resolve(RunFiles.REPORT_JSON));
    assertThat(json.get("tasks").findValuesAsText("id"))
        .containsExactly("build", "Test-1", "../evil", "publish");
    assertThat(json.get("tasks").findValues("manifest")).extracting(JsonNode::isNull)
        .containsExactly(false, true, true, true);
  }

  @Test
  void reportFiles_falseFromTheOrchestratorBuilderKeepsOnlyTheJournal(@TempDir Path tmp) {
    Path dir = tmp.resolve("run");
    try (Orchestrator orchestrator = Orchestrator.builder().agents(2).reportFiles(false).build()) {
      orchestrator.run(mixedPlan(tmp), dir);
    }
    assertThat(dir.resolve("journal.jsonl")).isRegularFile();
    assertThat(dir.resolve(RunFiles.REPORT_JSON)).doesNotExist();
    assertThat(dir.resolve(RunFiles.MANIFESTS)).doesNotExist();
  }

  static void assertSelfContained(String html) {
    assertThat(html).startsWith("<!DOCTYPE html>");
    assertThat(html).doesNotContainIgnoringCase("http://").doesNotContainIgnoringCase("https://")
        .doesNotContain("<script").doesNotContain("<link").doesNotContain("src=")
        .doesNotContain("@import").doesNotContain("url(");
  }

  @Test
  void dashboardJson_isRefreshedWhileTheRunGoesOn(@TempDir Path dir) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Plan plan = Plan.builder("slow")
        .add(TaskSpec.builder("wait").run(ctx -> release.await(20, TimeUnit.SECONDS)).build())
        .add(TaskSpec.builder("quick").run(ctx -> {}).build())
        .build();
    Run run = Engine.start(plan, RunOptions.builder().agents(2).runDirectory(dir)
        .dashboardInterval(Duration.ofMillis(100)).build());
    Path file = dir.resolve(RunFiles.DASHBOARD);
    JsonNode live = until(() -> {
      if (!Files.exists(file)) {
        return null;
      }
      JsonNode node = ReportFormat.read(file);
      return node.at("/counts/succeeded").asInt() == 1 ? node : null;
    });
    assertThat(live.get("phase").asText()).isEqualTo("running");
    assertThat(live.at("/counts/running").asInt()).isEqualTo(1);
    assertThat(live.at("/eta/predictionSource").asText()).isEqualTo("simulated");
    ReportFormat.check("dashboard.json", file);
    release.countDown();
    run.await(BOUND);
    assertThat(ReportFormat.read(file).get("phase").asText()).isEqualTo("finished");
  }

  @Test
  void reportHtml_aggregatesALargeRunSoThePageStaysSmall(@TempDir Path dir) throws Exception {
    RunReport report = LargeReports.layered(100, 120, 16); // 12,000 tasks on 16 agents
    JsonFiles.report(dir.resolve("report.json"), report);
    HtmlReport.write(dir.resolve("report.html"), report);
    ReportFormat.check("report.json", dir.resolve("report.json"));
    String html = Files.readString(dir.resolve("report.html"));
    assertSelfContained(html);
    assertThat(html.length()).isLessThan(1_500_000);
    assertThat(html).contains("too many to draw one by one", "drawn as", "step ×");
    assertThat(html).contains("stroke=\"#d1363b\""); // the critical path
  }

  @Test
  void writeReport_writesTheEndOfRunFilesOfAReport(@TempDir Path dir) throws Exception {
    RunReport report = LargeReports.layered(3, 4, 2);
    RunFiles.writeReport(report, dir);
    ReportFormat.check("report.json", dir.resolve(RunFiles.REPORT_JSON));
    assertSelfContained(Files.readString(dir.resolve(RunFiles.REPORT_HTML)));
    for (TaskOutcome t : report.tasks()) {
      JsonNode m = ReportFormat.check("manifests", RunFiles.manifestPath(dir, t.taskId()));
      assertThat(m.at("/timings/durationMillis").asDouble()).isEqualTo(t.duration().toNanos() / 1e6);
    }
  }

  @Test
  void withDashboardInterval_belowTheMinimum() {
    assertThatThrownBy(() -> RunFiles.in(Path.of("x")).withDashboardInterval(Duration.ofMillis(99)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dashboard interval must be at least 100 ms: PT0.099S");
    assertThatThrownBy(() -> RunFiles.in(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("run directory cannot be null");
    assertThatThrownBy(() -> RunOptions.builder().dashboardInterval(null))
        .isInstanceOf(NullPointerException.class).hasMessage("dashboard interval cannot be null");
  }

  static <T> T until(java.util.function.Supplier<T> value) {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (true) {
      T v = value.get();
      if (v != null) {
        return v;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + BOUND);
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  static List<String> lines(String s) {
    return List.of(s.split("\n"));
  }
}
