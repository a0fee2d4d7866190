package dev.orchestrator.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.task.TaskType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryStoreTest {

  static RunRecord run(String id, TaskType type, int tasks, int agents, Duration makespan,
      Map<TaskType, Duration> durations) {
    return new RunRecord(Instant.parse("2026-11-23T10:00:00Z"), id, "plan-" + id, type,
        Map.of(type.name(), tasks), tasks, agents, makespan, 0.9, 1.0, durations);
  }

  @Test
  void record_appendsALineThatAReopenedStoreReadsBack(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sub/history.jsonl");
    HistoryStore store = HistoryStore.open(file);
    RunRecord r = run("run-1", TaskType.FILE_IO, 100, 8, Duration.ofMillis(1500),
        Map.of(TaskType.FILE_IO, Duration.ofMillis(120)));
    store.record(r);
    store.record(run("run-2", TaskType.NETWORK, 10, 2, Duration.ofSeconds(3), Map.of()));
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("{\"format\":\"orchestrator-history/1\",\"time\":\"2026-11-23T10:00:00Z\","
        + "\"runId\":\"run-1\",\"plan\":\"plan-run-1\",\"type\":\"file-io\",\"taskTypes\":{\"file-io\":100},"
        + "\"tasks\":100,\"agents\":8,\"makespanMillis\":1500.0,\"efficiency\":0.9,\"successRate\":1.0,"
        + "\"durationsMillis\":{\"file-io\":120.0}}");
    HistoryStore reopened = HistoryStore.open(file);
    assertThat(reopened.records()).containsExactly(r, store.records().get(1));
  }

  @Test
  void open_skipsLinesItCannotRead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("history.jsonl");
    HistoryStore.open(file).record(run("ok", TaskType.GENERAL, 5, 1, Duration.ofSeconds(1), Map.of()));
    Files.writeString(file, "not json\n{\"format\":\"other\"}\n\n", java.nio.file.StandardOpenOption.APPEND);
    assertThat(HistoryStore.open(file).records()).extracting(RunRecord::runId).containsExactly("ok");
  }

  @Test
  void similarRuns_sameTypeWithinTwentyPercentNewestFirst(@TempDir Path dir) {
    HistoryStore store = HistoryStore.open(dir.resolve("h.jsonl"));
    store.record(run("a", TaskType.FILE_IO, 100, 4, Duration.ofSeconds(10), Map.of()));
    store.record(run("b", TaskType.FILE_IO, 125, 5, Duration.ofSeconds(9), Map.of()));
    store.record(run("c", TaskType.NETWORK, 100, 6, Duration.ofSeconds(8), Map.of()));
    store.record(run("d", TaskType.FILE_IO, 119, 7, Duration.ofSeconds(7), Map.of()));
    // 100 ± 20 %: 80..120 — "b" (125) is not similar.
    assertThat(store.similarRuns(TaskType.FILE_IO, 100)).extracting(PastRun::agents).containsExactly(7, 4);
    assertThat(store.similarRuns(TaskType.COMPUTATION, 100)).isEmpty();
  }

  @Test
  void learnedDuration_isTheTaskWeightedMeanOfTheRecentRuns(@TempDir Path dir) {
    HistoryStore store = HistoryStore.open(dir.resolve("h.jsonl"));
    assertThat(store.learnedDuration(TaskType.FILE_IO)).isEmpty();
    store.record(run("a", TaskType.FILE_IO, 10, 1, Duration.ofSeconds(1), Map.of(TaskType.FILE_IO, Duration.ofMillis(100))));
    store.record(run("b", TaskType.FILE_IO, 30, 1, Duration.ofSeconds(1), Map.of(TaskType.FILE_IO, Duration.ofMillis(200))));
    // (10 × 100 + 30 × 200) / 40 = 175 ms.
    assertThat(store.learnedDuration(TaskType.FILE_IO)).contains(Duration.ofMillis(175));
    for (int i = 0; i < HistoryStore.LEARNING_WINDOW; i++) {
      store.record(run("n" + i, TaskType.FILE_IO, 10, 1, Duration.ofSeconds(1), Map.of(TaskType.FILE_IO, Duration.ofMillis(50))));
    }
    assertThat(store.learnedDuration(TaskType.FILE_IO)).contains(Duration.ofMillis(50)); // old runs left the window
  }

  @Test
  void defaultFile_isUnderTheUsersHome() {
    assertThat(HistoryStore.defaultFile())
        .isEqualTo(Path.of(System.getProperty("user.home"), ".orchestrator", "history.jsonl"));
  }

  @Test
  void runRecord_checksItsValues() {
    assertThatThrownBy(() -> run("x", TaskType.GENERAL, 0, 1, Duration.ZERO, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("past run task count must be >= 1: 0");
    assertThatThrownBy(() -> HistoryStore.open(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("history file cannot be null");
  }
}
