package dev.orchestrator.plan;

import dev.orchestrator.task.TaskSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Imports a task graph in the Standard Task Graph format ({@code .stg}, Kasahara Laboratory,
 * Waseda University).
 *
 * <p>The format: the first line holds {@code n}, the number of real tasks; then {@code n + 2} task
 * lines {@code id time npred pred1 ... predk}, where task 0 is the entry dummy and task {@code n +
 * 1} the exit dummy, and every predecessor has a smaller id than its task; then {@code #} comment
 * lines. Blank lines are ignored.
 *
 * <p>Task ids become the plan's task ids ({@code "1"} ... {@code "n"}); a task's time, multiplied by
 * {@link ImportOptions#timeUnit()}, is its estimate. The entry and exit dummies are <em>dropped</em>
 * when their time is 0, as in every published graph of the set: they exist only to give the graph a
 * single source and sink, they would distort the level widths and the task count, and they change
 * neither the total work nor the critical path. A dummy with a non-zero time is kept as an ordinary
 * task.
 *
 * <pre>{@code
 * Plan plan = StgFormat.read(Path.of("stg/50/rand0000.stg"), ImportOptions.defaults());
 * plan.analysis().criticalPathLength();   // PT55S: the file's "# CP Length : 55" in seconds
 * }</pre>
 */
public final class StgFormat {

  private StgFormat() {}

  /**
   * Reads a {@code .stg} file.
   *
   * @throws IOException if the file cannot be read
   * @throws PlanFormatException if it is malformed; the message names the file and the line
   */
  public static Plan read(Path file, ImportOptions options) throws IOException {
    // Latin-1 decodes every byte, so that stray characters in comments cannot fail the read; the
    // task lines are plain digits either way.
    return PlanSources.read(file, StandardCharsets.ISO_8859_1, options, StgFormat::read);
  }

  /**
   * Reads {@code .stg} text; the plan is named after {@code source} without its extension.
   *
   * @param source the file the text comes from, for error messages and the plan's name
   * @throws IOException if the reader fails
   * @throws PlanFormatException if the text is malformed; the message names the source and line
   */
  public static Plan read(Reader reader, String source, ImportOptions options) throws IOException {
    PlanSources.check(reader, source);
    Objects.requireNonNull(options, "import options cannot be null");
    BufferedReader lines = reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader);
    return new Parse(lines, source, options).plan();
  }

  /** One parse: the state of a single file. */
  private static final class Parse {
    private final BufferedReader lines;
    private final String source;
    private final ImportOptions options;
    private int lineNumber;

    Parse(BufferedReader lines, String source, ImportOptions options) {
      this.lines = lines;
      this.source = source;
      this.options = options;
    }

    Plan plan() throws IOException {
      long[] header = nextNumbers();
      if (header == null) {
        throw error(0, "the file is empty; expected the number of tasks on the first line");
      }
      if (header.length != 1) {
        throw error(lineNumber, "expected the number of tasks alone on the first line, found "
            + header.length + " numbers");
      }
      if (header[0] < 0 || header[0] > 50_000_000) {
        throw error(lineNumber, "the number of tasks must be between 0 and 50,000,000, found "
            + header[0]);
      }
      int n = (int) header[0];
      int exit = n + 1;
      long[] times = new long[n + 2];
      int[][] predecessors = new int[n + 2][];
      int[] lineOf = new int[n + 2];
      for (int id = 0; id <= exit; id++) {
        long[] numbers = nextNumbers();
        if (numbers == null) {
          throw error(lineNumber, "the file ends after " + id + " of its " + (n + 2)
              + " task lines (n = " + n + " real tasks plus the entry and exit dummies)");
        }
        lineOf[id] = lineNumber;
        if (numbers.length < 3) {
          throw error(lineNumber, "a task line needs at least 3 numbers (id, time, predecessor"
              + " count), found " + numbers.length);
        }
        if (numbers[0] != id) {
          throw error(lineNumber, "expected task " + id + " (tasks are numbered 0 to " + exit
              + " in order), found task " + numbers[0]);
        }
        if (numbers[1] < 0) {
          throw error(lineNumber, "task " + id + ": time cannot be negative, found " + numbers[1]);
        }
        long count = numbers[2];
        if (count < 0 || count != numbers.length - 3) {
          throw error(lineNumber, "task " + id + " declares " + count + " predecessors but the line"
              + " lists " + (numbers.length - 3));
        }
        int[] preds = new int[(int) count];
        for (int k = 0; k < count; k++) {
          long pred = numbers[3 + k];
          if (pred < 0 || pred >= id) {
            throw error(lineNumber, "task " + id + ": predecessor " + pred + " is not an earlier task;"
                + " in .stg files every predecessor has a smaller id than its task");
          }
          preds[k] = (int) pred;
        }
        times[id] = numbers[1];
        predecessors[id] = preds;
      }
      long[] extra = nextNumbers();
      if (extra != null) {
        throw error(lineNumber, "unexpected line after the " + (n + 2) + " task lines (only '#'"
            + " comment lines may follow them)");
      }
      return build(n, times, predecessors, lineOf);
    }

    private Plan build(int n, long[] times, int[][] predecessors, int[] lineOf) {
      int exit = n + 1;
      boolean keepEntry = times[0] != 0;
      boolean keepExit = times[exit] != 0;
      String name = baseName(source);
      Plan.Builder plan = Plan.builder(name.isBlank() ? "stg" : name);
      String[] ids = new String[n + 2];
      for (int id = 0; id <= exit; id++) {
        ids[id] = Integer.toString(id);
      }
      for (int id = 0; id <= exit; id++) {
        if ((id == 0 && !keepEntry) || (id == exit && !keepExit)) {
          continue;
        }
        try {
          TaskSpec.Builder task = TaskSpec.builder(ids[id])
              .type(options.type())
              .estimate(options.units(times[id]))
              .run(options.actionFor(ids[id], ids[id]));
          for (int pred : predecessors[id]) {
            if (pred != 0 || keepEntry) {
              task.after(ids[pred]);
            }
          }
          plan.add(task.build());
        } catch (IllegalArgumentException e) {
          throw error(lineOf[id], "task " + id + ": " + e.getMessage());
        }
      }
      return plan.build(); // predecessors come first, so the graph cannot have a cycle
    }

    /** The numbers of the next line that is neither blank nor a comment; null at the end. */
    private long[] nextNumbers() throws IOException {
      String line;
      while ((line = lines.readLine()) != null) {
        lineNumber++;
        String text = line.strip();
        if (text.isEmpty()) {
          continue;
        }
        if (text.startsWith("#")) {
          continue;
        }
        String[] fields = text.split("\\s+");
        long[] numbers = new long[fields.length];
        for (int i = 0; i < fields.length; i++) {
          try {
            numbers[i] = Long.parseLong(fields[i]);
          } catch (NumberFormatException e) {
            throw error(lineNumber, "expected whole numbers separated by spaces, found '"
                + (fields[i].length() > 20 ? fields[i].substring(0, 20) + "…" : fields[i])
                + "' (field " + (i + 1) + ")");
          }
        }
        return numbers;
      }
      return null;
    }

    private PlanFormatException error(int line, String message) {
      return new PlanFormatException(source, line, 0, message, null);
    }
  }

  /** A file name without its folders and extension: {@code a/b/rand0000.stg -> rand0000}. */
  static String baseName(String source) {
    String file = source;
    int slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
    file = file.substring(slash + 1);
    int dot = file.lastIndexOf('.');
    return dot > 0 ? file.substring(0, dot) : file;
  }
}
