package dev.orchestrator.plan;

import dev.orchestrator.task.TaskAction;
import java.util.Map;
import java.util.Objects;

/**
 * Gives the tasks of a loaded plan their actions, which a plan file cannot carry. A plan read by
 * {@link PlanJson#read(java.nio.file.Path, ActionBinder)} (or imported from another format) asks
 * its binder once per task; a task the binder does not bind gets an action that fails, when run,
 * with a message naming the task.
 *
 * <pre>{@code
 * Map<String, TaskAction> actions = Map.of(
 *     "backup", ctx -> backup(),
 *     "report", ctx -> report());
 * Plan plan = PlanJson.read(Path.of("deploy.json"), ActionBinder.byName(actions));
 * }</pre>
 */
@FunctionalInterface
public interface ActionBinder {

  /**
   * The action of a task.
   *
   * @param id the task's id
   * @param name the task's display name (the id unless the file gives another)
   * @return the action, or null if this binder has none for the task
   */
  TaskAction bind(String id, String name);

  /** A binder that binds nothing: for plans that are only analysed, shown or simulated. */
  static ActionBinder unbound() {
    return (id, name) -> null;
  }

  /**
   * Binds by task id first, then by name.
   *
   * @param actions actions by task id or name (copied)
   * @throws NullPointerException if {@code actions} or one of its keys or values is null
   */
  static ActionBinder byName(Map<String, ? extends TaskAction> actions) {
    Objects.requireNonNull(actions, "actions cannot be null");
    Map<String, TaskAction> copy = Map.copyOf(actions);
    return (id, name) -> {
      TaskAction action = copy.get(id);
      return action != null ? action : copy.get(name);
    };
  }

  /**
   * The action given to a task that no binder bound: it fails with a message naming the task.
   *
   * @param id the task's id
   * @return an action that throws {@link IllegalStateException} when run
   */
  static TaskAction missing(String id) {
    return ctx -> {
      throw new IllegalStateException(
          "task '" + id + "' has no action: the plan was loaded from a file and its ActionBinder"
              + " bound nothing to this task; bind one by id or name when reading the plan");
    };
  }
}
