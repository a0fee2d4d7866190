package dev.orchestrator.examples.scenarios;

import dev.orchestrator.Orchestrator;
import dev.orchestrator.Workflow;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.plan.Plan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/**
 * Runs a scenario as the command line does (preview, run, check, summary) with its output captured
 * and its prepared state kept, and lets a test look at what really happened: before the run, and
 * after it but before the scenario cleans up.
 */
final class ScenarioHarness {

  /** A step a test takes with the prepared scenario. */
  @FunctionalInterface
  interface Step<P> {
    void accept(P prepared) throws Exception;
  }

  /** What a run came to: the runner's result, the prepared scenario, and everything printed. */
  record Run<P>(ScenarioRunner.Result result, P prepared, String output) {}

  private ScenarioHarness() {}

  static <P extends PreparedScenario> Run<P> run(Scenario scenario, ScenarioSettings settings) throws Exception {
    return run(scenario, settings, p -> { }, p -> { });
  }

  /**
   * Runs {@code scenario}; {@code beforeRun} gets the prepared scenario before it runs, {@code
   * afterRun} after its check and before it is closed (temporary files still there).
   */
  @SuppressWarnings("unchecked")
  static <P extends PreparedScenario> Run<P> run(Scenario scenario, ScenarioSettings settings, Step<P> beforeRun,
      Step<P> afterRun) throws Exception {
    StringWriter out = new StringWriter();
    PrintWriter writer = new PrintWriter(out, true);
    Object[] prepared = new Object[1];
    Scenario capturing = new Scenario() {
      @Override
      public String name() {
        return scenario.name();
      }

      @Override
      public String description() {
        return scenario.description();
      }

      @Override
      public int defaultSize() {
        return scenario.defaultSize();
      }

      @Override
      public String sizeUnit() {
        return scenario.sizeUnit();
      }

      @Override
      public PreparedScenario prepare(ScenarioSettings s) throws Exception {
        P delegate = (P) scenario.prepare(s);
        prepared[0] = delegate;
        beforeRun.accept(delegate);
        return new PreparedScenario() {
          @Override
          public Workflow workflow() {
            return delegate.workflow();
          }

          @Override
          public void configure(Orchestrator.Builder orchestrator) {
            delegate.configure(orchestrator);
          }

          @Override
          public Outcome check(Plan plan, RunReport report) throws Exception {
            Outcome outcome = delegate.check(plan, report);
            afterRun.accept(delegate);
            return outcome;
          }

          @Override
          public void close() throws Exception {
            delegate.close();
          }
        };
      }
    };
    ScenarioSettings captured = new ScenarioSettings(settings.size(), settings.agents(), settings.runDir(),
        settings.seed(), writer);
    ScenarioRunner.Result result = ScenarioRunner.run(capturing, captured, plan -> true);
    writer.flush();
    return new Run<>(result, (P) prepared[0], out.toString());
  }

  /** Settings for a run in {@code dir} with the default seed (the harness captures the output). */
  static ScenarioSettings settings(Path dir) {
    return ScenarioSettings.of(dir, new PrintWriter(new StringWriter()));
  }
}
