package dev.orchestrator.plan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.task.Dependency;
import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.Priority;
import dev.orchestrator.task.RetryPolicy;
import dev.orchestrator.task.TaskAction;
import dev.orchestrator.task.TaskSpec;
import dev.orchestrator.task.TaskType;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A plan as JSON, so that plans can be reviewed, stored, or written by an external planner and run
 * here. The format is described, with a full example, in {@code docs/plan-format.md}.
 *
 * <pre>{@code
 * PlanJson.write(plan, Path.of("deploy.json"));
 * Plan again = PlanJson.read(Path.of("deploy.json"), ActionBinder.byName(actions));
 * }</pre>
 *
 * <p>A file carries everything the planner needs — ids, names, types, estimates, priorities,
 * critical and gate flags, groups, tags, dependencies with their kinds, retry policies and
 * timeouts — but no code: actions, gate checks, compensations and the retry policy's {@code
 * retryOn}/{@code abortOn} predicates are not written, and actions are bound again when reading
 * through an {@link ActionBinder}.
 *
 * <p>Reading checks everything at once and reports the first fault as a {@link
 * PlanFormatException} naming the file, the line and column, the task and the field.
 */
public final class PlanJson {

  /** The version of the format this class writes and reads. */
  public static final int FORMAT_VERSION = 1;

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final Set<String> PLAN_FIELDS = Set.of(
      "formatVersion", "name", "goal", "mode", "concurrencyLimit", "defaultEstimate", "tasks");
  private static final Set<String> TASK_FIELDS = Set.of("id", "name", "type", "estimate", "priority",
      "critical", "gate", "group", "tags", "dependencies", "retry", "timeout", "stallTimeout");
  private static final Set<String> RETRY_FIELDS = Set.of(
      "maxAttempts", "delay", "maxDelay", "multiplier", "jitter");

  private PlanJson() {}

  // ------------------------------------------------------------------------------------- writing

  /**
   * Writes a plan as JSON (UTF-8), replacing the file.
   *
   * @throws IOException if the file cannot be written
   */
  public static void write(Plan plan, Path file) throws IOException {
    Objects.requireNonNull(file, "file cannot be null");
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(plan, writer);
    }
  }

  /**
   * Writes a plan as JSON. The writer is flushed, not closed.
   *
   * @throws IOException if the writer fails
   */
  public static void write(Plan plan, Writer writer) throws IOException {
    Objects.requireNonNull(plan, "plan cannot be null");
    Objects.requireNonNull(writer, "writer cannot be null");
    try (JsonGenerator json = FACTORY.createGenerator(writer)) {
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      json.setPrettyPrinter(new DefaultPrettyPrinter()
          .withObjectIndenter(new DefaultIndenter("  ", "\n"))
          .withArrayIndenter(new DefaultIndenter("  ", "\n")));
      json.writeStartObject();
      json.writeNumberField("formatVersion", FORMAT_VERSION);
      json.writeStringField("name", plan.name());
      if (plan.goal().isPresent()) {
        json.writeStringField("goal", plan.goal().get());
      }
      json.writeStringField("mode", lower(plan.mode()));
      if (plan.concurrencyLimit() != plan.mode().defaultConcurrencyLimit()) {
        json.writeNumberField("concurrencyLimit", plan.concurrencyLimit());
      }
      json.writeStringField("defaultEstimate", plan.analysis().defaultEstimate().toString());
      json.writeArrayFieldStart("tasks");
      for (TaskSpec task : plan.tasks()) {
        writeTask(json, task);
      }
      json.writeEndArray();
      json.writeEndObject();
      json.writeRaw('\n');
    }
  }

  private static void writeTask(JsonGenerator json, TaskSpec task) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", task.id());
    if (!task.name().equals(task.id())) {
      json.writeStringField("name", task.name());
    }
    json.writeStringField("type", task.type().name());
    if (task.estimate().isPresent()) {
      json.writeStringField("estimate", task.estimate().get().toString());
    }
    json.writeStringField("priority", lower(task.priority()));
    if (task.isCritical()) {
      json.writeBooleanField("critical", true);
    }
    if (task.isGate()) {
      json.writeBooleanField("gate", true);
    }
    if (task.group().isPresent()) {
      json.writeStringField("group", task.group().get());
    }
    if (!task.tags().isEmpty()) {
      json.writeArrayFieldStart("tags");
      for (String tag : task.tags()) {
        json.writeString(tag);
      }
      json.writeEndArray();
    }
    if (!task.dependencies().isEmpty()) {
      json.writeArrayFieldStart("dependencies");
      for (Dependency dependency : task.dependencies()) {
        json.writeStartObject();
        json.writeStringField("on", dependency.on());
        json.writeStringField("kind", lower(dependency.kind()));
        json.writeEndObject();
      }
      json.writeEndArray();
    }
    RetryPolicy retry = task.retry();
    if (retry.maxAttempts() > 1) {
      json.writeObjectFieldStart("retry");
      json.writeNumberField("maxAttempts", retry.maxAttempts());
      json.writeStringField("delay", retry.delay().toString());
      json.writeStringField("maxDelay", retry.maxDelay().toString());
      json.writeNumberField("multiplier", retry.multiplier());
      json.writeNumberField("jitter", retry.jitter());
      json.writeEndObject();
    }
    if (task.timeout().isPresent()) {
      json.writeStringField("timeout", task.timeout().get().toString());
    }
    if (task.stallTimeout().isPresent()) {
      json.writeStringField("stallTimeout", task.stallTimeout().get().toString());
    }
    json.writeEndObject();
  }

  private static String lower(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  // ------------------------------------------------------------------------------------- reading

  /**
   * Reads a plan from a JSON file.
   *
   * @param binder gives the tasks their actions ({@link ActionBinder#unbound()} for none)
   * @throws IOException if the file cannot be read
   * @throws PlanFormatException if the file is not a valid plan: the message names the file, the
   *     line and column, the task and the field
   */
  public static Plan read(Path file, ActionBinder binder) throws IOException {
    return PlanSources.read(file, StandardCharsets.UTF_8, binder, PlanJson::read);
  }

  /**
   * Reads a plan from JSON; errors name the source as {@code <reader>}.
   *
   * @see #read(Reader, String, ActionBinder)
   */
  public static Plan read(Reader reader, ActionBinder binder) throws IOException {
    return read(reader, "<reader>", binder);
  }

  /**
   * Reads a plan from JSON. The reader is not closed.
   *
   * @param source what the reader reads, for error messages (a file name)
   * @param binder gives the tasks their actions ({@link ActionBinder#unbound()} for none)
   * @throws IOException if the reader fails
   * @throws PlanFormatException if the JSON is not a valid plan
   */
  public static Plan read(Reader reader, String source, ActionBinder binder) throws IOException {
    PlanSources.check(reader, source);
    Objects.requireNonNull(binder, "action binder cannot be null");
    try (JsonInput in = JsonInput.open(reader, source)) {
      return new PlanReader(in, binder).read();
    }
  }

  /** One read: the state of a single document. */
  private static final class PlanReader {
    private final JsonInput in;
    private final ActionBinder binder;
    private final List<TaskSpec> tasks = new ArrayList<>();
    private final List<JsonInput.Field> taskStarts = new ArrayList<>();
    private final Map<String, Integer> indexById = new HashMap<>();
    // Dependencies are checked once every id is known; each remembers where it was written.
    private final List<PendingDependency> dependencies = new ArrayList<>();

    private record PendingDependency(String on, String where, JsonInput.Field field) {}

    PlanReader(JsonInput in, ActionBinder binder) {
      this.in = in;
      this.binder = binder;
    }

    Plan read() throws IOException {
      in.startObject("a plan");
      Map<String, JsonInput.Field> top = new HashMap<>();
      boolean sawTasks = false;
      for (String name = in.nextField(); name != null; name = in.nextField()) {
        if (!PLAN_FIELDS.contains(name)) {
          throw in.error("unknown field '" + name + "' in the plan; the plan's fields are "
              + String.join(", ", sorted(PLAN_FIELDS)));
        }
        if (name.equals("tasks")) {
          readTasks();
          sawTasks = true;
        } else {
          JsonInput.Field field = in.field(name);
          top.put(name, field);
          if (name.equals("formatVersion")) {
            checkVersion(field);
          }
        }
      }
      in.expectEnd();
      if (!top.containsKey("formatVersion")) {
        throw new PlanFormatException(in.source(), 1, 1,
            "field 'formatVersion' is missing; a plan file starts with \"formatVersion\": "
                + FORMAT_VERSION, null);
      }
      if (!sawTasks) {
        throw new PlanFormatException(in.source(), 1, 1,
            "field 'tasks' is missing; a plan needs a \"tasks\": [ ... ] array (it may be empty)",
            null);
      }
      checkDependencies();
      return build(top);
    }

    private void checkVersion(JsonInput.Field field) {
      int version = in.integer(field, "field 'formatVersion'");
      if (version != FORMAT_VERSION) {
        throw in.error(field, "field 'formatVersion': this reader knows version " + FORMAT_VERSION
            + ", the file has version " + version);
      }
    }

    private Plan build(Map<String, JsonInput.Field> top) {
      JsonInput.Field nameField = top.get("name");
      String name = nameField == null ? defaultName(in.source())
          : in.nonBlank(nameField, "field 'name'");
      Plan.Builder plan = Plan.builder(name);
      JsonInput.Field field = top.get("goal");
      if (field != null) {
        plan.goal(in.text(field, "field 'goal'"));
      }
      field = top.get("mode");
      if (field != null) {
        plan.mode(in.constant(field, "field 'mode'", ExecutionMode.class));
      }
      field = top.get("concurrencyLimit");
      if (field != null) {
        int limit = in.integer(field, "field 'concurrencyLimit'");
        if (limit < 1) {
          throw in.error(field, "field 'concurrencyLimit': must be >= 1, found " + limit);
        }
        plan.concurrencyLimit(limit);
      }
      field = top.get("defaultEstimate");
      if (field != null) {
        Duration estimate = in.duration(field, "field 'defaultEstimate'");
        if (estimate.isNegative()) {
          throw in.error(field, "field 'defaultEstimate': cannot be negative, found " + estimate);
        }
        plan.defaultEstimate(estimate);
      }
      plan.addAll(tasks);
      try {
        return plan.build();
      } catch (CyclicDependencyException e) {
        JsonInput.Field first = taskStarts.get(indexById.get(e.cycle().get(0)));
        throw new PlanFormatException(in.source(), first.line(), first.column(), e.getMessage(), e);
      } catch (IllegalArgumentException e) { // every other check ran above: this is a safety net
        throw new PlanFormatException(in.source(), 0, 0, e.getMessage(), e);
      }
    }

    private void readTasks() throws IOException {
      if (in.currentToken() != JsonToken.START_ARRAY) {
        throw in.error("field 'tasks': expected an array of tasks '[ ... ]', found "
            + JsonInput.describe(in.currentToken()));
      }
      for (JsonToken token = in.next(); token != JsonToken.END_ARRAY; token = in.next()) {
        int index = tasks.size();
        JsonInput.Field start = new JsonInput.Field("tasks[" + index + "]", null, in.line(), in.column());
        Map<String, JsonInput.Field> fields = in.object("tasks[" + index + "]");
        taskStarts.add(start);
        tasks.add(task(index, start, fields));
      }
    }

    private TaskSpec task(int index, JsonInput.Field start, Map<String, JsonInput.Field> fields) {
      JsonInput.Field idField = fields.get("id");
      if (idField == null) {
        throw in.error(start, "tasks[" + index + "]: field 'id' is missing; every task needs a"
            + " unique id");
      }
      String id = in.nonBlank(idField, "tasks[" + index + "], field 'id'");
      String task = "task '" + id + "' (tasks[" + index + "])";
      Integer previous = indexById.putIfAbsent(id, index);
      if (previous != null) {
        JsonInput.Field first = taskStarts.get(previous);
        throw in.error(idField, task + ", field 'id': duplicate id; tasks[" + previous + "] (line "
            + first.line() + ") already uses it, and task ids must be unique within a plan");
      }
      for (JsonInput.Field field : fields.values()) {
        if (!TASK_FIELDS.contains(field.name())) {
          throw in.error(field, task + ": unknown field '" + field.name() + "'; a task's fields are "
              + String.join(", ", sorted(TASK_FIELDS)));
        }
      }
      JsonInput.Field gateField = fields.get("gate");
      boolean gate = gateField != null && in.bool(gateField, task + ", field 'gate'");
      JsonInput.Field nameField = fields.get("name");
      String name = nameField == null ? id : in.text(nameField, task + ", field 'name'");
      TaskAction action = binder.bind(id, name);
      if (action == null) {
        action = ActionBinder.missing(id);
      }
      TaskAction bound = action;
      TaskSpec.Builder builder;
      try {
        builder = gate ? TaskSpec.gate(id, ctx -> {
          bound.run(ctx);
          return true;
        }) : TaskSpec.builder(id).run(action);
      } catch (IllegalArgumentException | NullPointerException e) {
        throw in.error(idField, task + ", field 'id': " + e.getMessage());
      }
      for (JsonInput.Field field : fields.values()) {
        if (!field.name().equals("priority")) { // after "critical", which implies CRITICAL
          apply(builder, field, task);
        }
      }
      JsonInput.Field priority = fields.get("priority");
      if (priority != null) {
        apply(builder, priority, task);
      }
      return builder.build();
    }

    private void apply(TaskSpec.Builder builder, JsonInput.Field field, String task) {
      String where = task + ", field '" + field.name() + "'";
      try {
        set(builder, field, where);
      } catch (PlanFormatException e) {
        throw e;
      } catch (IllegalArgumentException | NullPointerException | IllegalStateException e) {
        throw in.error(field, where + ": " + e.getMessage());
      }
    }

    private void set(TaskSpec.Builder task, JsonInput.Field field, String where) {
      switch (field.name()) {
        case "id", "gate" -> { } // handled first
        case "name" -> task.name(in.text(field, where));
        case "type" -> task.type(TaskType.of(in.text(field, where)));
        case "estimate" -> task.estimate(in.duration(field, where));
        case "critical" -> {
          if (in.bool(field, where)) {
            task.critical();
          }
        }
        case "priority" -> task.priority(in.constant(field, where, Priority.class));
        case "group" -> task.group(in.text(field, where));
        case "tags" -> {
          for (JsonInput.Field tag : elements(field, where)) {
            task.tags(in.text(tag, where.substring(0, where.length() - 1) + "[" + tag.name() + "]'"));
          }
        }
        case "dependencies" -> dependencies(task, field, where);
        case "retry" -> task.retry(retry(field, where));
        case "timeout" -> task.timeout(in.duration(field, where));
        case "stallTimeout" -> task.stallTimeout(in.duration(field, where));
        default -> throw new IllegalStateException("unhandled field " + field.name());
      }
    }

    private void dependencies(TaskSpec.Builder task, JsonInput.Field field, String where) {
      String base = where.substring(0, where.length() - 1);
      for (JsonInput.Field element : elements(field, where)) {
        String at = base + "[" + element.name() + "]";
        JsonNode value = element.value();
        String on;
        DependencyKind kind = DependencyKind.HARD;
        if (value.isTextual()) { // shorthand: "extract" means {"on": "extract", "kind": "hard"}
          on = in.nonBlank(element, at + "'");
        } else if (value.isObject()) {
          for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!entry.getKey().equals("on") && !entry.getKey().equals("kind")) {
              throw in.error(element, at + "': unknown field '" + entry.getKey()
                  + "'; a dependency has the fields on, kind");
            }
          }
          JsonNode onNode = value.get("on");
          if (onNode == null) {
            throw in.error(element, at + ".on' is missing; a dependency names the task it"
                + " comes after");
          }
          on = in.nonBlank(sub(element, onNode), at + ".on'");
          JsonNode kindNode = value.get("kind");
          if (kindNode != null) {
            kind = in.constant(sub(element, kindNode), at + ".kind'", DependencyKind.class);
          }
        } else {
          throw in.error(element, at + "': expected a task id or {\"on\": id, \"kind\": kind},"
              + " found " + JsonInput.describe(value));
        }
        task.after(new Dependency(on, kind));
        dependencies.add(new PendingDependency(on, at + ".on'", element));
      }
    }

    private RetryPolicy retry(JsonInput.Field field, String where) {
      JsonNode value = field.value();
      if (!value.isObject()) {
        throw in.error(field, where + ": expected an object {\"maxAttempts\": ..., ...}, found "
            + JsonInput.describe(value));
      }
      String base = where.substring(0, where.length() - 1);
      Map<String, JsonInput.Field> parts = new HashMap<>();
      for (Map.Entry<String, JsonNode> entry : value.properties()) {
        if (!RETRY_FIELDS.contains(entry.getKey())) {
          throw in.error(field, where + ": unknown field '" + entry.getKey()
              + "'; a retry policy's fields are " + String.join(", ", sorted(RETRY_FIELDS)));
        }
        parts.put(entry.getKey(), new JsonInput.Field(entry.getKey(), entry.getValue(),
            field.line(), field.column()));
      }
      RetryPolicy.Builder retry = RetryPolicy.builder();
      JsonInput.Field part = parts.get("maxAttempts");
      String at = base + ".maxAttempts'";
      if (part != null) {
        retry.maxAttempts(in.integer(part, at));
      }
      Duration delay = parts.containsKey("delay")
          ? in.duration(parts.get("delay"), base + ".delay'") : RetryPolicy.DEFAULT_DELAY;
      Duration maxDelay = parts.containsKey("maxDelay")
          ? in.duration(parts.get("maxDelay"), base + ".maxDelay'")
          : delay.compareTo(RetryPolicy.DEFAULT_MAX_DELAY) > 0 ? delay : RetryPolicy.DEFAULT_MAX_DELAY;
      retry.backoff(delay, maxDelay);
      part = parts.get("multiplier");
      retry.multiplier(part == null ? RetryPolicy.DEFAULT_MULTIPLIER
          : in.number(part, base + ".multiplier'"));
      part = parts.get("jitter");
      if (part != null) {
        retry.jitter(in.number(part, base + ".jitter'"));
      }
      return retry.build();
    }

    private List<JsonInput.Field> elements(JsonInput.Field field, String where) {
      if (!field.value().isArray()) {
        throw in.error(field, where + ": expected an array '[ ... ]', found "
            + JsonInput.describe(field.value()));
      }
      List<JsonInput.Field> elements = new ArrayList<>(field.value().size());
      int i = 0;
      for (JsonNode element : field.value()) {
        elements.add(new JsonInput.Field(Integer.toString(i++), element, field.line(), field.column()));
      }
      return elements;
    }

    private static JsonInput.Field sub(JsonInput.Field parent, JsonNode value) {
      return new JsonInput.Field(parent.name(), value, parent.line(), parent.column());
    }

    private void checkDependencies() {
      for (PendingDependency dependency : dependencies) {
        if (!indexById.containsKey(dependency.on())) {
          throw in.error(dependency.field(), dependency.where() + ": unknown task '"
              + dependency.on() + "'; a dependency must name the id of a task in this plan");
        }
      }
    }

    private static String defaultName(String source) {
      String name = StgFormat.baseName(source);
      return name.isBlank() ? "plan" : name;
    }

    private static List<String> sorted(Set<String> names) {
      return names.stream().sorted().toList();
    }
  }
}
