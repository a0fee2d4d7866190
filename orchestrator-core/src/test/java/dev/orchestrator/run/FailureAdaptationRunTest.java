package dev.orchestrator.run;

import static dev.orchestrator.run.Runs.await;
import static dev.orchestrator.run.Runs.finish;
import static dev.orchestrator.run.Runs.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.observe.FailurePattern;
import dev.orchestrator.observe.RunEvent;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.observe.TaskState;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.RetryPolicy;
import dev.orchestrator.task.TaskSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The failure supervisor at work in real runs. */
class FailureAdaptationRunTest {

  private static RunOptions.Builder options(int agents, FailureAdaptation adaptation) {
    return RunOptions.builder().agents(agents).failureAdaptation(adaptation);
  }

  @Test
  void run_failureRateBetweenOneAndTenPercent_shrinksThePoolWithAReason() throws Exception {
    Plan.Builder plan = Plan.builder("flaky");
    for (int i = 0; i < 400; i++) {
      int k = i;
      plan.add(TaskSpec.builder("t" + i)
          .retry(RetryPolicy.builder().maxAttempts(2).delay(Duration.ZERO).build())
          .run(ctx -> {
            if (k % 25 == 0 && ctx.attempt() == 1) { // 4 % of first attempts fail
              throw new IOException("flaky " + k);
            }
          }).build());
    }
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    RunReport report = finish(Engine.start(plan.build(), options(8,
        FailureAdaptation.builder().window(100).minSample(100).noAnalysis().build())
        .listener(events::add).build()));
    Runs.allDelivered(events);
    assertThat(report.isSuccess()).isTrue();
    assertThat(report.adjustments()).isNotEmpty();
    RunEvent.ScalingAdjustment first = report.adjustments().get(0);
    assertThat(first.fromAgents()).isEqualTo(8);
    assertThat(first.toAgents()).isEqualTo(6);
    assertThat(first.reason()).matches("failure rate \\d\\.\\d % \\(\\d+ of the last 100 attempts\\)"
        + " is at or above 1 %: shrinking the pool by 25 %");
    assertThat(events).filteredOn(RunEvent.ScalingAdjustment.class::isInstance)
        .containsExactlyElementsOf(report.adjustments());
    assertThat(report.failureAnalyses()).isEmpty();
  }

  @Test
  void run_systematicFailure_abortsAndRunsCompensationsInReverseCompletionOrder() throws Exception {
    ConcurrentLinkedQueue<String> undone = new ConcurrentLinkedQueue<>();
    Plan.Builder plan = Plan.builder("deploy");
    for (int i = 0; i < 40; i++) {
      int k = i;
      plan.add(TaskSpec.builder(String.format("t%02d", i))
          .compensate(ctx -> undone.add(ctx.taskId()))
          .run(ctx -> {
            if (k >= 15) {
              throw new IOException("package checksum mismatch on host-" + k);
            }
          }).build());
    }
    RunReport report = finish(Engine.start(plan.build(), options(1,
        FailureAdaptation.builder().window(20).minSample(10).minFailures(3).systematic(0.9, 3)
            .build()).build()));
    assertThat(report.failureAnalyses()).singleElement().satisfies(a -> {
      assertThat(a.classification()).isEqualTo(FailurePattern.SYSTEMATIC);
      assertThat(a.tasks()).containsExactly("t15", "t16", "t17");
      assertThat(a.evidence()).contains("share one cause: java.io.IOException: package checksum"
          + " mismatch on host-#");
    });
    assertThat(report.wasCancelled()).isTrue();
    assertThat(report.succeeded()).isEqualTo(15);
    assertThat(report.failed()).isEqualTo(3);
    assertThat(report.cancelled()).isEqualTo(22);
    assertThat(report.task("t20").cause()).contains("aborted after a systematic failure:"
        + " java.io.IOException: package checksum mismatch on host-# (3 of 3 failed attempts)");
    List<String> completion = report.ids(TaskState.SUCCEEDED).stream()
        .sorted(Comparator.comparing((String id) -> Runs.end(report, id)).reversed()).toList();
    assertThat(List.copyOf(undone)).containsExactlyElementsOf(completion);
    assertThat(report.compensations()).extracting(RunEvent.TaskCompensated::taskId)
        .containsExactlyElementsOf(completion);
    assertThat(report.compensations()).allMatch(RunEvent.TaskCompensated::succeeded);
  }

  @Test
  void run_rollback_aFailingOrHangingCompensationDoesNotStopTheOthers() throws Exception {
    List<String> undone = new CopyOnWriteArrayList<>();
    CountDownLatch never = new CountDownLatch(1);
    Plan.Builder plan = Plan.builder("rollback");
    plan.add(TaskSpec.builder("a").compensate(ctx -> undone.add("a")).run(ctx -> {}).build());
    plan.add(TaskSpec.builder("b").after("a").compensate(ctx -> {
      throw new IllegalStateException("cannot undo b");
    }).run(ctx -> {}).build());
    CountDownLatch hanging = new CountDownLatch(1);
    plan.add(TaskSpec.builder("c").after("b").compensate(ctx -> {
      hanging.countDown();
      await(never);
    }).run(ctx -> {}).build());
    plan.add(TaskSpec.builder("d").after("c").compensate(ctx -> undone.add("d")).run(ctx -> {}).build());
    for (int i = 0; i < 4; i++) {
      plan.add(TaskSpec.builder("x" + i).after("d").run(ctx -> {
        throw new IOException("down");
      }).build());
    }
    // On a virtual clock: the hanging compensation's timeout elapses when the test moves it on.
    VirtualClock clock = new VirtualClock();
    Run run = clock.start(plan.build(), options(2,
        FailureAdaptation.builder().window(8).minSample(8).minFailures(3).systematic(0.9, 3)
            .compensationTimeout(Duration.ofMillis(50)).build())
        .timeoutGrace(Duration.ofMillis(50)).build());
    await(hanging);
    clock.advance(Duration.ofMillis(50).minusNanos(1));
    assertThat(undone).as("within the compensation timeout").containsExactly("d");
    clock.advance(Duration.ofNanos(1));
    RunReport report = finish(run);
    assertThat(report.compensations()).extracting(RunEvent.TaskCompensated::taskId)
        .containsExactly("d", "c", "b", "a");
    assertThat(report.compensations()).extracting(RunEvent.TaskCompensated::succeeded)
        .containsExactly(true, false, false, true);
    assertThat(report.compensations().get(1).error()).contains("timed out after PT0.05S and was interrupted");
    assertThat(report.compensations().get(2).error()).contains("IllegalStateException: cannot undo b");
    assertThat(undone).containsExactly("d", "a");
  }

  @Test
  void run_failuresConfinedToOneGroup_pauseThatGroupAndTheOthersFinish() throws Exception {
    Plan.Builder plan = Plan.builder("regions");
    String[] regions = {"eu", "us", "ap"};
    for (int i = 0; i < 120; i++) {
      String region = regions[i % 3];
      plan.add(TaskSpec.builder(region + "-" + i).group(region).run(ctx -> {
        if (region.equals("eu")) {
          throw new IOException("eu-west unreachable");
        }
      }).build());
    }
    RunReport report = finish(Engine.start(plan.build(), options(3,
        FailureAdaptation.builder().window(30).minSample(30).minFailures(5).build()).build()));
    assertThat(report.failureAnalyses()).singleElement().satisfies(a -> {
      assertThat(a.classification()).isEqualTo(FailurePattern.GROUPED);
      assertThat(a.action()).isEqualTo("pausing group 'eu'; the other groups go on");
      assertThat(a.tasks()).allMatch(id -> id.startsWith("eu-"));
    });
    for (String id : report.ids(TaskState.SUCCEEDED)) {
      assertThat(id).doesNotStartWith("eu-");
    }
    assertThat(report.succeeded()).isEqualTo(80);
    assertThat(report.failed() + report.cancelled()).isEqualTo(40);
    assertThat(report.cancelled()).isPositive();
    String held = report.ids(TaskState.CANCELLED).get(0);
    assertThat(report.task(held).cause().orElseThrow())
        .startsWith("group 'eu' was paused (failures confined to group 'eu' (failure rate")
        .endsWith(") and not resumed before the rest of the run ended");
    assertThat(report.task(held).attempts()).isZero();
    assertThat(report.wasCancelled()).isFalse();
  }

  @Test
  void pauseGroup_byTheUser_waitsForResumeGroup() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    Plan.Builder plan = Plan.builder("user");
    plan.add(TaskSpec.builder("gate").run(ctx -> await(go)).build());
    for (int i = 0; i < 6; i++) {
      plan.add(TaskSpec.builder("eu-" + i).group("eu").after("gate").run(ctx -> {}).build());
      plan.add(TaskSpec.builder("us-" + i).group("us").after("gate").run(ctx -> {}).build());
    }
    Run run = Engine.start(plan.build(), options(2, FailureAdaptation.defaults()).build());
    run.pauseGroup("eu");
    run.pauseGroup("eu");
    assertThat(run.pausedGroups()).containsExactly("eu");
    go.countDown();
    until(() -> run.succeeded() == 7, "the gate and the us tasks succeed");
    assertThat(run.isDone()).isFalse();
    assertThat(run.pending()).isEqualTo(6);
    assertThat(run.resumeGroup("ap")).isFalse();
    assertThat(run.resumeGroup("eu")).isTrue();
    RunReport report = finish(run);
    assertThat(report.isSuccess()).isTrue();
    assertThat(run.pausedGroups()).isEmpty();
  }

  @Test
  void run_adaptationDisabled_neverAdjusts() throws Exception {
    Plan.Builder plan = Plan.builder("off");
    for (int i = 0; i < 200; i++) {
      plan.add(TaskSpec.builder("t" + i).run(ctx -> {
        throw new IOException("always");
      }).build());
    }
    RunReport report = finish(Engine.start(plan.build(),
        options(4, FailureAdaptation.none()).build()));
    assertThat(report.failed()).isEqualTo(200);
    assertThat(report.adjustments()).isEmpty();
    assertThat(report.failureAnalyses()).isEmpty();
  }

  @Test
  void run_randomFailures_halveThePoolAndRetry() throws Exception {
    Plan.Builder plan = Plan.builder("random");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int k = i;
      ids.add("t" + i);
      plan.add(TaskSpec.builder("t" + i)
          .retry(RetryPolicy.builder().maxAttempts(3).delay(Duration.ZERO).build())
          .run(ctx -> {
            if (k % 10 == 3 && ctx.attempt() == 1) {
              throw new IOException("connection reset by peer " + k);
            }
          }).build());
    }
    RunReport report = finish(Engine.start(plan.build(), options(8,
        FailureAdaptation.builder().window(50).minSample(50).minFailures(3).build()).build()));
    assertThat(report.isSuccess()).isTrue();
    assertThat(report.failureAnalyses()).isNotEmpty()
        .allMatch(a -> a.classification() == FailurePattern.RANDOM);
    assertThat(report.adjustments().get(0).reason()).startsWith("random failures (failure rate");
    assertThat(report.adjustments().get(0).toAgents()).isLessThanOrEqualTo(4);
  }
}
