package dev.orchestrator.examples.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orchestrator.examples.scenarios.BugfixScenario.Fix;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.plan.PlanPreview;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BugfixScenarioTest {

  @TempDir
  Path dir;

  @BeforeAll
  static void needsGit() {
    assumeTrue(Git.available(), "git is not on the PATH: skipping the bug-fix scenario");
  }

  @Test
  void run_bugReproducedFixedTestedDocumentedCommitted_onFewerAgentsThanTasks() throws Exception {
    List<String> failuresBefore = new ArrayList<>();
    var run = ScenarioHarness.<Fix>run(new BugfixScenario(), ScenarioHarness.settings(dir),
        fix -> failuresBefore.addAll(regression(dir.resolve("auth"), dir.resolve("before"))),
        fix -> { });
    RunReport report = run.result().report().orElseThrow();
    Path root = dir.resolve("auth");

    // The generated code base has the bug (checked by this test before the run)...
    assertThat(failuresBefore).containsExactly("alice cannot log in with the new password after a reset");
    // ...and after the run it does not.
    assertThat(regression(root, dir.resolve("after"))).isEmpty();
    assertThat(Files.readString(root.resolve(AuthCodeBase.SERVICE)))
        .contains("    String hash = PasswordHasher.hash(newPassword, salt);\n")
        .contains("    // Hash with the new salt")
        .doesNotContain("hash(newPassword, user.salt())");
    assertThat(root.resolve(AuthCodeBase.GUIDE)).content().contains("## Users cannot log in after a password reset");
    assertThat(Git.run(root, "log", "--format=%s")).isEqualTo("Fix login after password reset\nInitial import\n");

    int agents = run.result().plan().preview().map(PlanPreview::agents).orElseThrow();
    assertThat(run.result().plan().size()).isEqualTo(10);
    assertThat(run.result().plan().analysis().maxWidth()).isEqualTo(3);
    assertThat(agents).isBetween(1, 3);
    assertThat(report.pool().agentsCreated()).isEqualTo(agents);
    assertThat(report.isSuccess()).as(run.output()).isTrue();
    assertThat(run.result().passed()).as(run.output()).isTrue();
  }

  /** Compiles the code base's main sources with the regression check and runs it. */
  @SuppressWarnings("unchecked")
  private static List<String> regression(Path root, Path classes) throws Exception {
    Path check = root.resolve(AuthCodeBase.TEST + AuthCodeBase.PACKAGE_DIR + "RegressionProbe.java");
    Files.writeString(check, """
        package com.acme.auth;

        import java.util.ArrayList;
        import java.util.List;

        public final class RegressionProbe {
          public static List<String> run() {
            List<String> failures = new ArrayList<>();
            AuthService auth = new AuthService(5, new AuditLog());
            auth.register("alice", "one");
            auth.resetPassword("alice", "two");
            if (!auth.login("alice", "two")) {
              failures.add("alice cannot log in with the new password after a reset");
            }
            return failures;
          }
        }
        """);
    try {
      List<Path> sources = new ArrayList<>();
      try (Stream<Path> walk = Files.walk(root.resolve(AuthCodeBase.MAIN))) {
        walk.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
      }
      sources.add(check);
      assertThat(JavaCompilation.compileFiles(sources, classes).success()).isTrue();
      try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
        Method run = loader.loadClass("com.acme.auth.RegressionProbe").getMethod("run");
        return (List<String>) run.invoke(null);
      }
    } finally {
      Files.delete(check);
    }
  }
}
