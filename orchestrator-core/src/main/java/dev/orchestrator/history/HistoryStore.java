package dev.orchestrator.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.task.TaskType;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The execution history: a JSON-lines file with one {@link RunRecord} per finished run, and what
 * the scaler learns from it ({@link ExecutionHistory}).
 *
 * <pre>{@code
 * HistoryStore history = HistoryStore.inUserHome();            // ~/.orchestrator/history.jsonl
 * Orchestrator orchestrator = Orchestrator.builder().history(history).build();   // records runs
 * AutoScaler scaler = AutoScaler.builder().history(history).build();             // learns from them
 * }</pre>
 *
 * <ul>
 *   <li>{@link #similarRuns}: the recorded runs of the same dominant type whose task count is
 *       within ±20 % ({@link PastRun#isSimilarTo}), newest first; the scaler takes the fastest
 *       (scaled to the new size) as its agent count.
 *   <li>{@link #learnedDuration}: for tasks without an estimate, the mean duration of the type's
 *       tasks over the last {@value #LEARNING_WINDOW} runs that had any, weighted by their task
 *       counts.
 * </ul>
 *
 * <p>The file is read once, when the store is opened (a line that cannot be read is skipped and
 * logged), and appended to by {@link #record}. Cancelled runs are not recorded by the orchestrator:
 * their time says nothing about the work. Thread-safe; several processes appending to one file
 * each append whole lines.
 */
public final class HistoryStore implements ExecutionHistory {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HistoryStore.class);

  /** The format of each line. */
  public static final String FORMAT = "orchestrator-history/1";
  /** How many recent runs with a type's durations are averaged for {@link #learnedDuration}. */
  public static final int LEARNING_WINDOW = 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<RunRecord> records = new ArrayList<>(); // oldest first; guarded by lock

  private HistoryStore(Path file, List<RunRecord> records) {
    this.file = file;
    this.records.addAll(records);
  }

  /**
   * The history in {@code file} (created on the first record; its directory too).
   *
   * @throws UncheckedIOException if the file exists and cannot be read
   */
  public static HistoryStore open(Path file) {
    Objects.requireNonNull(file, "history file cannot be null");
    List<RunRecord> records = new ArrayList<>();
    if (Files.exists(file)) {
      try {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i).strip();
          if (line.isEmpty()) {
            continue;
          }
          try {
            records.add(parse(JSON.readTree(line)));
          } catch (IOException | RuntimeException e) {
            LOG.warn("{}:{}: not a history record, skipped: {}", file, i + 1, e.getMessage());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the history file " + file + ": " + e.getMessage(), e);
      }
    }
    return new HistoryStore(file, records);
  }

  /** The history in {@code ~/.orchestrator/history.jsonl} (the {@code user.home} property). */
  public static HistoryStore inUserHome() {
    return open(defaultFile());
  }

  /** {@code ~/.orchestrator/history.jsonl}. */
  public static Path defaultFile() {
    return Path.of(System.getProperty("user.home"), ".orchestrator", "history.jsonl");
  }

  /** The file this history lives in. */
  public Path file() {
    return file;
  }

  /** Every record, oldest first. */
  public List<RunRecord> records() {
    lock.lock();
    try {
      return List.copyOf(records);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Appends a run to the file and to what this store has learned.
   *
   * @throws UncheckedIOException if the file cannot be written
   */
  @Override
  public void record(RunRecord record) {
    Objects.requireNonNull(record, "record cannot be null");
    String line = format(record);
    lock.lock();
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        out.write(line + "\n");
      }
      records.add(record);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the history file " + file + ": "
          + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<PastRun> similarRuns(TaskType type, int taskCount) {
    Objects.requireNonNull(type, "type cannot be null");
    lock.lock();
    try {
      List<PastRun> similar = new ArrayList<>();
      for (int i = records.size() - 1; i >= 0; i--) {
        PastRun run = records.get(i).toPastRun();
        if (run.isSimilarTo(type, taskCount)) {
          similar.add(run);
        }
      }
      return List.copyOf(similar);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<Duration> learnedDuration(TaskType type) {
    Objects.requireNonNull(type, "type cannot be null");
    lock.lock();
    try {
      double weighted = 0;
      long weight = 0;
      int used = 0;
      for (int i = records.size() - 1; i >= 0 && used < LEARNING_WINDOW; i--) {
        RunRecord r = records.get(i);
        Duration d = r.durations().get(type);
        if (d == null) {
          continue;
        }
        int count = Math.max(1, r.taskTypes().getOrDefault(type.name(), 1));
        weighted += (double) d.toNanos() * count;
        weight += count;
        used++;
      }
      return weight == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(Math.round(weighted / weight)));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "HistoryStore[" + file + ", " + records().size() + " runs]";
  }

  // ------------------------------------------------------------------ one line

  static String format(RunRecord r) {
    ObjectNode node = JSON.createObjectNode();
    node.put("format", FORMAT);
    node.put("time", r.time().toString());
    node.put("runId", r.runId());
    node.put("plan", r.plan());
    node.put("type", r.type().name());
    ObjectNode types = node.putObject("taskTypes");
    r.taskTypes().forEach(types::put);
    node.put("tasks", r.tasks());
    node.put("agents", r.agents());
    node.put("makespanMillis", r.makespan().toNanos() / 1e6);
    node.put("efficiency", r.efficiency());
    node.put("successRate", r.successRate());
    ObjectNode durations = node.putObject("durationsMillis");
    r.durations().forEach((type, d) -> durations.put(type.name(), d.toNanos() / 1e6));
    return node.toString();
  }

  static RunRecord parse(JsonNode n) {
    if (!FORMAT.equals(n.path("format").asText())) {
      throw new IllegalArgumentException("format is not " + FORMAT + ": " + n.path("format"));
    }
    Map<String, Integer> types = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.path("taskTypes").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      types.put(e.getKey(), e.getValue().asInt());
    }
    Map<TaskType, Duration> durations = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.path("durationsMillis").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      durations.put(TaskType.of(e.getKey()), millis(e.getValue()));
    }
    return new RunRecord(Instant.parse(text(n, "time")), text(n, "runId"), text(n, "plan"),
        TaskType.of(text(n, "type")), types, n.path("tasks").asInt(), n.path("agents").asInt(),
        millis(n.path("makespanMillis")), n.path("efficiency").asDouble(),
        n.path("successRate").asDouble(), durations);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("field '" + field + "' is missing or not a string");
    }
    return v.asText();
  }

  private static Duration millis(JsonNode v) {
    if (!v.isNumber()) {
      throw new IllegalArgumentException("a duration is not a number: " + v);
    }
    return Duration.ofNanos(Math.round(v.asDouble() * 1e6));
  }
}
