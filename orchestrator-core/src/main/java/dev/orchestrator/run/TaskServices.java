package dev.orchestrator.run;

import dev.orchestrator.observe.Artifact;
import dev.orchestrator.observe.Criterion;
import dev.orchestrator.observe.RunEvent;
import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.TaskSpec;
import java.util.Objects;

/**
 * What a task's context asks of its run: the outputs of its DATA dependencies, the run's message
 * channel, spawning children, its depth in the spawn tree, progress, artifacts and criteria. Each
 * call takes the run's lock for as long as it needs it, and only that long: tasks call in from their
 * agents' threads.
 */
final class TaskServices {

  private final RunExecution run;
  private Object[] outputs; // guarded by the run's lock
  private RunChannel channel; // made on first use

  TaskServices(RunExecution run) {
    this.run = run;
    this.outputs = new Object[Math.max(1, run.n)];
  }

  /** A task's spec; spawned tasks carry their {@code parent/child} id. Under the lock. */
  TaskSpec spec(int t) {
    return run.state.spec(t);
  }

  /** A task's id; takes the lock. */
  String taskId(int t) {
    return run.locked(() -> run.record.id(t));
  }

  /** Keeps a succeeded plan task's output for its DATA dependents; under the lock. */
  void succeeded(int t, Object output) {
    if (t < run.n) {
      outputs[t] = output;
    }
  }

  /** The outputs of the plan's tasks, for the report; under the lock once the run is over. */
  Object[] outputs() {
    return run.n == 0 ? new Object[0] : outputs;
  }

  /** A task restored from the journal, with its output as the journal kept it. */
  void restored(int t, Object output) {
    outputs[t] = output;
  }

  private Object outputOf(int t) {
    return run.locked(() -> outputs[t]);
  }

  /**
   * The output of {@code sourceId}, a DATA dependency of task {@code t}, as {@code type}; see
   * {@code TaskContext.input}.
   */
  <T> T input(int t, String taskId, String sourceId, Class<T> type) {
    Objects.requireNonNull(sourceId, "task id cannot be null");
    Objects.requireNonNull(type, "type cannot be null");
    var graph = run.graph;
    int source = -1;
    if (t < run.n) {
      for (int e = graph.predecessorStart(t); e < graph.predecessorEnd(t); e++) {
        int p = graph.predecessor(e);
        if (graph.predecessorKind(e) == DependencyKind.DATA && graph.id(p).equals(sourceId)) {
          source = p;
          break;
        }
      }
    }
    if (source < 0) {
      throw new IllegalArgumentException(
          "task '" + taskId + "' has no DATA dependency on '" + sourceId + "'; declare one with"
              + " after(DependencyKind.DATA, \"" + sourceId + "\") to read its output");
    }
    return outputAs(source, taskId, sourceId, type);
  }

  /** The output of task {@code source} as {@code type}, for {@code taskId}, which reads it. */
  <T> T outputAs(int source, String taskId, String sourceId, Class<T> type) {
    Object output = outputOf(source);
    if (output instanceof JournaledOutput restored) {
      return restored.as(type, taskId, sourceId);
    }
    if (output != null && !type.isInstance(output)) {
      throw new IllegalArgumentException(
          "task '" + taskId + "': the output of '" + sourceId + "' is a "
              + output.getClass().getName() + ", not a " + type.getName());
    }
    return type.cast(output);
  }

  RunChannel channel() {
    run.lock.lock();
    try {
      if (channel == null) {
        channel = new RunChannel();
      }
      return channel;
    } finally {
      run.lock.unlock();
    }
  }

  /** Adds a child of a running task; see {@code TaskContext.spawn} and {@code RunState.spawn}. */
  String spawn(int parent, TaskSpec child) {
    run.lock.lock();
    try {
      int before = run.state.size();
      int t = run.state.spawn(parent, child, run.now());
      String childId = run.state.id(t);
      if (t < before) {
        return childId; // a retried parent spawning again gets the child it already has
      }
      if (run.state.spec(t).stallTimeout().isPresent()) {
        run.timers.watchStalls(StallWatch.MAX_PERIOD);
      }
      int index = run.record.addTask(childId, run.record.id(parent));
      if (index != t) {
        throw new IllegalStateException("report index " + index + " != task index " + t);
      }
      run.recorder.totalCount++;
      run.recorder.pendingCount++;
      run.claims.grow(t);
      run.pool.wakeIdle(0);
      return childId;
    } finally {
      run.lock.unlock();
    }
  }

  int depth(int t) {
    return run.locked(() -> run.dispatcher.depth(t));
  }

  void progress(String taskId, double fraction, String activity) {
    if (run.events != null) {
      run.events.post(new RunEvent.TaskProgress(run.id, run.timeNow(), taskId, fraction, activity));
    }
  }

  void artifact(int t, Artifact artifact) {
    run.locked(() -> run.record.artifact(t, artifact));
  }

  void criterion(int t, Criterion criterion) {
    run.locked(() -> run.record.criterion(t, criterion));
  }
}
