package dev.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunCommandTest {

  @TempDir
  Path dir;

  /** A terminal that answers from a list and records its prompts. */
  static final class FakeTerminal implements Terminal {
    final boolean interactive;
    final Deque<String> answers;
    final List<String> prompts = new ArrayList<>();

    FakeTerminal(boolean interactive, String... answers) {
      this.interactive = interactive;
      this.answers = new ArrayDeque<>(List.of(answers));
    }

    @Override
    public boolean interactive() {
      return interactive;
    }

    @Override
    public String readLine(String prompt) {
      prompts.add(prompt);
      return answers.poll();
    }
  }

  record Result(int exit, String out, String err) {}

  private static Result run(Terminal terminal, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = OrchestratorCli.commandLine(terminal);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  private String[] smallDeploy(String... extra) {
    List<String> args = new ArrayList<>(List.of("run", "deploy", "--size", "60", "--agents", "8", "--latency", "1ms",
        "--run-dir", dir.resolve("run").toString()));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  @Test
  void run_yes_executesAndSaysWhereTheReportIs() {
    FakeTerminal terminal = new FakeTerminal(true);
    Result r = run(terminal, smallDeploy("--yes"));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(terminal.prompts).isEmpty();
    assertThat(r.out()).contains("PLAN: deploy v2 to 60 servers\n")
        .contains("RESULT: deploy v2 to 60 servers — every check passed\n")
        .contains("Report: " + dir.resolve("run").toAbsolutePath()
            + " (report.html, report.json, manifests, dashboard.json, summary.txt)");
    assertThat(dir.resolve("run/summary.txt")).exists();
    assertThat(dir.resolve("run/report.json")).content().contains("deploy v2 to 60 servers");
    assertThat(dir.resolve("run/report.html")).exists();
    assertThat(dir.resolve("run/deploy-report.json")).exists();
  }

  @Test
  void run_notATerminalWithoutYes_previewOnlyAndUsageExit() {
    Result r = run(new FakeTerminal(false), smallDeploy());
    assertThat(r.exit()).isEqualTo(OrchestratorCli.EXIT_USAGE);
    assertThat(r.out()).contains("PLAN: deploy v2 to 60 servers\n").contains("Not executed.").doesNotContain("RESULT");
    assertThat(r.err()).isEqualTo("orchestrator run: not executed: standard input is not a terminal, so nobody"
        + " can answer 'Execute? (yes/no)'; run again with --yes to execute\n");
    assertThat(dir.resolve("run/deploy-report.json")).doesNotExist();
  }

  @Test
  void run_terminalAnswersNo_notExecutedExitZero() {
    FakeTerminal terminal = new FakeTerminal(true, "no");
    Result r = run(terminal, smallDeploy());
    assertThat(r.exit()).isZero();
    assertThat(terminal.prompts).containsExactly("Execute? (yes/no) ");
    assertThat(r.out()).contains("Not executed.").doesNotContain("RESULT");
  }

  @Test
  void run_terminalAnswersSomethingElseThenYes_asksAgainAndExecutes() {
    FakeTerminal terminal = new FakeTerminal(true, "maybe", "Y");
    Result r = run(terminal, smallDeploy());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(terminal.prompts).hasSize(2);
    assertThat(r.out()).contains("Please answer yes or no.").contains("RESULT: deploy v2 to 60 servers");
  }

  @Test
  void run_endOfInputAtThePrompt_notExecuted() {
    Result r = run(new FakeTerminal(true), smallDeploy());
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("Not executed.");
  }

  @Test
  void run_checkFails_exitOne() {
    Result r = run(new FakeTerminal(false), smallDeploy("--yes", "--failure-rate", "1"));
    assertThat(r.exit()).isEqualTo(RunCommand.EXIT_CHECK_FAILED);
    assertThat(r.out()).contains("CHECK FAILED: canary of 1 server healthy: gate opened");
  }

  @Test
  void run_stgFile_runsIt() throws IOException {
    Path graph = Files.writeString(dir.resolve("g.stg"), "2\n0 0 0\n1 3 1 0\n2 2 1 1\n3 0 1 2\n");
    Result r = run(new FakeTerminal(false), "run", "stg", graph.toString(), "--unit-ms", "5", "--yes",
        "--run-dir", dir.resolve("run").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("Graph: " + graph + ", 2 tasks; one time unit = 5.0 ms of real time\n")
        .contains("RESULT: g — every check passed");
  }

  @Test
  void run_unknownScenario_usage() {
    Result r = run(new FakeTerminal(false), "run", "launch");
    assertThat(r.exit()).isEqualTo(OrchestratorCli.EXIT_USAGE);
    assertThat(r.err()).isEqualTo("orchestrator run: unknown scenario 'launch'; the scenarios are deploy, rename,"
        + " cleanup, bugfix, refactor, novel, fullstack and stg FILE (see 'orchestrator run --help')\n");
  }

  @Test
  void run_sizeForFixedScenario_usage() {
    Result r = run(new FakeTerminal(false), "run", "bugfix", "--size", "3");
    assertThat(r.exit()).isEqualTo(OrchestratorCli.EXIT_USAGE);
    assertThat(r.err()).isEqualTo("orchestrator run: scenario 'bugfix' has a fixed size; --size applies to deploy,"
        + " rename, refactor and novel (see 'orchestrator run --help')\n");
  }

  @Test
  void run_badNumbers_usage() {
    assertThat(run(new FakeTerminal(false), "run", "deploy", "--size", "0").err())
        .isEqualTo("orchestrator run: --size must be at least 1, got 0 (see 'orchestrator run --help')\n");
    assertThat(run(new FakeTerminal(false), "run", "deploy", "--agents", "-2").err())
        .isEqualTo("orchestrator run: --agents must be at least 1, got -2 (see 'orchestrator run --help')\n");
    assertThat(run(new FakeTerminal(false), "run", "deploy", "--failure-rate", "1.5").err())
        .isEqualTo("orchestrator run: --failure-rate must be within [0, 1], got 1.5 (see 'orchestrator run --help')\n");
    assertThat(run(new FakeTerminal(false), "run", "deploy", "--max-in-flight", "0").err())
        .isEqualTo("orchestrator run: --max-in-flight must be at least 1, got 0 (see 'orchestrator run --help')\n");
    assertThat(run(new FakeTerminal(false), "run", "deploy", "--region-fault", "mars=0.1", "--yes",
        "--run-dir", dir.resolve("r").toString()).err())
        .isEqualTo("orchestrator run: unknown region 'mars' in the region faults; the regions are us-east, us-west,"
            + " eu-west, eu-central, ap-south\n");
  }

  @Test
  void run_stgWithoutFile_usage() {
    Result r = run(new FakeTerminal(false), "run", "stg");
    assertThat(r.exit()).isEqualTo(OrchestratorCli.EXIT_USAGE);
    assertThat(r.err()).isEqualTo("orchestrator run: scenario 'stg' needs a FILE: a .stg graph, a WfCommons trace or"
        + " a plan JSON file (see 'orchestrator run --help')\n");
  }

  @Test
  void run_fileForAnotherScenario_usage() {
    Result r = run(new FakeTerminal(false), "run", "deploy", "plan.json");
    assertThat(r.exit()).isEqualTo(OrchestratorCli.EXIT_USAGE);
    assertThat(r.err()).isEqualTo("orchestrator run: scenario 'deploy' takes no file; only 'stg FILE' does"
        + " (see 'orchestrator run --help')\n");
  }

  @Test
  void run_runDirectoryNotEmpty_usage() throws IOException {
    Files.writeString(Files.createDirectories(dir.resolve("used")).resolve("old.txt"), "x");
    Result r = run(new FakeTerminal(false), "run", "deploy", "--yes", "--run-dir", dir.resolve("used").toString());
    assertThat(r.exit()).isEqualTo(OrchestratorCli.EXIT_USAGE);
    assertThat(r.err()).isEqualTo("orchestrator run: the run directory '" + dir.resolve("used") + "' is not empty;"
        + " choose another with --run-dir (see 'orchestrator run --help')\n");
  }

  @Test
  void run_missingStgFile_badFile() {
    Result r = run(new FakeTerminal(false), "run", "stg", dir.resolve("none.stg").toString(), "--yes");
    assertThat(r.exit()).isEqualTo(OrchestratorCli.EXIT_BAD_FILE);
    assertThat(r.err()).isEqualTo("orchestrator run: cannot read '" + dir.resolve("none.stg") + "': no such file\n");
  }

  @Test
  void run_help_listsTheScenarios() {
    Result r = run(new FakeTerminal(false), "run", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("deploy     deploy v2 to a fleet").contains("stg FILE   run a task graph file")
        .contains("--yes").contains("--run-dir=DIR");
  }
}
