package dev.orchestrator.examples.scenarios;

import dev.orchestrator.Orchestrator;
import dev.orchestrator.observe.ConsoleDashboard;
import dev.orchestrator.observe.PoolStatistics;
import dev.orchestrator.observe.RunFiles;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.observe.TaskOutcome;
import dev.orchestrator.observe.TaskState;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.plan.PlanPreview;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Runs a scenario the way a user would: prepare, plan, print the preview, ask, run
 * with the console dashboard, check the real outcome, summarise, and say where the report is (the
 * run directory: the scenario's outputs, {@value #SUMMARY_FILE}, and the orchestrator's
 * report.json, report.html, task manifests and dashboard.json).
 *
 * <pre>{@code
 * ScenarioRunner.Result result = ScenarioRunner.run(new RenameScenario(), settings, plan -> true);
 * if (!result.passed()) { ... }
 * }</pre>
 */
public final class ScenarioRunner {

  /** The name of the summary file written into the run directory. */
  public static final String SUMMARY_FILE = "summary.txt";
  private static final int FAILURES_SHOWN = 5;

  private ScenarioRunner() {}

  /**
   * What a scenario run came to.
   *
   * @param plan the plan that was previewed
   * @param report the run's report; empty when it was not executed
   * @param outcome the check of the real outcome; empty when it was not executed
   * @param runDir where the outputs and the report are
   */
  public record Result(Plan plan, Optional<RunReport> report, Optional<Outcome> outcome, Path runDir) {

    /** Whether the plan was executed (the confirmation said yes). */
    public boolean executed() {
      return report.isPresent();
    }

    /** Whether it was executed and every check of its outcome held. */
    public boolean passed() {
      return outcome.map(Outcome::passed).orElse(false);
    }
  }

  /**
   * Prepares, previews, confirms, runs and checks a scenario.
   *
   * @param scenario the scenario
   * @param settings size, agents, run directory, output
   * @param confirm asked with the previewed plan whether to execute it
   * @return what happened
   * @throws Exception if the scenario cannot be prepared or its outcome cannot be inspected
   */
  public static Result run(Scenario scenario, ScenarioSettings settings, Predicate<Plan> confirm)
      throws Exception {
    Objects.requireNonNull(scenario, "scenario cannot be null");
    Objects.requireNonNull(settings, "settings cannot be null");
    Objects.requireNonNull(confirm, "confirmation cannot be null");
    PrintWriter out = settings.out();
    Path runDir = settings.runDir();
    Files.createDirectories(runDir);
    long prepareStart = System.nanoTime();
    try (PreparedScenario prepared = scenario.prepare(settings)) {
      out.printf(Locale.ROOT, "Prepared in %s.%n%n", Durations.format(since(prepareStart)));
      Orchestrator.Builder builder = Orchestrator.builder();
      if (settings.agents() > 0) {
        builder.agents(settings.agents());
      }
      prepared.configure(builder);
      builder.listener(ConsoleDashboard.builder()
          .output(new PrintStream(new WriterStream(out), true, StandardCharsets.UTF_8)).build());
      builder.runDirectory(runDir); // report.json, report.html, manifests/, dashboard.json
      try (Orchestrator orchestrator = builder.build()) {
        Plan plan = orchestrator.plan(prepared.workflow());
        out.print(plan.explain());
        out.println();
        out.flush();
        if (!confirm.test(plan)) {
          out.println("Not executed.");
          out.flush();
          return new Result(plan, Optional.empty(), Optional.empty(), runDir);
        }
        RunReport report = orchestrator.run(plan);
        Outcome outcome = prepared.check(plan, report);
        List<Path> reports = writeReports(report, outcome, plan, runDir);
        out.println();
        out.print(summary(plan, report, outcome, runDir, reports));
        out.flush();
        return new Result(plan, Optional.of(report), Optional.of(outcome), runDir);
      }
    }
  }

  /**
   * Writes the summary into the run directory, and returns the report files there: the summary and
   * the files the orchestrator's run directory holds once {@code run} has returned (report.json,
   * report.html, manifests/, dashboard.json).
   */
  private static List<Path> writeReports(RunReport report, Outcome outcome, Plan plan, Path runDir)
      throws IOException {
    List<Path> files = new ArrayList<>();
    for (String name : List.of(RunFiles.REPORT_HTML, RunFiles.REPORT_JSON, RunFiles.MANIFESTS, RunFiles.DASHBOARD)) {
      if (Files.exists(runDir.resolve(name))) {
        files.add(runDir.resolve(name));
      }
    }
    Path summary = runDir.resolve(SUMMARY_FILE);
    files.add(summary);
    Files.writeString(summary, summary(plan, report, outcome, runDir, files), StandardCharsets.UTF_8);
    return List.copyOf(files);
  }

  /** The summary printed after a run and written to {@value #SUMMARY_FILE}. */
  static String summary(Plan plan, RunReport report, Outcome outcome, Path runDir, List<Path> reports) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "RESULT: %s — %s%n", report.plan(),
        outcome.passed() ? "every check passed" : "CHECK FAILED: " + outcome.firstFailure().orElseThrow().description()));
    int retries = 0;
    for (TaskOutcome task : report.tasks()) {
      retries += Math.max(0, task.attempts() - 1);
    }
    s.append(String.format(Locale.ROOT,
        "Tasks: %,d — %,d succeeded, %,d failed, %,d skipped, %,d cancelled; %,d retries%n",
        report.taskCount(), report.succeeded(), report.failed(), report.skipped(), report.cancelled(),
        retries));
    List<String> failedIds = report.ids(TaskState.FAILED);
    for (String id : failedIds.subList(0, Math.min(FAILURES_SHOWN, failedIds.size()))) {
      s.append("  failed: ").append(id).append(" — ")
          .append(report.task(id).cause().orElse("(no cause recorded)")).append('\n');
    }
    if (failedIds.size() > FAILURES_SHOWN) {
      s.append(String.format(Locale.ROOT, "  ... and %,d more failed%n", failedIds.size() - FAILURES_SHOWN));
    }
    String estimate = plan.preview().map(PlanPreview::waves)
        .map(w -> " (estimated " + Durations.format(w.estimatedTime()) + ")").orElse("");
    s.append(String.format(Locale.ROOT, "Time: %s%s%n", Durations.format(report.makespan()), estimate));
    PoolStatistics pool = report.pool();
    s.append(String.format(Locale.ROOT,
        "Agents: %,d created, peak %,d · %,.1f tasks per agent · reuse %.0f %% · utilization %.0f %%%n",
        pool.agentsCreated(), pool.peakAgents(), pool.tasksPerAgent(), pool.reuseRate() * 100,
        pool.utilization() * 100));
    for (String note : outcome.notes()) {
      s.append(note).append('\n');
    }
    s.append("Checks:\n");
    for (Outcome.Check check : outcome.checks()) {
      s.append(check.passed() ? "  ✓ " : "  ✗ ").append(check.description()).append('\n');
    }
    List<String> files = new ArrayList<>();
    for (Path file : outcome.files()) {
      files.add(display(runDir, file));
    }
    if (!files.isEmpty()) {
      s.append("Outputs: ").append(String.join(", ", files)).append('\n');
    }
    List<String> reportNames = new ArrayList<>();
    for (Path file : reports) {
      reportNames.add(display(runDir, file));
    }
    s.append("Report: ").append(runDir.toAbsolutePath().normalize()).append(" (")
        .append(String.join(", ", reportNames)).append(")\n");
    return s.toString();
  }

  private static String display(Path runDir, Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    Path dir = runDir.toAbsolutePath().normalize();
    return absolute.startsWith(dir) ? dir.relativize(absolute).toString() : absolute.toString();
  }

  private static Duration since(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos);
  }
}
