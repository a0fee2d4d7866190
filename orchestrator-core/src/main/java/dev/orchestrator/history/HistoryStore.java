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
 *   <li>{@link #learnedTaskDuration} and {@link #learnedPatternDuration}: per task id and per name
 *       pattern, the mean over the last {@value #PLAN_WINDOW} runs <em>of the same plan name</em>
 *       that measured it.
 * </ul>
 *
 * <p>Every duration is one attempt's: from the attempt's start to its end, without the backoff
 * before a retry or the time a task waited for a limit to admit it.
 *
 * <p><b>Size and rotation.</b> The file is bounded ({@link #DEFAULT_MAX_BYTES} unless {@link
 * #open(Path, long)} says otherwise): when a record would take it past the bound, the file is
 * renamed to {@code history.jsonl.1} (replacing an older one) and a new file starts with the
 * newest records that fit in half the bound, then the new record. The scaler learns from what the
 * current file holds. A single record larger than half the bound is written alone.
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
  /** How many recent runs of one plan are averaged per task id and per name pattern. */
  public static final int PLAN_WINDOW = 5;
  /** The default bound of the file's size: 8 MiB. */
  public static final long DEFAULT_MAX_BYTES = 8L << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final long maxBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<RunRecord> records = new ArrayList<>(); // oldest first; guarded by lock
  private final List<Integer> lineBytes = new ArrayList<>(); // per record; guarded by lock
  private final Map<String, PlanDurations> byPlan = new java.util.HashMap<>(); // guarded by lock

  private HistoryStore(Path file, long maxBytes, List<RunRecord> records) {
    this.file = file;
    this.maxBytes = maxBytes;
    for (RunRecord r : records) {
      this.records.add(r);
      this.lineBytes.add(format(r).getBytes(StandardCharsets.UTF_8).length + 1);
    }
  }

  /**
   * The history in {@code file}, bounded to {@code maxBytes} (see the class comment).
   *
   * @throws IllegalArgumentException if {@code maxBytes < 1024}
   * @throws UncheckedIOException if the file exists and cannot be read
   */
  public static HistoryStore open(Path file, long maxBytes) {
    if (maxBytes < 1024) {
      throw new IllegalArgumentException("history max bytes must be >= 1024: " + maxBytes);
    }
    return new HistoryStore(file, maxBytes, read(file));
  }

  /**
   * The history in {@code file} (created on the first record; its directory too).
   *
   * @throws UncheckedIOException if the file exists and cannot be read
   */
  public static HistoryStore open(Path file) {
    return open(file, DEFAULT_MAX_BYTES);
  }

  private static List<RunRecord> read(Path file) {
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
    return records;
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
    int bytes = line.getBytes(StandardCharsets.UTF_8).length + 1;
    lock.lock();
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      long size = Files.exists(file) ? Files.size(file) : 0;
      if (size + bytes > maxBytes) {
        rotate();
      }
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        out.write(line + "\n");
      }
      records.add(record);
      lineBytes.add(bytes);
      byPlan.remove(record.plan());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the history file " + file + ": "
          + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /** The file a rotation moves the full history to: {@code history.jsonl.1}. */
  public Path rotatedFile() {
    return file.resolveSibling(file.getFileName() + ".1");
  }

  /** Moves the file aside and starts a new one with the newest records that fit in half the bound. */
  private void rotate() throws IOException {
    long budget = maxBytes / 2;
    int keepFrom = records.size();
    long kept = 0;
    while (keepFrom > 0 && kept + lineBytes.get(keepFrom - 1) <= budget) {
      kept += lineBytes.get(--keepFrom);
    }
    Files.move(file, rotatedFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    List<RunRecord> keep = new ArrayList<>(records.subList(keepFrom, records.size()));
    List<Integer> keepBytes = new ArrayList<>(lineBytes.subList(keepFrom, lineBytes.size()));
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE_NEW)) {
      for (RunRecord r : keep) {
        out.write(format(r) + "\n");
      }
    }
    LOG.info("{} reached {} bytes: moved to {}, kept the newest {} of {} runs", file, maxBytes,
        rotatedFile(), keep.size(), records.size());
    records.clear();
    records.addAll(keep);
    lineBytes.clear();
    lineBytes.addAll(keepBytes);
    byPlan.clear();
  }

  @Override
  public Optional<Duration> learnedTaskDuration(String plan, String taskId) {
    Objects.requireNonNull(plan, "plan cannot be null");
    Objects.requireNonNull(taskId, "task id cannot be null");
    lock.lock();
    try {
      return Optional.ofNullable(durationsOf(plan).byTask.get(taskId));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<Duration> learnedPatternDuration(String plan, String pattern) {
    Objects.requireNonNull(plan, "plan cannot be null");
    Objects.requireNonNull(pattern, "pattern cannot be null");
    lock.lock();
    try {
      return Optional.ofNullable(durationsOf(plan).byPattern.get(pattern));
    } finally {
      lock.unlock();
    }
  }

  /** Per task and per pattern: the means over the plan's last runs; made once per plan and record. */
  private PlanDurations durationsOf(String plan) {
    return byPlan.computeIfAbsent(plan, name -> {
      Map<String, double[]> tasks = new java.util.HashMap<>(); // sum, count
      Map<String, double[]> patterns = new java.util.HashMap<>();
      int used = 0;
      for (int i = records.size() - 1; i >= 0 && used < PLAN_WINDOW; i--) {
        RunRecord r = records.get(i);
        if (!r.plan().equals(name)
            || (r.taskDurations().isEmpty() && r.patternDurations().isEmpty())) {
          continue;
        }
        used++;
        r.taskDurations().forEach((id, d) -> add(tasks, id, d));
        r.patternDurations().forEach((p, d) -> add(patterns, p, d));
      }
      return new PlanDurations(means(tasks), means(patterns));
    });
  }

  private static void add(Map<String, double[]> sums, String key, Duration d) {
    double[] s = sums.computeIfAbsent(key, k -> new double[2]);
    s[0] += d.toNanos();
    s[1]++;
  }

  private static Map<String, Duration> means(Map<String, double[]> sums) {
    Map<String, Duration> means = new java.util.HashMap<>(sums.size() * 2);
    sums.forEach((k, s) -> means.put(k, Duration.ofNanos(Math.round(s[0] / s[1]))));
    return means;
  }

  /** What one plan's recent runs measured. */
  private record PlanDurations(Map<String, Duration> byTask, Map<String, Duration> byPattern) {}

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
    if (r.restored() > 0) {
      node.put("restored", r.restored());
    }
    r.estimate().ifPresent(e -> node.put("estimateMillis", e.toNanos() / 1e6));
    r.estimateError().ifPresent(e -> node.put("estimateError", e));
    if (!r.patternDurations().isEmpty()) {
      ObjectNode patterns = node.putObject("patternDurationsMillis");
      r.patternDurations().forEach((p, d) -> patterns.put(p, d.toNanos() / 1e6));
    }
    if (!r.taskDurations().isEmpty()) {
      ObjectNode tasks = node.putObject("taskDurationsMillis");
      r.taskDurations().forEach((id, d) -> tasks.put(id, d.toNanos() / 1e6));
    }
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
    JsonNode estimate = n.get("estimateMillis");
    return new RunRecord(Instant.parse(text(n, "time")), text(n, "runId"), text(n, "plan"),
        TaskType.of(text(n, "type")), types, n.path("tasks").asInt(), n.path("agents").asInt(),
        millis(n.path("makespanMillis")), n.path("efficiency").asDouble(),
        n.path("successRate").asDouble(), durations, durationMap(n.path("taskDurationsMillis")),
        durationMap(n.path("patternDurationsMillis")), n.path("restored").asInt(0),
        estimate == null ? Optional.empty() : Optional.of(millis(estimate)));
  }

  private static Map<String, Duration> durationMap(JsonNode object) {
    Map<String, Duration> map = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      map.put(e.getKey(), millis(e.getValue()));
    }
    return map;
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
