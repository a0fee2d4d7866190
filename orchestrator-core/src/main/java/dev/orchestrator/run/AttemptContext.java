package dev.orchestrator.run;

import dev.orchestrator.observe.Artifact;
import dev.orchestrator.observe.Criterion;
import dev.orchestrator.task.TaskContext;
import dev.orchestrator.task.TaskSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The {@link TaskContext} of one attempt of one task. It is the attempt itself ({@link
 * Agent.Attempt} extends it), so that starting a task makes one object, not three.
 */
abstract class AttemptContext extends TaskContextBase {

  final int number;
  Agent agent; // the agent that runs it: set when it starts (a stolen task runs on the thief)
  volatile boolean cancelled;
  volatile long heartbeat;
  volatile double progress;

  AttemptContext(RunExecution run, int task, int number, TaskSpec spec) {
    super(run, task, spec);
    this.number = number;
  }

  @Override
  public int attempt() {
    return number;
  }

  @Override
  public String agentName() {
    return agent.info.name();
  }

  @Override
  public <S> S agentState(Class<S> type) {
    Objects.requireNonNull(type, "type cannot be null");
    Object state = agent.state;
    if (!type.isInstance(state)) {
      throw new IllegalStateException(
          "agent '" + agent.info.name() + "' has no state of type " + type.getName() + " (its"
              + " factory made " + (state == null ? "none" : "a " + state.getClass().getName())
              + "); set one with Orchestrator.builder().agentFactory(...)");
    }
    return type.cast(state);
  }

  @Override
  public void progress(double fraction, String activity) {
    checkProgress(fraction);
    Objects.requireNonNull(activity, "activity cannot be null");
    progress = fraction;
    heartbeat = run.now();
    run.services.progress(spec.id(), fraction, activity);
  }

  @Override
  public void heartbeat() {
    heartbeat = run.now();
  }

  @Override
  public boolean isCancelled() {
    return cancelled || run.cancelRequested;
  }

  @Override
  public String spawn(TaskSpec child) {
    Objects.requireNonNull(child, "child task cannot be null");
    int limit = run.options.spawnDepth();
    int depth = run.services.depth(task);
    if (depth + 1 > limit) {
      throw new IllegalStateException(
          "task '" + spec.id() + "' cannot spawn '" + child.id() + "': the spawn depth limit is "
              + limit + " and '" + spec.id() + "' is at depth " + depth + "; raise it with"
              + " Orchestrator.builder().spawnDepth(n)");
    }
    if (!child.dependencies().isEmpty()) {
      throw new IllegalArgumentException(
          "task '" + spec.id() + "' cannot spawn '" + child.id() + "' with dependencies ("
              + child.dependencies().get(0).on() + "): a spawned task starts at once; spawn it from"
              + " the task it would wait for");
    }
    return run.services.spawn(task, child);
  }

  @Override
  public int depth() {
    return run.services.depth(task);
  }

  @Override
  public void artifact(Path file) {
    Objects.requireNonNull(file, "artifact path cannot be null");
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      long size = 0;
      try (InputStream in = Files.newInputStream(file)) {
        byte[] buffer = new byte[8192];
        for (int read; (read = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, read);
          size += read;
        }
      }
      run.services.artifact(task, new Artifact(file, size, HexFormat.of().formatHex(digest.digest())));
    } catch (IOException e) {
      throw new UncheckedIOException("task '" + spec.id() + "': cannot read artifact " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  @Override
  public void criterion(String criterion, boolean met, String evidence) {
    run.services.criterion(task, new Criterion(criterion, met, evidence));
  }

  @Override
  public String toString() {
    return "TaskContext[" + spec.id() + ", attempt " + number + ", " + agent + "]";
  }
}
