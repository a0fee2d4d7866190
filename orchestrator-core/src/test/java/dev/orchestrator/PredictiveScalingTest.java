package dev.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.history.ExecutionHistory;
import dev.orchestrator.history.HistoryStore;
import dev.orchestrator.history.RunRecord;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.scale.AutoScaler;
import dev.orchestrator.scale.BindingLimit;
import dev.orchestrator.scale.Capacity;
import dev.orchestrator.scale.CostModel;
import dev.orchestrator.scale.ScalingDecision;
import dev.orchestrator.task.TaskType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history closes the loop: runs recorded through {@code Orchestrator.builder().history(store)}
 * change what the scaler decides for similar work, and its explanation says why.
 */
class PredictiveScalingTest {

  private static final Capacity MACHINE = Capacity.builder().cpuCores(4).memory(16L << 30)
      .diskIops(10_000).build();

  private static AutoScaler.Builder scaler() {
    return AutoScaler.builder().capacity(MACHINE).serviceLoading(false)
        .costs(CostModel.builder().agentStartup(Duration.ofSeconds(1)).taskDispatch(Duration.ZERO)
            .contention(0, 1).build())
        .probe(wanted -> {
          throw new AssertionError("everything is configured");
        });
  }

  private static Plan convert(int files) {
    List<Integer> items = IntStream.range(0, files).boxed().toList();
    return Workflow.named("convert " + files).forEach("file", items, (i, t) -> t
        .type(TaskType.FILE_IO).estimate(Duration.ofSeconds(10)).run(ctx -> { })).build().plan();
  }

  /** Held as the interface, a store still records: there is one way to give history. */
  @Test
  void history_storeHeldAsExecutionHistory_recordsEveryRun(@TempDir Path dir) {
    HistoryStore store = HistoryStore.open(dir.resolve("history.jsonl"));
    ExecutionHistory history = store;
    try (Orchestrator orchestrator = Orchestrator.builder().agents(2).history(history).build()) {
      orchestrator.run(convert(10));
    }
    assertThat(store.records()).singleElement().satisfies(r -> assertThat(r.tasks()).isEqualTo(10));
    assertThat(HistoryStore.open(dir.resolve("history.jsonl")).records()).hasSize(1);
  }

  /** A read-only history is read, and recording into it is a no-op rather than an error. */
  @Test
  void history_readOnly_keepsNothing() {
    ExecutionHistory history = ExecutionHistory.of(List.of(), java.util.Map.of());
    try (Orchestrator orchestrator = Orchestrator.builder().agents(2).history(history).build()) {
      assertThat(orchestrator.run(convert(10)).isSuccess()).isTrue();
    }
    assertThat(history.similarRuns(TaskType.FILE_IO, 10)).isEmpty();
  }

  @Test
  void recordedRuns_changeTheDecisionForSimilarWork(@TempDir Path dir) {
    HistoryStore history = HistoryStore.open(dir.resolve("history.jsonl"));
    Plan next = convert(110);
    ScalingDecision before = scaler().history(history).build().scale(next);
    assertThat(before.bindingLimit()).isNotEqualTo(BindingLimit.HISTORY);
    assertThat(before.explanation().lines())
        .contains("History: no past run of file-io work within ±20 % of 110 tasks");

    try (Orchestrator orchestrator = Orchestrator.builder().agents(4).history(history).build()) {
      orchestrator.run(convert(100));
      orchestrator.run(convert(100));
    }
    assertThat(history.records()).hasSize(2).allSatisfy(r -> {
      assertThat(r.type()).isEqualTo(TaskType.FILE_IO);
      assertThat(r.tasks()).isEqualTo(100);
      assertThat(r.agents()).isEqualTo(4);
      assertThat(r.taskTypes()).containsEntry("file-io", 100);
      assertThat(r.durations()).containsKey(TaskType.FILE_IO);
    });
    RunRecord fastest = history.records().stream()
        .min(java.util.Comparator.comparing(RunRecord::makespan)).orElseThrow();

    ScalingDecision after = scaler().history(HistoryStore.open(dir.resolve("history.jsonl")))
        .build().scale(next);
    // Through the orchestrator: the plan's preview shows the same decision and says why.
    try (Orchestrator orchestrator = Orchestrator.builder().capacity(MACHINE)
        .costs(CostModel.builder().agentStartup(Duration.ofSeconds(1)).taskDispatch(Duration.ZERO)
            .contention(0, 1).build())
        .probe(wanted -> {
          throw new AssertionError("everything is configured");
        })
        .history(history).build()) {
      Plan previewed = orchestrator.plan(Workflow.named("convert 110").forEach("file",
          IntStream.range(0, 110).boxed().toList(), (i, t) -> t.type(TaskType.FILE_IO)
              .estimate(Duration.ofSeconds(10)).run(ctx -> { })).build());
      assertThat(previewed.preview().orElseThrow().agents()).isEqualTo(4);
      assertThat(previewed.explain()).contains("History: 2 similar past runs (file-io, size within ±20 %)",
          "Scaled to 110 tasks: 4 agents", "The observed best replaces the model's choice");
    }
    // The best similar run had 4 agents for 100 tasks: 4 × 110 / 100 = 4.4, so 4.
    assertThat(before.agents()).isNotEqualTo(4);
    assertThat(after.agents()).isEqualTo(4);
    assertThat(after.bindingLimit()).isEqualTo(BindingLimit.HISTORY);
    assertThat(after.explanation().lines()).contains(
        "History: 2 similar past runs (file-io, size within ±20 %)",
        "Fastest: 100 tasks on 4 agents in "
            + dev.orchestrator.internal.Format.duration(fastest.makespan()),
        "Scaled to 110 tasks: 4 agents",
        "The observed best replaces the model's choice");

    // Work of another size is not similar: the model decides.
    ScalingDecision bigger = scaler().history(history).build().scale(convert(1_000));
    assertThat(bigger.bindingLimit()).isNotEqualTo(BindingLimit.HISTORY);
  }

  @Test
  void learnedDurations_standInForMissingEstimates(@TempDir Path dir) {
    HistoryStore history = HistoryStore.open(dir.resolve("history.jsonl"));
    try (Orchestrator orchestrator = Orchestrator.builder().agents(2).history(history).build()) {
      orchestrator.run(convert(20));
    }
    Duration learned = history.learnedDuration(TaskType.FILE_IO).orElseThrow();
    Plan unestimated = Workflow.named("unestimated").forEach("f", List.of(1, 2, 3, 4, 5),
        (i, t) -> t.type(TaskType.FILE_IO).run(ctx -> { })).build().plan();
    ScalingDecision d = scaler().history(history).build().scale(unestimated);
    assertThat(d.sequentialTime()).isEqualTo(learned.multipliedBy(5));
    assertThat(d.explanation().lines())
        .contains("5 tasks without an estimate use durations learned from history");
  }

  @Test
  void cancelledRuns_areNotRecorded(@TempDir Path dir) throws Exception {
    HistoryStore history = HistoryStore.open(dir.resolve("history.jsonl"));
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    Plan plan = Workflow.named("stuck").task("wait", t -> t.run(ctx -> {
      started.countDown();
      while (!ctx.isCancelled()) {
        Thread.onSpinWait();
      }
    })).build().plan();
    try (Orchestrator orchestrator = Orchestrator.builder().agents(1).history(history).build()) {
      var run = orchestrator.runAsync(plan);
      started.await();
      run.cancel();
      assertThat(run.await().wasCancelled()).isTrue();
    }
    assertThat(history.records()).isEmpty();
  }
}
