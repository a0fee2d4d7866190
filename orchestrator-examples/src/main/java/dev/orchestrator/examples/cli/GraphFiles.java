package dev.orchestrator.examples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.orchestrator.plan.ActionBinder;
import dev.orchestrator.plan.ImportOptions;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.plan.PlanFormatException;
import dev.orchestrator.plan.PlanJson;
import dev.orchestrator.plan.StgFormat;
import dev.orchestrator.plan.WfCommonsFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Reads a task graph from a file in any of the formats the tool understands. */
public final class GraphFiles {

  /** The formats, told apart by extension and content. */
  public enum Format {
    /** Orchestrator's own plan JSON ({@code docs/plan-format.md}). */
    PLAN_JSON("plan JSON"),
    /** Kasahara's Standard Task Graph text format. */
    STG(".stg"),
    /** WfCommons' WfFormat JSON. */
    WFCOMMONS("WfCommons JSON");

    private final String label;

    Format(String label) {
      this.label = label;
    }

    /** How the format is called in messages. */
    public String label() {
      return label;
    }
  }

  private static final JsonFactory JSON = new JsonFactory();

  private GraphFiles() {}

  /**
   * Tells a file's format: {@code .stg} by extension; JSON by its top-level fields ({@code
   * formatVersion} or {@code tasks}: plan JSON; {@code workflow}, {@code schemaVersion} or {@code
   * wms}: WfCommons); other files by their first character.
   *
   * @throws IOException if the file cannot be read
   * @throws PlanFormatException if the format cannot be told
   */
  public static Format detect(Path file) throws IOException {
    String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".stg")) {
      return Format.STG;
    }
    int first = firstSignificant(file);
    if (first == '{') {
      return jsonKind(file);
    }
    if (first >= '0' && first <= '9') {
      return Format.STG;
    }
    throw new PlanFormatException(file.toString(), 0, 0, first < 0 ? "the file is empty"
        : "cannot tell the file's format: expected plan JSON or WfCommons JSON (starting with '{')"
            + " or a .stg graph (starting with the task count)", null);
  }

  /**
   * Loads a file in a known format.
   *
   * @throws IOException if the file cannot be read
   * @throws PlanFormatException if it is malformed
   */
  public static Plan load(Path file, Format format, ImportOptions options) throws IOException {
    return switch (format) {
      case PLAN_JSON -> PlanJson.read(file, options.binder());
      case STG -> StgFormat.read(file, options);
      case WFCOMMONS -> WfCommonsFormat.read(file, options);
    };
  }

  private static int firstSignificant(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int c;
      while ((c = reader.read()) >= 0) {
        if (c == '\uFEFF' || Character.isWhitespace(c)) {
          continue;
        }
        if (c == '#') { // a comment line (a .stg file may start with one)
          ((BufferedReader) reader).readLine();
          continue;
        }
        return c;
      }
      return -1;
    }
  }

  private static Format jsonKind(Path file) throws IOException {
    try (JsonParser json = JSON.createParser(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
      json.nextToken(); // '{'
      for (JsonToken token = json.nextToken(); token == JsonToken.FIELD_NAME; token = json.nextToken()) {
        switch (json.currentName()) {
          case "formatVersion", "tasks" -> {
            return Format.PLAN_JSON;
          }
          case "workflow", "schemaVersion", "wms" -> {
            return Format.WFCOMMONS;
          }
          default -> {
            json.nextToken();
            json.skipChildren();
          }
        }
      }
    } catch (JsonProcessingException e) {
      // Malformed: let the plan reader report it with its line and column.
    }
    return Format.PLAN_JSON;
  }
}
