package dev.orchestrator.run;

import dev.orchestrator.graph.TaskGraph;
import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.MessageChannel;
import dev.orchestrator.task.TaskContext;
import dev.orchestrator.task.TaskSpec;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What the two {@link TaskContext}s of a run have in common, an attempt's ({@link AttemptContext})
 * and a compensation's ({@link CompensationContext}): which task of which run they serve, and the
 * parts of the context that read the task and the run alike in both, so that a compensation sees
 * its task's inputs and the run's channel exactly as the task did.
 */
abstract class TaskContextBase implements TaskContext {

  final RunExecution run;
  final int task;
  final TaskSpec spec;

  TaskContextBase(RunExecution run, int task, TaskSpec spec) {
    this.run = run;
    this.task = task;
    this.spec = spec;
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
  public <T> T input(String taskId, Class<T> type) {
    return run.services.input(task, spec.id(), taskId, type);
  }

  @Override
  public <T> List<T> inputs(String block, Class<T> type) {
    Objects.requireNonNull(block, "block cannot be null");
    Objects.requireNonNull(type, "type cannot be null");
    List<String> ids = run.plan().block(block);
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("task '" + spec.id() + "': the plan has no block or task '"
          + block + "'");
    }
    TaskGraph graph = run.graph;
    BitSet data = new BitSet();
    if (task < graph.size()) {
      for (int e = graph.predecessorStart(task); e < graph.predecessorEnd(task); e++) {
        if (graph.predecessorKind(e) == DependencyKind.DATA) {
          data.set(graph.predecessor(e));
        }
      }
    }
    List<T> outputs = new ArrayList<>(ids.size());
    for (String id : ids) {
      int source = graph.indexOf(id);
      if (!data.get(source)) {
        throw new IllegalArgumentException("task '" + spec.id() + "' has no DATA dependency on '"
            + id + "' of block '" + block + "'; declare one with after(DependencyKind.DATA, \""
            + block + "\") to read the block's outputs");
      }
      outputs.add(run.services.outputAs(source, spec.id(), id, type));
    }
    return Collections.unmodifiableList(outputs); // may hold nulls, so not List.copyOf
  }

  @Override
  public MessageChannel channel() {
    return run.services.channel();
  }

  /** Refuses a progress fraction outside [0, 1], naming the task. */
  final void checkProgress(double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException(
          "task '" + spec.id() + "': progress must be within [0, 1]: " + fraction);
    }
  }
}
