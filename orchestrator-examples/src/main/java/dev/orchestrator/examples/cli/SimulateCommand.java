package dev.orchestrator.examples.cli;

import static dev.orchestrator.examples.cli.GraphFileOptions.inUnits;

import dev.orchestrator.plan.Plan;
import dev.orchestrator.plan.PlanAnalysis;
import dev.orchestrator.sim.Simulation;
import dev.orchestrator.sim.Simulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code orchestrator simulate FILE --agents N}: runs a task graph on a virtual clock with the
 * scheduling policy of real runs and prints the makespan, the lower bound that no schedule beats
 * (at least {@code max(CP, W / N)}), and their ratio, in the file's time units. With {@code --failure-rate P
 * --seed S}, attempts fail with probability P (which ones is fixed by S), and the run's own
 * decisions follow: retries after each task's retry policy's backoff, skipped dependents, and with
 * {@code --fail-fast} the cancellation of the rest.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
        "Simulates a task graph on N agents with the scheduler's policy and prints the makespan,",
        "the lower bound no schedule beats (at least max(critical path, total work / N)) and",
        "their ratio, in --time-unit units.",
        "With --failure-rate, attempts fail at random (seeded by --seed) and are retried as a real",
        "run would retry them."})
final class SimulateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  GraphFileOptions graph;

  @Option(names = "--agents", paramLabel = "N", required = true,
      description = "The agents to simulate (at least 1).")
  int agents;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Option(names = "--failure-rate", paramLabel = "P", defaultValue = "0",
      description = "The chance that an attempt fails, from 0 to 1 (default: ${DEFAULT-VALUE}).")
  double failureRate;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
      description = "Which attempts fail with --failure-rate (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--fail-fast",
      description = "A task that fails for good cancels the rest (the run's FAIL_FAST policy).")
  boolean failFast;

  @Override
  public Integer call() throws IOException {
    if (agents < 1) {
      throw new ParameterException(spec.commandLine(), "--agents must be at least 1, got " + agents);
    }
    if (!(failureRate >= 0 && failureRate <= 1)) {
      throw new ParameterException(spec.commandLine(),
          "--failure-rate must be from 0 to 1, got " + failureRate);
    }
    Plan plan = graph.load();
    Simulator simulator = Simulator.create().withFailFast(failFast);
    if (failureRate > 0 || failFast) {
      simulator = simulator.withFailures(failureRate, seed);
    }
    Simulation s = simulator.simulate(plan, agents);
    PrintWriter out = spec.commandLine().getOut();
    Duration unit = graph.timeUnit();
    if (json) {
      writeJson(out, plan, s, unit);
    } else {
      writeText(out, plan, s, unit);
      if (failureRate > 0 || failFast) {
        out.println("Failures:    rate " + number(failureRate) + ", seed " + seed + ": "
            + s.retries() + " retries, " + s.failed() + " failed, " + s.skipped() + " skipped, "
            + s.cancelled() + " cancelled");
      }
    }
    out.flush();
    return 0;
  }

  private static void writeText(PrintWriter out, Plan plan, Simulation s, Duration unit) {
    PlanAnalysis a = plan.analysis();
    int effective = Math.min(s.agents(), plan.concurrencyLimit());
    out.println("SIMULATION: " + plan.name() + " (" + a.taskCount() + " tasks, " + s.agents()
        + " agents" + (effective < s.agents() ? ", at most " + effective + " at once" : "") + ")");
    out.println("Times in units of " + unit + " (--time-unit)");
    out.println("Makespan:    " + number(inUnits(s.makespan(), unit))
        + (s.isDetailed() ? "" : " (the lower bound: the plan is too large to simulate task by task)"));
    out.println("Lower bound: " + number(inUnits(s.lowerBound(), unit))
        + " (critical path " + number(inUnits(a.criticalPathLength(), unit)) + ", total work "
        + number(inUnits(a.totalWork(), unit)) + " / " + effective + " agents)");
    out.println("Ratio:       " + BigDecimal.valueOf(s.ratio()).setScale(4, RoundingMode.HALF_UP)
        .toPlainString());
    out.println("Order:       " + s.rule());
  }

  private void writeJson(PrintWriter out, Plan plan, Simulation s, Duration unit)
      throws IOException {
    PlanAnalysis a = plan.analysis();
    JsonOutput.write(out, plan, unit, json -> {
      json.writeNumberField("agents", s.agents());
      json.writeNumberField("makespan", inUnits(s.makespan(), unit));
      json.writeNumberField("lowerBound", inUnits(s.lowerBound(), unit));
      json.writeNumberField("ratio", s.ratio());
      json.writeNumberField("criticalPathLength", inUnits(a.criticalPathLength(), unit));
      json.writeNumberField("totalWork", inUnits(a.totalWork(), unit));
      json.writeBooleanField("simulated", s.isDetailed());
      json.writeStringField("order", s.rule());
      if (failureRate > 0 || failFast) {
        json.writeNumberField("failureRate", failureRate);
        json.writeNumberField("seed", seed);
        json.writeNumberField("retries", s.retries());
        json.writeNumberField("failed", s.failed());
        json.writeNumberField("skipped", s.skipped());
        json.writeNumberField("cancelled", s.cancelled());
      }
    });
  }

  /** A number of units: whole numbers without decimals, others to three decimals at most. */
  static String number(double units) {
    return BigDecimal.valueOf(units).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros()
        .toPlainString();
  }
}
