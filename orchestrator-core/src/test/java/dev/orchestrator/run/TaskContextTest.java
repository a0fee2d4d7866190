package dev.orchestrator.run;

import static dev.orchestrator.run.Runs.act;
import static dev.orchestrator.run.Runs.noop;
import static dev.orchestrator.run.Runs.plan;
import static dev.orchestrator.run.Runs.run;
import static dev.orchestrator.run.Runs.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.observe.RunReport;
import dev.orchestrator.observe.TaskState;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.TaskSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskContextTest {

  @Test
  void input_readsTheOutputOfADataDependency() throws Exception {
    AtomicReference<Integer> seen = new AtomicReference<>();
    List<String> errors = new CopyOnWriteArrayList<>();
    Plan plan = plan(
        task("count").produce(ctx -> 42).build(),
        noop("plain"),
        task("use").after(DependencyKind.DATA, "count").after("plain").run(ctx -> {
          seen.set(ctx.input("count", Integer.class));
          try {
            ctx.input("count", String.class);
          } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
          }
          try {
            ctx.input("plain", Object.class);
          } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
          }
        }).build());
    assertThat(run(plan, 2).isSuccess()).isTrue();
    assertThat(seen).hasValue(42);
    assertThat(errors).containsExactly(
        "task 'use': the output of 'count' is a java.lang.Integer, not a java.lang.String",
        "task 'use' has no DATA dependency on 'plain'; declare one with"
            + " after(DependencyKind.DATA, \"plain\") to read its output");
  }

  @Test
  void agentState_isCreatedOncePerAgentAndReusedForEveryTask() throws Exception {
    AtomicInteger created = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    Map<String, Object> stateOf = new ConcurrentHashMap<>();
    List<String> mismatches = new CopyOnWriteArrayList<>();
    AgentFactory<StringBuilder> factory = new AgentFactory<>() {
      @Override
      public StringBuilder create(AgentInfo agent) {
        created.incrementAndGet();
        return new StringBuilder(agent.name());
      }

      @Override
      public void close(StringBuilder state) {
        closed.incrementAndGet();
      }
    };
    Plan.Builder b = Plan.builder("state");
    for (int i = 0; i < 200; i++) {
      b.add(act("t" + i, ctx -> {
        StringBuilder state = ctx.agentState(StringBuilder.class);
        Object previous = stateOf.putIfAbsent(ctx.agentName(), state);
        if (previous != null && previous != state || !state.toString().equals(ctx.agentName())) {
          mismatches.add(ctx.taskId());
        }
      }));
    }
    RunReport report = run(b.build(), RunOptions.builder().agents(4).agentFactory(factory).build());
    assertThat(report.isSuccess()).isTrue();
    assertThat(created).hasValue(4);
    assertThat(closed).hasValue(4);
    assertThat(mismatches).isEmpty();
  }

  @Test
  void agentState_ofTheWrongTypeIsAClearError() throws Exception {
    Plan plan = plan(act("t", ctx -> ctx.agentState(String.class)));
    RunReport report = run(plan, 1);
    assertThat(report.task("t").cause()).contains("IllegalStateException: agent 'agent-1' has no"
        + " state of type java.lang.String (its factory made none); set one with"
        + " Orchestrator.builder().agentFactory(...)");
  }

  @Test
  void spawn_addsChildrenAndTheParentFinishesAfterThem() throws Exception {
    Plan plan = plan(
        act("parent", ctx -> {
          for (int i = 0; i < 3; i++) {
            ctx.spawn(TaskSpec.builder("child-" + i).run(c -> {}).build());
          }
        }),
        noop("next", "parent"));
    RunReport report = run(plan, 2);
    assertThat(report.isSuccess()).isTrue();
    assertThat(report.taskCount()).isEqualTo(5);
    assertThat(report.task("parent/child-1").parent()).contains("parent");
    for (int i = 0; i < 3; i++) {
      assertThat(Runs.start(report, "next")).isGreaterThanOrEqualTo(Runs.end(report, "parent/child-" + i));
      assertThat(Runs.end(report, "parent")).isGreaterThanOrEqualTo(Runs.end(report, "parent/child-" + i));
    }
  }

  @Test
  void spawn_failedChildFailsItsParentAndSkipsItsDependents() throws Exception {
    Plan plan = plan(
        act("parent", ctx -> ctx.spawn(TaskSpec.builder("bad").run(c -> {
          throw new IllegalStateException("child broke");
        }).build())),
        noop("next", "parent"));
    RunReport report = run(plan, 2);
    assertThat(report.state("parent/bad")).isEqualTo(TaskState.FAILED);
    assertThat(report.state("parent")).isEqualTo(TaskState.FAILED);
    assertThat(report.task("parent").cause()).contains("spawned task 'parent/bad' failed");
    assertThat(report.state("next")).isEqualTo(TaskState.SKIPPED);
  }

  @Test
  void spawn_isBoundedByTheDepthLimit() throws Exception {
    List<String> errors = new CopyOnWriteArrayList<>();
    List<Integer> depths = new CopyOnWriteArrayList<>();
    Plan plan = plan(act("root", TaskContextTest.nest(errors, depths)));
    RunReport report = run(plan, RunOptions.builder().agents(2).spawnDepth(2).build());
    assertThat(report.isSuccess()).isTrue();
    assertThat(report.taskCount()).isEqualTo(3); // root, root/c, root/c/c
    assertThat(depths).containsExactlyInAnyOrder(0, 1, 2);
    assertThat(errors).containsExactly("task 'root/c/c' cannot spawn 'c': the spawn depth limit is 2"
        + " and 'root/c/c' is at depth 2; raise it with Orchestrator.builder().spawnDepth(n)");
  }

  private static dev.orchestrator.task.TaskAction nest(List<String> errors, List<Integer> depths) {
    return ctx -> {
      depths.add(ctx.depth());
      try {
        ctx.spawn(TaskSpec.builder("c").run(nest(errors, depths)).build());
      } catch (IllegalStateException e) {
        errors.add(e.getMessage());
      }
    };
  }

  @Test
  void spawn_withDependenciesIsRejected() throws Exception {
    List<String> errors = new ArrayList<>();
    Plan plan = plan(act("p", ctx -> {
      try {
        ctx.spawn(TaskSpec.builder("c").after("x").run(c -> {}).build());
      } catch (IllegalArgumentException e) {
        errors.add(e.getMessage());
      }
    }));
    run(plan, 1);
    assertThat(errors).containsExactly("task 'p' cannot spawn 'c' with dependencies (x): a spawned"
        + " task starts at once; spawn it from the task it would wait for");
  }

  @Test
  void artifactsAndCriteria_areRecordedForTheManifest(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("out.txt"), "hello");
    Plan plan = plan(act("write", ctx -> {
      ctx.artifact(file);
      ctx.criterion("greets", true, "out.txt:1");
      ctx.progress(0.5, "half way");
      ctx.heartbeat();
      assertThatThrownBy(() -> ctx.progress(1.5, "x")).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("task 'write': progress must be within [0, 1]: 1.5");
    }));
    RunReport report = run(plan, 1);
    assertThat(report.isSuccess()).isTrue();
    assertThat(report.task("write").artifacts()).singleElement().satisfies(a -> {
      assertThat(a.sizeBytes()).isEqualTo(5);
      assertThat(a.sha256()).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    });
    assertThat(report.task("write").criteria()).singleElement()
        .satisfies(c -> assertThat(c.criterion()).isEqualTo("greets"));
  }
}
