package dev.orchestrator.examples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.orchestrator.plan.Plan;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * The {@code --json} output of the commands that describe a plan ({@code plan}, {@code simulate}):
 * one JSON object on a line of its own that opens with the plan's {@code name}, the {@code
 * timeUnit} its times are in and its number of {@code tasks}, so that scripts read both the same
 * way.
 */
final class JsonOutput {

  private static final JsonFactory JSON = new JsonFactory();

  private JsonOutput() {}

  /** Writes the command's own fields after the shared ones. */
  @FunctionalInterface
  interface Fields {
    void write(JsonGenerator json) throws IOException;
  }

  /** Writes the object to {@code out}, which stays open. */
  static void write(PrintWriter out, Plan plan, Duration unit, Fields fields) throws IOException {
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      json.writeStartObject();
      json.writeStringField("name", plan.name());
      json.writeStringField("timeUnit", unit.toString());
      json.writeNumberField("tasks", plan.analysis().taskCount());
      fields.write(json);
      json.writeEndObject();
    }
    out.println();
  }
}
