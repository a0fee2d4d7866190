package dev.orchestrator.examples.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.examples.scenarios.FullstackScenario.Feature;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.plan.ExecutionMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FullstackScenarioTest {

  @TempDir
  Path dir;

  @Test
  void run_mesh_peersAgreeOnTheContractAndTheFilesAreConsistent() throws Exception {
    var run = ScenarioHarness.<Feature>run(new FullstackScenario(), ScenarioHarness.settings(dir));
    RunReport report = run.result().report().orElseThrow();
    FullstackScenario.Feature.Parts parts = run.prepared().parts();

    assertThat(report.mode()).isEqualTo(ExecutionMode.MESH);
    assertThat(report.isSuccess()).as(run.output()).isTrue();
    assertThat(parts.sent()).containsExactly("email", "password", "rememberMe");
    assertThat(parts.read()).containsExactly("displayName", "token");
    assertThat(parts.requestFields().get("POST /login")).containsExactly("email", "password", "rememberMe");
    assertThat(parts.responseColumns().get("POST /login")).containsEntry("displayName", "users.display_name")
        .containsEntry("token", "sessions.token");
    assertThat(parts.columns()).contains("users.display_name", "users.password_hash", "sessions.token");
    assertThat(parts.hashesInFiles()).hasSize(1);
    assertThat(run.prepared().integrationProblems(parts)).isEmpty();
    // The negotiation really happened: two schema versions, two contract versions, one request.
    assertThat(dir.resolve("negotiation.md")).content().contains("## schema (2 messages)")
        .contains("## contract (2 messages)").contains("## schema-requests (1 messages)")
        .contains("accepted=false, requests=[POST /login request rememberMe, POST /login response displayName,"
            + " GET /me response displayName]");
    assertThat(Files.readString(dir.resolve("app/db/schema.sql"))).startsWith("-- Schema v2 for API contract "
        + parts.contractHash());
    assertThat(run.result().passed()).as(run.output()).isTrue();
  }

  @Test
  void integrationProblems_frontendReadsAFieldTheApiLacks_reported() throws Exception {
    var run = ScenarioHarness.<Feature>run(new FullstackScenario(), ScenarioHarness.settings(dir));
    FullstackScenario.Feature.Parts good = run.prepared().parts();
    var bad = new FullstackScenario.Feature.Parts(good.sent(), Set.of("token", "avatarUrl"), good.requestFields(),
        good.responseColumns(), good.columns(), good.contractHash(), good.hashesInFiles());
    assertThat(run.prepared().integrationProblems(bad))
        .isEqualTo(List.of("the frontend reads avatarUrl which POST /login does not return"));
  }
}
