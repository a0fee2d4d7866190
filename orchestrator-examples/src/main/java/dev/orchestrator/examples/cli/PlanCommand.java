package dev.orchestrator.examples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.orchestrator.plan.Explanation;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.plan.PlanAnalysis;
import dev.orchestrator.plan.PlanPreview;
import dev.orchestrator.plan.Wave;
import dev.orchestrator.plan.WavePlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code orchestrator plan FILE}: reads a task graph and prints its analysis and wave layout, as
 * {@link Plan#explain()} or, with {@code --json}, as one JSON object.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
        "Reads a task graph and shows its analysis and wave layout.",
        "Without --agents the layout uses the widest level, capped by the plan's concurrency limit."})
final class PlanCommand implements Callable<Integer> {

  private static final JsonFactory JSON = new JsonFactory();

  @Spec
  CommandSpec spec;

  @Mixin
  GraphFileOptions graph;

  @Option(names = "--agents", paramLabel = "N",
      description = "Lay the plan out for N agents (default: the widest level).")
  Integer agents;

  @Option(names = "--json", description = "Print one JSON object instead of the text preview.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    if (agents != null && agents < 1) {
      throw new ParameterException(spec.commandLine(), "--agents must be at least 1, got " + agents);
    }
    Plan plan = graph.load();
    int count = agents != null ? agents : defaultAgents(plan);
    WavePlan waves = plan.waves(count);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      writeJson(out, plan, waves, graph.timeUnit());
    } else if (agents == null) {
      out.print(plan.explain());
    } else {
      Explanation why = Explanation.of("AGENTS: " + count + " (set with --agents)");
      out.print(plan.withPreview(new PlanPreview(why, waves)).explain());
    }
    out.flush();
    return 0;
  }

  /** The widest level, capped by the plan's concurrency limit; at least one. */
  static int defaultAgents(Plan plan) {
    return Math.max(1, Math.min(plan.analysis().maxWidth(), plan.concurrencyLimit()));
  }

  private static void writeJson(PrintWriter out, Plan plan, WavePlan waves, Duration unit)
      throws IOException {
    PlanAnalysis a = plan.analysis();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      json.writeStartObject();
      json.writeStringField("name", plan.name());
      json.writeStringField("timeUnit", unit.toString());
      json.writeNumberField("tasks", a.taskCount());
      json.writeNumberField("edges", a.edgeCount());
      json.writeNumberField("levels", a.levelCount());
      json.writeNumberField("totalWork", inUnits(a.totalWork(), unit));
      json.writeNumberField("criticalPathLength", inUnits(a.criticalPathLength(), unit));
      json.writeNumberField("maxWidth", a.maxWidth());
      json.writeNumberField("averageParallelism", a.averageParallelism());
      json.writeNumberField("agents", waves.agents());
      json.writeArrayFieldStart("waves");
      for (Wave wave : waves.waves()) {
        json.writeNumber(wave.taskCount());
      }
      json.writeEndArray();
      json.writeArrayFieldStart("waveTimes");
      for (Wave wave : waves.waves()) {
        json.writeNumber(inUnits(wave.estimatedTime(), unit));
      }
      json.writeEndArray();
      json.writeNumberField("estimatedTime", inUnits(waves.estimatedTime(), unit));
      json.writeNumberField("sequentialTime", inUnits(waves.sequentialTime(), unit));
      json.writeNumberField("speedUp", waves.speedUp());
      json.writeNumberField("efficiency", waves.efficiency());
      json.writeEndObject();
    }
    out.println();
  }

  private static double inUnits(Duration d, Duration unit) {
    return (double) d.toNanos() / unit.toNanos();
  }
}
