package dev.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.plan.CyclicDependencyException;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.TaskType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkflowSmokeTest {

  @Test
  void plan_deployShape() {
    List<String> servers = List.of("a", "b", "c", "d", "e");
    Plan plan = Workflow.named("deploy v2")
        .goal("Deploy the new image to all 5 servers")
        .task("backup", t -> t.critical().estimate(Duration.ofMinutes(2)).run(ctx -> { }))
        .forEach("deploy", servers, (s, t) -> t.type(TaskType.DEPLOYMENT)
            .estimate(Duration.ofMinutes(3)).group(s.compareTo("c") < 0 ? "eu" : "us").run(ctx -> { }))
        .after("backup")
        .gate("healthy", ctx -> true).after("deploy")
        .task("report", t -> t.after("healthy").estimate(Duration.ofMinutes(1)).run(ctx -> { }))
        .build().plan();
    System.out.println(plan.explain());
    assertThat(plan.analysis().criticalPathLength()).isEqualTo(Duration.ofMinutes(6));
    assertThat(plan.analysis().maxWidth()).isEqualTo(5);
    assertThat(plan.waves(2).waves()).hasSize(4);
    assertThat(plan.waves(2).sumOfWaves()).isEqualTo(Duration.ofMinutes(2 + 9 + 0 + 1));
  }

  @Test
  void plan_cycle() {
    assertThatThrownBy(() -> Workflow.named("c")
        .task("a", t -> t.after("c").run(ctx -> { }))
        .task("b", t -> t.after("a").run(ctx -> { }))
        .task("c", t -> t.after("b").run(ctx -> { }))
        .build().plan())
        .isInstanceOf(CyclicDependencyException.class)
        .hasMessageStartingWith("dependency cycle: a -> b -> c -> a");
  }
}
