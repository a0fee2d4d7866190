package dev.orchestrator.run;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.graph.TaskGraph;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a run journal back for {@code resume}: which tasks of the plan succeeded (and were not
 * compensated since), in the order they did, with their journaled outputs.
 *
 * <p>A crash can leave the last line torn (cut mid-way, or never finished by its newline): that
 * line is ignored and reported, and the file is cut back to the last whole line before the resumed
 * run appends. Any other line that is not a journal entry is corruption, and {@link
 * JournalFormatException} names it: resuming past it could run a task twice or lose one.
 */
final class JournalReader {

  private static final Logger LOG = LoggerFactory.getLogger(JournalReader.class);

  /**
   * What a journal says.
   *
   * @param restored the plan tasks that succeeded, in the order they did
   * @param outputs the journaled outputs of restored tasks, by task
   * @param validLength the bytes up to the end of the last whole line
   * @param needsNewline whether the last whole line lacks its newline
   * @param tornLine the 1-based number of a torn last line that was ignored, or 0
   * @param lines the lines read, a torn one included
   * @param counts entries per type ("start", "end", ...), for diagnostics and tests
   */
  record Replay(int[] restored, Map<Integer, JournaledOutput> outputs, long validLength,
      boolean needsNewline, long tornLine, long lines, Map<String, Integer> counts) {}

  private final Path file;
  private final TaskGraph graph;
  private final LinkedHashMap<Integer, Long> succeeded = new LinkedHashMap<>(); // task -> line
  private final Map<Integer, JournaledOutput> outputs = new HashMap<>();
  private final Map<String, Integer> counts = new HashMap<>();
  private String plan;

  private JournalReader(Path file, TaskGraph graph) {
    this.file = file;
    this.graph = graph;
  }

  /**
   * Reads a journal against the plan being resumed.
   *
   * @throws JournalFormatException if a line other than the last is not a journal entry, the
   *     journal is of a newer format, or a task it says succeeded is not in the plan
   * @throws IOException if the file cannot be read
   */
  static Replay read(Path file, TaskGraph graph) throws IOException {
    return new JournalReader(file, graph).read();
  }

  // Reading state.
  private long offset; // bytes of the lines handled so far
  private long lineNumber;
  private long validLength;
  private boolean needsNewline;
  private long badLine;
  private LineException bad;

  private Replay read() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    byte[] chunk = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int read = in.read(chunk); read >= 0; read = in.read(chunk)) {
        int from = 0;
        for (int i = 0; i < read; i++) {
          if (chunk[i] == '\n') {
            line.write(chunk, from, i - from);
            from = i + 1;
            line(line, true);
          }
        }
        line.write(chunk, from, read - from);
      }
    }
    if (line.size() > 0) {
      line(line, false); // the last line has no newline: cut by a crash, or its newline was
    }
    if (bad != null) {
      LOG.warn("{}:{}: ignoring a torn last line ({}); a crash cut it", file, badLine,
          bad.getMessage());
    }
    if (lineNumber > 0 && plan == null && badLine != 1) {
      throw new JournalFormatException(file, 1, "the journal does not start with a \"run\" entry",
          null);
    }
    int[] restored = new int[succeeded.size()];
    int k = 0;
    for (int t : succeeded.keySet()) {
      restored[k++] = t;
    }
    outputs.keySet().retainAll(succeeded.keySet());
    return new Replay(restored, Map.copyOf(outputs), validLength, needsNewline, badLine, lineNumber,
        Map.copyOf(counts));
  }

  /** One line; {@code complete} when it ended with a newline. */
  private void line(ByteArrayOutputStream line, boolean complete) {
    lineNumber++;
    long end = offset + line.size() + (complete ? 1 : 0);
    if (bad != null) { // a bad line with another line after it: damage, not a torn tail
      throw corrupt(badLine, bad);
    }
    if (!isBlank(line)) {
      try {
        entry(parse(line), lineNumber);
        needsNewline = !complete;
      } catch (LineException e) {
        if (e.fatal) {
          throw new JournalFormatException(file, lineNumber, e.getMessage(), e.getCause());
        }
        badLine = lineNumber;
        bad = e;
      }
    }
    if (bad == null && (complete || !isBlank(line))) {
      validLength = end;
    }
    offset = end;
    line.reset();
  }

  private JournalFormatException corrupt(long lineNumber, RuntimeException cause) {
    return new JournalFormatException(file, lineNumber, cause.getMessage()
        + "; the journal is damaged before its end, so resuming from it could lose or repeat work."
        + " Restore the file from a backup, or start the run afresh in a new directory",
        cause.getCause());
  }

  private static boolean isBlank(ByteArrayOutputStream line) {
    for (byte b : line.toByteArray()) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  private static JsonNode parse(ByteArrayOutputStream line) {
    try {
      JsonNode node = JournalWriter.OUTPUTS.readTree(line.toByteArray());
      if (node == null || !node.isObject()) {
        throw new LineException("not a JSON object", null, false);
      }
      return node;
    } catch (JacksonException e) {
      throw new LineException("not a JSON object: " + e.getOriginalMessage(), e, false);
    } catch (IOException e) {
      throw new LineException("unreadable: " + e.getMessage(), e, false);
    }
  }

  private void entry(JsonNode entry, long lineNumber) {
    String type = text(entry, "type");
    counts.merge(type, 1, Integer::sum);
    switch (type) {
      case "run" -> {
        int version = entry.path("version").asInt(-1);
        if (version < 1 || version > JournalWriter.FORMAT_VERSION) {
          throw new LineException("the journal has format version " + entry.path("version")
              + "; this version of Orchestrator reads version " + JournalWriter.FORMAT_VERSION,
              null, true);
        }
        plan = text(entry, "plan");
      }
      case "end" -> {
        if (plan == null) {
          throw new LineException("an \"end\" entry before the \"run\" entry", null, true);
        }
        String id = text(entry, "task");
        if (!"SUCCEEDED".equals(text(entry, "state"))) {
          return;
        }
        int t = graph.indexOf(id);
        if (t < 0) {
          if (id.indexOf('/') >= 0) {
            return; // a spawned task: its parent's success covers it
          }
          throw new LineException("task '" + id + "' succeeded in the journaled run of plan '"
              + plan + "', but the plan being resumed has no such task; resume with the workflow"
              + " the journal was written for", null, true);
        }
        succeeded.remove(t); // keep journal order: the last success counts
        if (entry.has("outputError")) {
          outputs.remove(t); // its output is lost: the task runs again for its dependents
          return;
        }
        succeeded.put(t, lineNumber);
        if (entry.has("output")) {
          outputs.put(t, new JournaledOutput(entry.get("output"), lineNumber));
        }
      }
      case "compensated" -> {
        int t = graph.indexOf(text(entry, "task"));
        if (t >= 0) {
          succeeded.remove(t); // undone: it runs again
          outputs.remove(t);
        }
      }
      case "start", "retry", "pool", "analysis", "alert", "stall", "finished" -> { }
      default -> throw new LineException("unknown entry type '" + type + "'", null, false);
    }
  }

  private static String text(JsonNode entry, String field) {
    JsonNode value = entry.get(field);
    if (value == null || !value.isTextual()) {
      throw new LineException("the entry has no text field '" + field + "'", null, false);
    }
    return value.asText();
  }

  /** A line that is not a usable entry; fatal ones are errors even on the last line. */
  private static final class LineException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final boolean fatal;

    LineException(String message, Throwable cause, boolean fatal) {
      super(message, cause, false, false);
      this.fatal = fatal;
    }
  }

}
