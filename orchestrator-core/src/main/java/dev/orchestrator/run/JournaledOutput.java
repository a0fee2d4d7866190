package dev.orchestrator.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The output of a task restored from a run journal: its JSON, read as the type a DATA dependent
 * asks for ({@code ctx.input(id, Type.class)}) each time it asks. Plain data binding to the
 * requested type only: the journal carries no type names, so nothing in it can choose a class.
 */
final class JournaledOutput {

  private final JsonNode json;
  private final long line;

  JournaledOutput(JsonNode json, long line) {
    this.json = json;
    this.line = line;
  }

  /**
   * The output as {@code type}.
   *
   * @throws IllegalArgumentException if the JSON cannot be read as {@code type}
   */
  <T> T as(Class<T> type, String taskId, String sourceId) {
    if (json.isNull()) {
      return null;
    }
    try {
      return JournalWriter.OUTPUTS.treeToValue(json, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalArgumentException("task '" + taskId + "': the output of '" + sourceId
          + "' was restored from the run journal (line " + line + ") as JSON and cannot be read as a "
          + type.getName() + ": "
          + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
    }
  }

  JsonNode json() {
    return json;
  }
}
