package dev.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.plan.Plan;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's example, compiled and run: the README copies the lines between the markers. */
class ReadmeExampleTest {

  private static void backup() { }

  private static void deploy(String server) { }

  @Test
  void readmeExample() {
    List<String> servers = List.of("eu-1", "eu-2", "us-1");
    // README example: begin
    Plan plan = Workflow.named("deploy v2")
        .task("backup", t -> t.critical().estimate(Duration.ofMinutes(2)).run(ctx -> backup()))
        .forEach("deploy", servers, (server, t) -> t.estimate(Duration.ofMinutes(3)).run(ctx -> deploy(server)))
        .after("backup").build().plan();
    System.out.println(plan.explain());
    // README example: end
    assertThat(plan.analysis().criticalPathLength()).isEqualTo(Duration.ofMinutes(5));
    assertThat(plan.waves(3).waves()).hasSize(2);
  }
}
