package dev.orchestrator.cluster;

import com.hazelcast.map.IMap;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.Dependency;
import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.MessageChannel;
import dev.orchestrator.task.TaskContext;
import dev.orchestrator.task.TaskSpec;
import java.nio.file.Path;

/**
 * A task's context on a cluster member: its inputs are read from the cluster (the DATA dependency's
 * recorded output); there is no per-agent state, no spawning and no mesh channel in a cluster run,
 * and artifacts and criteria are not collected (the calls are accepted and do nothing).
 */
final class ClusterTaskContext implements TaskContext {

  private final Plan plan;
  private final TaskSpec spec;
  private final int attempt;
  private final String member;
  private final IMap<String, TaskRecord> tasks;

  ClusterTaskContext(Plan plan, TaskSpec spec, int attempt, String member,
      IMap<String, TaskRecord> tasks) {
    this.plan = plan;
    this.spec = spec;
    this.attempt = attempt;
    this.member = member;
    this.tasks = tasks;
  }

  @Override
  public String taskId() {
    return spec.id();
  }

  @Override
  public String taskName() {
    return spec.name();
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public String agentName() {
    return member + "/" + Thread.currentThread().getName();
  }

  @Override
  public <T> T input(String taskId, Class<T> type) {
    java.util.Objects.requireNonNull(taskId, "task id cannot be null");
    java.util.Objects.requireNonNull(type, "type cannot be null");
    boolean declared = false;
    for (Dependency d : plan.dependenciesOf(spec.id())) {
      declared |= d.kind() == DependencyKind.DATA && d.on().equals(taskId);
    }
    if (!declared) {
      throw new IllegalArgumentException(
          "task '" + spec.id() + "' has no DATA dependency on '" + taskId + "'; declare one with"
              + " after(DependencyKind.DATA, \"" + taskId + "\") to read its output");
    }
    TaskRecord source = tasks.get(taskId);
    Object output = source == null ? null : source.output();
    if (output != null && !type.isInstance(output)) {
      throw new IllegalArgumentException("task '" + spec.id() + "': the output of '" + taskId
          + "' is a " + output.getClass().getName() + ", not a " + type.getName());
    }
    return type.cast(output);
  }

  @Override
  public <T> java.util.List<T> inputs(String block, Class<T> type) {
    java.util.Objects.requireNonNull(block, "block cannot be null");
    java.util.List<String> ids = plan.block(block);
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("task '" + spec.id() + "': the plan has no block or task '"
          + block + "'");
    }
    java.util.List<T> outputs = new java.util.ArrayList<>(ids.size());
    for (String id : ids) {
      outputs.add(input(id, type));
    }
    return java.util.Collections.unmodifiableList(outputs);
  }

  @Override
  public <S> S agentState(Class<S> type) {
    throw new IllegalStateException("task '" + spec.id() + "': agents of a cluster run have no"
        + " per-agent state; make it per member (a static holder) instead");
  }

  @Override
  public void progress(double fraction, String activity) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException(
          "task '" + spec.id() + "': progress must be within [0, 1]: " + fraction);
    }
  }

  @Override
  public void heartbeat() {}

  @Override
  public boolean isCancelled() {
    return false;
  }

  @Override
  public String spawn(TaskSpec child) {
    throw new UnsupportedOperationException(
        "task '" + spec.id() + "': a task of a cluster run cannot spawn children");
  }

  @Override
  public int depth() {
    return 0;
  }

  @Override
  public void artifact(Path file) {}

  @Override
  public void criterion(String criterion, boolean met, String evidence) {}

  @Override
  public MessageChannel channel() {
    throw new UnsupportedOperationException(
        "task '" + spec.id() + "': a cluster run has no mesh channel");
  }
}
