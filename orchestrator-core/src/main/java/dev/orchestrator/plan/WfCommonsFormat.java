package dev.orchestrator.plan;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.task.TaskSpec;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Imports a workflow trace in WfCommons' WfFormat (JSON), the format of the WfCommons and Pegasus
 * workflow instances.
 *
 * <p>Two layouts are understood. WfFormat 1.4 keeps everything in {@code workflow.tasks[]}: each
 * task has a {@code name} (and usually an {@code id}), {@code parents} and {@code children} (task
 * names or ids) and {@code runtimeInSeconds}. WfFormat 1.5 splits it into {@code
 * workflow.specification.tasks[]} (the graph: {@code id}, {@code name}, {@code parents}, {@code
 * children}) and {@code workflow.execution.tasks[]} ({@code id} and {@code runtimeInSeconds}).
 * Other fields (files, machines, commands) are skipped.
 *
 * <p>A task's plan id is its {@code id} (its {@code name} when it has none), its display name is
 * its {@code name}, its estimate is its runtime, and its {@code category}, when present, becomes a
 * tag. An edge is taken from the child's {@code parents} or the parent's {@code children},
 * whichever lists it; listed twice, it counts once.
 */
public final class WfCommonsFormat {

  private WfCommonsFormat() {}

  /**
   * Reads a WfCommons JSON file.
   *
   * @throws IOException if the file cannot be read
   * @throws PlanFormatException if it is malformed; the message names the file, the line, the task
   *     and the field
   */
  public static Plan read(Path file, ImportOptions options) throws IOException {
    return PlanSources.read(file, StandardCharsets.UTF_8, options, WfCommonsFormat::read);
  }

  /**
   * Reads WfCommons JSON. The reader is not closed.
   *
   * @param source the file the text comes from, for error messages and the default plan name
   * @throws IOException if the reader fails
   * @throws PlanFormatException if the JSON is malformed
   */
  public static Plan read(Reader reader, String source, ImportOptions options) throws IOException {
    PlanSources.check(reader, source);
    Objects.requireNonNull(options, "import options cannot be null");
    try (JsonInput in = JsonInput.open(reader, source)) {
      return new Parse(in, options).plan();
    }
  }

  /** A task as read, before its references are resolved. */
  private record RawTask(String where, String id, String name, String category, Double runtime,
      JsonInput.Field parents, JsonInput.Field children, JsonInput.Field start) {}

  private static final class Parse {
    private final JsonInput in;
    private final ImportOptions options;
    private String name;
    private List<RawTask> tasks; // 1.4 tasks, or 1.5 specification tasks
    private final Map<String, Double> runtimes = new HashMap<>(); // 1.5 execution, by id

    Parse(JsonInput in, ImportOptions options) {
      this.in = in;
      this.options = options;
    }

    Plan plan() throws IOException {
      in.startObject("a WfCommons workflow");
      boolean sawWorkflow = false;
      for (String field = in.nextField(); field != null; field = in.nextField()) {
        switch (field) {
          case "name" -> name = in.nonBlank(in.field(field), "field 'name'");
          case "workflow" -> {
            workflow();
            sawWorkflow = true;
          }
          default -> in.skipValue();
        }
      }
      in.expectEnd();
      if (!sawWorkflow) {
        throw new PlanFormatException(in.source(), 1, 1, "field 'workflow' is missing; a WfCommons"
            + " file has \"workflow\": {\"tasks\": [...]} (WfFormat 1.4) or \"workflow\":"
            + " {\"specification\": {\"tasks\": [...]}, \"execution\": {\"tasks\": [...]}} (1.5)",
            null);
      }
      if (tasks == null) {
        throw new PlanFormatException(in.source(), 1, 1, "the workflow has no task list: expected"
            + " 'workflow.tasks' or 'workflow.specification.tasks'", null);
      }
      return build();
    }

    private void workflow() throws IOException {
      expectObject("field 'workflow'");
      for (String field = in.nextField(); field != null; field = in.nextField()) {
        switch (field) {
          case "tasks" -> tasks = taskList("workflow.tasks", true);
          case "specification" -> {
            expectObject("field 'workflow.specification'");
            for (String inner = in.nextField(); inner != null; inner = in.nextField()) {
              if (inner.equals("tasks")) {
                tasks = taskList("workflow.specification.tasks", false);
              } else {
                in.skipValue();
              }
            }
          }
          case "execution" -> {
            expectObject("field 'workflow.execution'");
            for (String inner = in.nextField(); inner != null; inner = in.nextField()) {
              if (inner.equals("tasks")) {
                executionTasks();
              } else {
                in.skipValue();
              }
            }
          }
          default -> in.skipValue();
        }
      }
    }

    private List<RawTask> taskList(String path, boolean withRuntime) throws IOException {
      if (in.currentToken() != JsonToken.START_ARRAY) {
        throw in.error("field '" + path + "': expected an array of tasks, found "
            + JsonInput.describe(in.currentToken()));
      }
      List<RawTask> list = new ArrayList<>();
      for (JsonToken token = in.next(); token != JsonToken.END_ARRAY; token = in.next()) {
        String at = path + "[" + list.size() + "]";
        JsonInput.Field start = new JsonInput.Field(at, null, in.line(), in.column());
        Map<String, JsonInput.Field> fields = in.object(at);
        JsonInput.Field nameField = fields.get("name");
        JsonInput.Field idField = fields.get("id");
        if (nameField == null && idField == null) {
          throw in.error(start, at + ": the task has neither 'name' nor 'id'");
        }
        String taskName = nameField == null ? null : in.nonBlank(nameField, at + ", field 'name'");
        String id = idField == null ? taskName : in.nonBlank(idField, at + ", field 'id'");
        if (taskName == null) {
          taskName = id;
        }
        String where = "task '" + id + "' (" + at + ")";
        JsonInput.Field categoryField = fields.get("category");
        String category = categoryField == null || categoryField.value().isNull() ? null
            : in.text(categoryField, where + ", field 'category'");
        Double runtime = null;
        JsonInput.Field runtimeField = fields.get("runtimeInSeconds");
        if (runtimeField != null) {
          runtime = runtime(runtimeField, where);
        } else if (withRuntime) {
          throw in.error(start, where + ": field 'runtimeInSeconds' is missing");
        }
        list.add(new RawTask(where, id, taskName, category, runtime, fields.get("parents"),
            fields.get("children"), start));
      }
      return list;
    }

    private void executionTasks() throws IOException {
      if (in.currentToken() != JsonToken.START_ARRAY) {
        throw in.error("field 'workflow.execution.tasks': expected an array, found "
            + JsonInput.describe(in.currentToken()));
      }
      int index = 0;
      for (JsonToken token = in.next(); token != JsonToken.END_ARRAY; token = in.next()) {
        String at = "workflow.execution.tasks[" + index++ + "]";
        JsonInput.Field start = new JsonInput.Field(at, null, in.line(), in.column());
        Map<String, JsonInput.Field> fields = in.object(at);
        JsonInput.Field idField = fields.get("id");
        if (idField == null) {
          throw in.error(start, at + ": field 'id' is missing");
        }
        String id = in.nonBlank(idField, at + ", field 'id'");
        JsonInput.Field runtimeField = fields.get("runtimeInSeconds");
        if (runtimeField == null) {
          throw in.error(start, "task '" + id + "' (" + at + "): field 'runtimeInSeconds' is missing");
        }
        runtimes.put(id, runtime(runtimeField, "task '" + id + "' (" + at + ")"));
      }
    }

    private double runtime(JsonInput.Field field, String where) {
      double seconds = in.number(field, where + ", field 'runtimeInSeconds'");
      if (seconds < 0) {
        throw in.error(field, where + ", field 'runtimeInSeconds': cannot be negative, found "
            + seconds);
      }
      return seconds;
    }

    private Plan build() {
      Map<String, Integer> byId = new HashMap<>();
      Map<String, Integer> byName = new HashMap<>();
      for (int i = 0; i < tasks.size(); i++) {
        RawTask task = tasks.get(i);
        Integer previous = byId.putIfAbsent(task.id(), i);
        if (previous != null) {
          throw in.error(task.start(), task.where() + ": duplicate id; "
              + tasks.get(previous).where() + " (line " + tasks.get(previous).start().line()
              + ") already uses it");
        }
        byName.putIfAbsent(task.name(), i);
      }
      // Edges from both sides, each once, in the order they are first listed.
      List<Map<Integer, Boolean>> parentsOf = new ArrayList<>(tasks.size());
      for (int i = 0; i < tasks.size(); i++) {
        parentsOf.add(new LinkedHashMap<>());
      }
      for (int i = 0; i < tasks.size(); i++) {
        RawTask task = tasks.get(i);
        for (int parent : references(task, task.parents(), "parents", byId, byName)) {
          parentsOf.get(i).putIfAbsent(parent, Boolean.TRUE);
        }
        for (int child : references(task, task.children(), "children", byId, byName)) {
          parentsOf.get(child).putIfAbsent(i, Boolean.TRUE);
        }
      }
      Plan.Builder plan = Plan.builder(name != null ? name : StgFormat.baseName(in.source()));
      for (int i = 0; i < tasks.size(); i++) {
        RawTask raw = tasks.get(i);
        Double seconds = raw.runtime() != null ? raw.runtime() : runtimes.get(raw.id());
        if (seconds == null) {
          throw in.error(raw.start(), raw.where() + ": no runtime; 'workflow.execution.tasks' has no"
              + " entry with id '" + raw.id() + "'");
        }
        try {
          TaskSpec.Builder task = TaskSpec.builder(raw.id())
              .name(raw.name())
              .type(options.type())
              .estimate(Duration.ofNanos(Math.round(seconds * 1e9)))
              .run(options.actionFor(raw.id(), raw.name()));
          if (raw.category() != null && !raw.category().isBlank()) {
            task.tags(raw.category());
          }
          for (int parent : parentsOf.get(i).keySet()) {
            task.after(tasks.get(parent).id());
          }
          plan.add(task.build());
        } catch (IllegalArgumentException e) {
          throw in.error(raw.start(), raw.where() + ": " + e.getMessage());
        }
      }
      try {
        return plan.build();
      } catch (CyclicDependencyException e) {
        RawTask first = tasks.get(byId.get(e.cycle().get(0)));
        throw new PlanFormatException(in.source(), first.start().line(), first.start().column(),
            e.getMessage(), e);
      }
    }

    private List<Integer> references(RawTask task, JsonInput.Field field, String what,
        Map<String, Integer> byId, Map<String, Integer> byName) {
      if (field == null || field.value().isNull()) {
        return List.of();
      }
      String where = task.where() + ", field '" + what + "'";
      if (!field.value().isArray()) {
        throw in.error(field, where + ": expected an array of task names, found "
            + JsonInput.describe(field.value()));
      }
      List<Integer> indices = new ArrayList<>(field.value().size());
      Set<Integer> seen = new HashSet<>();
      int k = 0;
      for (JsonNode element : field.value()) {
        String at = task.where() + ", field '" + what + "[" + k++ + "]'";
        if (!element.isTextual()) {
          throw in.error(field, at + ": expected a task name, found " + JsonInput.describe(element));
        }
        String reference = element.textValue();
        Integer index = byId.get(reference);
        if (index == null) {
          index = byName.get(reference);
        }
        if (index == null) {
          throw in.error(field, at + ": unknown task '" + reference + "'");
        }
        if (seen.add(index)) {
          indices.add(index);
        }
      }
      return indices;
    }

    private void expectObject(String what) {
      if (in.currentToken() != JsonToken.START_OBJECT) {
        throw in.error(what + ": expected an object, found " + JsonInput.describe(in.currentToken()));
      }
    }
  }
}
