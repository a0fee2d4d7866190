package dev.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.history.HistoryStore;
import dev.orchestrator.history.RunRecord;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.observe.TaskState;
import dev.orchestrator.plan.DurationSource;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.resource.ResourceProbe;
import dev.orchestrator.resource.ResourceSnapshot;
import dev.orchestrator.task.RetryPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run leaves in the history: per-attempt durations, resumed runs, the estimate error. */
class HistoryRecorderTest {

  private static final Duration BACKOFF = Duration.ofMillis(400);

  @TempDir Path dir;

  private static Orchestrator.Builder orchestrator(HistoryStore history) {
    return Orchestrator.builder().agents(2).history(history).probe(ResourceProbe.fixed(
        ResourceSnapshot.builder().cpuCores(2).memory(2L << 30, 1L << 30).build()));
  }

  @Test
  void record_learnsTheSucceededAttemptWithoutTheBackoff() {
    HistoryStore history = HistoryStore.open(dir.resolve("history.jsonl"));
    AtomicInteger attempts = new AtomicInteger();
    Workflow workflow = Workflow.named("flaky")
        .task("call-1", t -> t.estimate(Duration.ofMillis(5))
            .retry(RetryPolicy.builder().maxAttempts(2).backoff(BACKOFF, BACKOFF).build())
            .run(ctx -> {
              if (attempts.getAndIncrement() == 0) {
                throw new IOException("503");
              }
            }))
        .build();

    RunReport report;
    try (Orchestrator o = orchestrator(history).build()) {
      report = o.run(o.plan(workflow));
    }

    assertThat(report.task("call-1").attempts()).isEqualTo(2);
    assertThat(report.task("call-1").duration()).isGreaterThanOrEqualTo(BACKOFF);
    RunRecord r = history.records().get(0);
    assertThat(r.taskDurations().get("call-1")).isLessThan(BACKOFF);
    assertThat(r.patternDurations().get("call-#")).isLessThan(BACKOFF);
    assertThat(r.estimate()).isPresent();
    assertThat(r.estimateError()).isPresent();
  }

  @Test
  void nextPlan_usesWhatTheLastRunOfThePlanMeasured() {
    HistoryStore history = HistoryStore.open(dir.resolve("history.jsonl"));
    Workflow workflow = Workflow.named("measured")
        .task("step-1", t -> t.estimate(Duration.ofMinutes(5)).run(ctx -> { }))
        .build();
    try (Orchestrator o = orchestrator(history).build()) {
      o.run(o.plan(workflow));
      Plan next = o.plan(workflow);

      assertThat(next.durationSource("step-1")).isEqualTo(DurationSource.LEARNED_TASK);
      assertThat(next.durationOf("step-1"))
          .isEqualTo(history.records().get(0).taskDurations().get("step-1"));
      assertThat(next.explain()).contains("Durations: 1 learned for the task\n");
    }
  }

  @Test
  void record_resumedRun_countsOnlyTheTasksItRan() {
    HistoryStore history = HistoryStore.open(dir.resolve("history.jsonl"));
    AtomicBoolean failing = new AtomicBoolean(true);
    Workflow workflow = Workflow.named("resumable")
        .forEach("copy", List.of(1, 2, 3, 4), (i, t) -> t.estimate(Duration.ofMillis(1)).run(ctx -> {
          if (i == 3 && failing.get()) {
            throw new IOException("disk full");
          }
        }))
        .build();
    Path run = dir.resolve("run");
    try (Orchestrator o = orchestrator(history).build()) {
      RunReport first = o.run(o.plan(workflow), run);
      assertThat(first.state("copy-3")).isEqualTo(TaskState.FAILED);
      failing.set(false);
      RunReport second = o.resume(run, workflow);
      assertThat(second.isSuccess()).isTrue();
    }

    assertThat(history.records()).hasSize(2);
    RunRecord first = history.records().get(0);
    RunRecord resumed = history.records().get(1);
    assertThat(first.tasks()).isEqualTo(4);
    assertThat(first.restored()).isZero();
    assertThat(resumed.tasks()).isEqualTo(1);
    assertThat(resumed.restored()).isEqualTo(3);
    assertThat(resumed.taskDurations()).containsOnlyKeys("copy-3");
    assertThat(resumed.taskTypes()).containsEntry("general", 1);
  }
}
