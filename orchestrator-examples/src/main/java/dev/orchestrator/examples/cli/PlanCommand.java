package dev.orchestrator.examples.cli;

import static dev.orchestrator.examples.cli.GraphFileOptions.inUnits;

import dev.orchestrator.plan.Plan;
import dev.orchestrator.plan.PlanAnalysis;
import dev.orchestrator.plan.PlanPreview;
import dev.orchestrator.plan.Wave;
import dev.orchestrator.plan.WavePlan;
import dev.orchestrator.scale.AutoScaler;
import dev.orchestrator.scale.Capacity;
import dev.orchestrator.scale.ScalingDecision;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code orchestrator plan FILE}: reads a task graph, decides how many agents it deserves (or takes
 * {@code --agents N}) and prints the analysis, the scaling calculation and the wave layout, as
 * {@link Plan#explain()} or, with {@code --json}, as one JSON object.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
        "Reads a task graph, decides how many parallel agents it deserves and shows the analysis,"
            + " the scaling calculation and the wave layout.",
        "Capacity figures not given with --capacity are measured on this machine."})
final class PlanCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  GraphFileOptions graph;

  @Option(names = "--agents", paramLabel = "auto|N", defaultValue = "auto",
      description = "auto: the auto-scaler decides from the cost model and the capacity"
          + " (default); N: exactly N agents, with a warning above the safe capacity.")
  String agents;

  @Option(names = "--capacity", paramLabel = "SPEC", converter = CapacityConverter.class,
      description = "Capacity figures that replace measured ones, e.g."
          + " cpu=2,memoryGb=24,iops=15000,network=1Gbps,connections=500,rate.github-api=5000/h."
          + " Left out: measured (disk IOPS only for file-io work).")
  Capacity capacity = Capacity.none();

  @Option(names = "--json", description = "Print one JSON object instead of the text preview.")
  boolean json;

  private final Scaling scaling;

  PlanCommand(Scaling scaling) {
    this.scaling = scaling;
  }

  @Override
  public Integer call() throws IOException {
    int requested = requestedAgents();
    Plan plan = graph.load();
    AutoScaler scaler = AutoScaler.builder().capacity(capacity).probe(scaling.probe())
        .costs(scaling.costs().get()).build();
    ScalingDecision decision = requested == 0 ? scaler.scale(plan) : scaler.scale(plan, requested);
    PlanPreview preview = decision.preview();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      writeJson(out, plan, decision, preview.waves(), graph.timeUnit());
    } else {
      out.print(plan.withPreview(preview).explain());
    }
    out.flush();
    return 0;
  }

  /** 0 for auto, else the count asked for. */
  private int requestedAgents() {
    String text = agents.strip();
    if (text.toLowerCase(Locale.ROOT).equals("auto")) {
      return 0;
    }
    long count;
    try {
      count = Long.parseLong(text.replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      throw new ParameterException(spec.commandLine(), "Invalid value for option '--agents': '"
          + agents + "' is neither 'auto' nor a whole number");
    }
    if (count < 1) {
      throw new ParameterException(spec.commandLine(), "--agents must be at least 1, got " + count);
    }
    if (count > AutoScaler.MAX_AGENTS) {
      throw new ParameterException(spec.commandLine(), String.format(Locale.ROOT,
          "--agents must be at most %,d, got %,d", AutoScaler.MAX_AGENTS, count));
    }
    return (int) count;
  }

  private static void writeJson(PrintWriter out, Plan plan, ScalingDecision decision,
      WavePlan waves, Duration unit) throws IOException {
    PlanAnalysis a = plan.analysis();
    JsonOutput.write(out, plan, unit, json -> {
      json.writeNumberField("edges", a.edgeCount());
      json.writeNumberField("levels", a.levelCount());
      json.writeNumberField("totalWork", inUnits(a.totalWork(), unit));
      json.writeNumberField("criticalPathLength", inUnits(a.criticalPathLength(), unit));
      json.writeNumberField("maxWidth", a.maxWidth());
      json.writeNumberField("averageParallelism", a.averageParallelism());
      json.writeNumberField("agents", decision.agents());
      json.writeNumberField("recommendedAgents", decision.recommendedAgents());
      json.writeStringField("bindingLimit", decision.bindingLimit().name());
      json.writeNumberField("predictedTime", inUnits(decision.predictedTime(), unit));
      // JSON has no infinity: an overhead of zero makes the return unbounded, written as null.
      if (Double.isFinite(decision.roi())) {
        json.writeNumberField("roi", decision.roi());
      } else {
        json.writeNullField("roi");
      }
      json.writeArrayFieldStart("warnings");
      for (String warning : decision.warnings()) {
        json.writeString(warning);
      }
      json.writeEndArray();
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
    });
  }
}
