package dev.orchestrator.run;

import static dev.orchestrator.run.Runs.act;
import static dev.orchestrator.run.Runs.await;
import static dev.orchestrator.run.Runs.noop;
import static dev.orchestrator.run.Runs.overlap;
import static dev.orchestrator.run.Runs.plan;
import static dev.orchestrator.run.Runs.run;
import static dev.orchestrator.run.Runs.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.observe.RunReport;
import dev.orchestrator.observe.TaskOutcome;
import dev.orchestrator.observe.TaskState;
import dev.orchestrator.plan.ExecutionMode;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.Priority;
import dev.orchestrator.task.TaskSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SchedulingTest {

  @Test
  void run_oneAgentStartsByPriorityThenLongestRemainingPath() throws Exception {
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    Plan plan = plan(
        task("low").priority(Priority.LOW).estimate(Duration.ofMinutes(9)).run(ctx -> order.add("low")).build(),
        task("short").estimate(Duration.ofMinutes(1)).run(ctx -> order.add("short")).build(),
        task("long").estimate(Duration.ofMinutes(5)).run(ctx -> order.add("long")).build(),
        task("urgent").priority(Priority.HIGH).estimate(Duration.ofSeconds(1)).run(ctx -> order.add("urgent")).build(),
        task("head").estimate(Duration.ofMinutes(2)).run(ctx -> order.add("head")).build(),
        task("tail").estimate(Duration.ofMinutes(2)).after("head").run(ctx -> order.add("tail")).build());
    RunReport report = run(plan, 1);
    // HIGH first; then NORMAL by the longest remaining path (long 5, head 2+2, tail 2, short 1),
    // LOW last although its path is the longest.
    assertThat(order).containsExactly("urgent", "long", "head", "tail", "short", "low");
    assertThat(report.isSuccess()).isTrue();
  }

  @Test
  void run_criticalTasksRunAlone() throws Exception {
    Plan plan = plan(
        noop("n1"), noop("n2"), noop("n3"),
        task("backup").critical().run(ctx -> {}).build(),
        noop("n4", "n1"), noop("n5", "n1"),
        task("migrate").critical().after("n1").run(ctx -> {}).build(),
        noop("n6", "migrate"), noop("n7", "n2"));
    RunReport report = run(plan, 4);
    assertThat(report.isSuccess()).isTrue();
    for (String critical : List.of("backup", "migrate")) {
      TaskOutcome c = report.task(critical);
      for (TaskOutcome other : report.tasks()) {
        if (!other.taskId().equals(critical)) {
          assertThat(overlap(c, other)).as(critical + " overlaps " + other.taskId()).isFalse();
        }
      }
    }
  }

  @Test
  void run_gateThatSaysNoFailsAndSkipsWhatFollows() throws Exception {
    AtomicInteger after = new AtomicInteger();
    Plan plan = plan(
        noop("canary"),
        TaskSpec.gate("healthy", ctx -> false).after("canary").build(),
        act("rollout", ctx -> after.incrementAndGet(), "healthy"),
        act("independent", ctx -> after.incrementAndGet()));
    RunReport report = run(plan, 2);
    assertThat(report.state("healthy")).isEqualTo(TaskState.FAILED);
    assertThat(report.task("healthy").cause()).contains("gate 'healthy' stayed shut");
    assertThat(report.state("rollout")).isEqualTo(TaskState.SKIPPED);
    assertThat(report.task("rollout").cause()).contains("dependency 'healthy' failed");
    assertThat(after).hasValue(1);
  }

  @Test
  void run_gateThatSaysYesOpens() throws Exception {
    Plan plan = plan(noop("canary"), TaskSpec.gate("healthy", ctx -> true).after("canary").build(),
        noop("rollout", "healthy"));
    assertThat(run(plan, 2).isSuccess()).isTrue();
  }

  @Test
  void run_dependencyModeStartsAsSoonAsDependenciesAllow() throws Exception {
    // "late" waits for "early2", which is on the next level: only a dependency-driven run finishes.
    CountDownLatch early2Ran = new CountDownLatch(1);
    Plan plan = plan(
        noop("a"),
        act("slow", ctx -> await(early2Ran)),
        act("early2", ctx -> early2Ran.countDown(), "a"));
    RunReport report = run(plan, 2);
    assertThat(report.isSuccess()).isTrue();
    assertThat(Runs.start(report, "early2")).isLessThan(Runs.end(report, "slow"));
  }

  @Test
  void run_wavesModeIsABarrier() throws Exception {
    Plan plan = Plan.builder("waves").mode(ExecutionMode.WAVES)
        .add(noop("a")).add(noop("slow")).add(noop("b", "a")).add(noop("c", "b")).build();
    RunReport report = run(plan, 2);
    assertThat(Runs.start(report, "b")).isGreaterThanOrEqualTo(Runs.end(report, "slow"));
    assertThat(Runs.start(report, "c")).isGreaterThanOrEqualTo(Runs.end(report, "b"));
  }

  @Test
  void run_pipelineHasBarriersAndAtMostFivePerStage() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CyclicBarrier five = new CyclicBarrier(5);
    Plan.Builder b = Plan.builder("pipeline").mode(ExecutionMode.PIPELINE);
    b.add(noop("design"));
    for (int i = 0; i < 10; i++) {
      b.add(act("build-" + i, ctx -> {
        peak.accumulateAndGet(running.incrementAndGet(), Math::max);
        await(five); // five must run side by side, or this never trips
        running.decrementAndGet();
      }, "design"));
    }
    b.add(act("test", ctx -> {}, "build-0"));
    RunReport report = run(b.build(), 8);
    assertThat(report.isSuccess()).isTrue();
    assertThat(peak).hasValue(5);
    for (int i = 0; i < 10; i++) {
      assertThat(Runs.start(report, "test")).isGreaterThanOrEqualTo(Runs.end(report, "build-" + i));
    }
  }

  @Test
  void run_sequentialRunsOneAtATime() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    Plan.Builder b = Plan.builder("seq").mode(ExecutionMode.SEQUENTIAL);
    for (int i = 0; i < 20; i++) {
      b.add(act("t" + i, ctx -> {
        peak.accumulateAndGet(running.incrementAndGet(), Math::max);
        Thread.yield();
        running.decrementAndGet();
      }));
    }
    assertThat(run(b.build(), 8).isSuccess()).isTrue();
    assertThat(peak).hasValue(1);
  }

  @Test
  void run_swarmCapsAtFiftyByDefaultAndAUserLimitOverrides() throws Exception {
    assertThat(Plan.builder("s").mode(ExecutionMode.SWARM).build().concurrencyLimit()).isEqualTo(50);
    assertThat(Plan.builder("m").mode(ExecutionMode.MESH).build().concurrencyLimit()).isEqualTo(30);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CyclicBarrier three = new CyclicBarrier(3);
    Plan.Builder b = Plan.builder("swarm").mode(ExecutionMode.SWARM).concurrencyLimit(3);
    for (int i = 0; i < 9; i++) {
      b.add(act("t" + i, ctx -> {
        peak.accumulateAndGet(running.incrementAndGet(), Math::max);
        await(three);
        running.decrementAndGet();
      }));
    }
    assertThat(run(b.build(), 10).isSuccess()).isTrue();
    assertThat(peak).hasValue(3);
  }

  @Test
  void run_meshTasksTalkThroughTheChannel() throws Exception {
    Plan plan = Plan.builder("mesh").mode(ExecutionMode.MESH)
        .add(act("frontend", ctx -> {
          ctx.channel().publish("contract", "GET /users");
          String answer = ctx.channel().await("answer", 0, String.class, Runs.BOUND);
          assertThat(answer).isEqualTo("agreed: GET /users");
        }))
        .add(act("backend", ctx -> {
          String offer = ctx.channel().await("contract", 0, String.class, Runs.BOUND);
          ctx.channel().publish("answer", "agreed: " + offer);
        }))
        .build();
    RunReport report = run(plan, 2);
    assertThat(report.isSuccess()).isTrue();
  }

  @Test
  void run_idleAgentsStealWhatAnotherAgentMadeReady() throws Exception {
    CyclicBarrier both = new CyclicBarrier(2);
    Plan plan = plan(noop("a"), act("b", ctx -> await(both), "a"), act("c", ctx -> await(both), "a"));
    RunReport report = run(plan, 2);
    assertThat(report.isSuccess()).isTrue();
    // One successor ran on the agent that finished "a" (hand-off), the other on the idle one.
    assertThat(report.pool().handOffs()).isEqualTo(1);
    assertThat(report.pool().steals()).isEqualTo(1);
    assertThat(report.task("b").agent()).isNotEqualTo(report.task("c").agent());
  }

  @Test
  void run_skillMatchPrefersAgentsWhoseSkillsCoverTheTags() throws Exception {
    AgentFactory<Void> factory = new AgentFactory<>() {
      @Override
      public Void create(AgentInfo agent) {
        return null;
      }

      @Override
      public java.util.Set<String> skills(AgentInfo agent) {
        return agent.number() == 2 ? java.util.Set.of("python") : java.util.Set.of();
      }
    };
    Plan.Builder b = Plan.builder("skills");
    for (int i = 0; i < 6; i++) {
      b.add(task("py-" + i).tags("python").run(ctx -> {}).build());
    }
    b.add(task("rust").tags("rust").run(ctx -> {}).build()); // nobody has rust: any agent
    RunReport report = run(b.build(), RunOptions.builder().agents(3).agentFactory(factory).build());
    for (int i = 0; i < 6; i++) {
      assertThat(report.task("py-" + i).agent()).contains("agent-2");
    }
    assertThat(report.state("rust")).isEqualTo(TaskState.SUCCEEDED);
  }

  @Test
  void run_agentsAreReusedAcrossWaves() throws Exception {
    Plan.Builder b = Plan.builder("reuse");
    for (int w = 0; w < 5; w++) {
      for (int i = 0; i < 4; i++) {
        b.add(w == 0 ? noop("w0-" + i) : noop("w" + w + "-" + i, "w" + (w - 1) + "-" + i));
      }
    }
    RunReport report = run(b.build(), 4);
    assertThat(report.pool().agentsCreated()).isEqualTo(4);
    assertThat(report.pool().executions()).isEqualTo(20);
    long used = report.pool().agents().stream().filter(a -> a.tasks() > 0).count();
    assertThat(report.pool().reuseRate()).isEqualTo((20.0 - used) / 20).isGreaterThanOrEqualTo(0.8);
  }
}
