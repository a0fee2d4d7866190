package dev.orchestrator.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.task.TaskType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the store learns per task id and name pattern, what it records, and how it stays bounded. */
class HistoryLearningTest {

  @TempDir Path dir;

  private static RunRecord run(String id, String plan, Map<String, Duration> tasks,
      Map<String, Duration> patterns) {
    return new RunRecord(Instant.parse("2026-12-02T10:00:00Z"), id, plan, TaskType.NETWORK,
        Map.of("network", 10), 10, 4, Duration.ofSeconds(2), 0.8, 1.0,
        Map.of(TaskType.NETWORK, Duration.ofMillis(40)), tasks, patterns, 0,
        Optional.of(Duration.ofMillis(1_500)));
  }

  @Test
  void learnedTaskDuration_meanOverThePlansRecentRunsOnly() {
    HistoryStore store = HistoryStore.open(dir.resolve("history.jsonl"));
    store.record(run("r1", "deploy", Map.of("deploy-1", Duration.ofMillis(100)), Map.of()));
    store.record(run("r2", "other", Map.of("deploy-1", Duration.ofSeconds(9)), Map.of()));
    store.record(run("r3", "deploy", Map.of("deploy-1", Duration.ofMillis(200)),
        Map.of("deploy-#", Duration.ofMillis(150))));

    assertThat(store.learnedTaskDuration("deploy", "deploy-1")).contains(Duration.ofMillis(150));
    assertThat(store.learnedPatternDuration("deploy", "deploy-#")).contains(Duration.ofMillis(150));
    assertThat(store.learnedTaskDuration("deploy", "deploy-2")).isEmpty();
    assertThat(store.learnedTaskDuration("other", "deploy-1")).contains(Duration.ofSeconds(9));
    assertThat(store.learnedTaskDuration("new plan", "deploy-1")).isEmpty();
  }

  @Test
  void learnedTaskDuration_onlyTheLastPlanWindowRunsCount() {
    HistoryStore store = HistoryStore.open(dir.resolve("history.jsonl"));
    store.record(run("old", "p", Map.of("t1", Duration.ofSeconds(60)), Map.of()));
    for (int i = 0; i < HistoryStore.PLAN_WINDOW; i++) {
      store.record(run("new-" + i, "p", Map.of("t1", Duration.ofMillis(10)), Map.of()));
    }

    assertThat(store.learnedTaskDuration("p", "t1")).contains(Duration.ofMillis(10));
  }

  @Test
  void record_newFieldsRoundTripThroughTheFile() throws Exception {
    Path file = dir.resolve("history.jsonl");
    RunRecord resumed = new RunRecord(Instant.parse("2026-12-02T10:00:00Z"), "r1", "api",
        TaskType.API_CALL, Map.of("api-call", 18), 18, 4, Duration.ofMillis(2_330), 0.5, 1.0,
        Map.of(TaskType.API_CALL, Duration.ofMillis(25)), Map.of("fetch-7", Duration.ofMillis(25)),
        Map.of("fetch-#", Duration.ofMillis(25)), 3_013, Optional.of(Duration.ofMillis(2_000)));
    HistoryStore.open(file).record(resumed);

    String line = Files.readAllLines(file).get(0);
    assertThat(line).contains("\"restored\":3013", "\"estimateMillis\":2000.0",
        "\"estimateError\":0.1416", "\"patternDurationsMillis\":{\"fetch-#\":25.0}",
        "\"taskDurationsMillis\":{\"fetch-7\":25.0}");
    RunRecord read = HistoryStore.open(file).records().get(0);
    assertThat(read).isEqualTo(resumed);
    assertThat(read.estimateError()).hasValueSatisfying(e -> assertThat(e).isEqualTo(330 / 2330.0));
  }

  @Test
  void record_pastTheBound_rotatesAndKeepsTheNewestHalf() throws Exception {
    Path file = dir.resolve("history.jsonl");
    HistoryStore store = HistoryStore.open(file, 4_096);
    int line = HistoryStore.format(run("r00", "p", Map.of(), Map.of())).length() + 1;
    int runs = 3 * 4_096 / line; // enough to rotate at least twice
    for (int i = 0; i < runs; i++) {
      store.record(run(String.format("r%02d", i), "p", Map.of(), Map.of()));
      assertThat(Files.size(file)).isLessThanOrEqualTo(4_096);
    }

    assertThat(store.rotatedFile()).exists();
    assertThat(Files.size(store.rotatedFile())).isLessThanOrEqualTo(4_096);
    // The newest run is last, in memory and in the file; what was kept fits in the file.
    String newest = String.format("r%02d", runs - 1);
    assertThat(store.records().get(store.records().size() - 1).runId()).isEqualTo(newest);
    assertThat(HistoryStore.open(file).records()).isEqualTo(store.records());
    assertThat(store.records().size()).isLessThan(runs);
  }

  @Test
  void open_boundTooSmall() {
    assertThatThrownBy(() -> HistoryStore.open(dir.resolve("h.jsonl"), 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("history max bytes must be >= 1024: 100");
  }
}
