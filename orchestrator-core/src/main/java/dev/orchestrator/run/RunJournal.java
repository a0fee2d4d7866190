package dev.orchestrator.run;

import dev.orchestrator.observe.TaskState;
import dev.orchestrator.task.DependencyKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A run's side of its journal: opening it (new, or continued when resuming), the outputs of the
 * tasks whose DATA dependents need them after a resume, restoring what an earlier run finished,
 * and cancelling the run when the journal cannot be written. Without a journal every call does
 * nothing.
 */
final class RunJournal {

  private final RunExecution run;
  private final JournalReader.Replay replay; // what a resumed run restores, or null
  private JournalWriter writer; // null when the run keeps no journal
  private boolean[] dataSource; // tasks whose output a DATA dependent reads
  private Map<Integer, JournalWriter.Output> outputs; // guarded by the run's lock
  private boolean restoring;

  /**
   * Opens the journal if the options ask for one; before anything else of the run starts.
   *
   * @throws java.io.UncheckedIOException if it cannot be opened
   */
  RunJournal(RunExecution run, JournalReader.Replay replay) {
    this.run = run;
    this.replay = replay;
    if (run.options.journal()) {
      open(run.options.runDirectory().orElseThrow());
    }
  }

  private void open(Path directory) {
    try {
      Consumer<IOException> failed = this::failed;
      JournalSync sync = run.options.journalSync();
      writer = replay == null
          ? JournalWriter.create(directory, sync, failed, run.id, run.clock)
          : JournalWriter.resume(directory.resolve(JournalWriter.FILE_NAME), replay.validLength(),
              replay.needsNewline(), sync, failed, run.id, run.clock);
      writer.start(run.id, run.plan.name(), run.n, replay != null,
          replay == null ? 0 : replay.restored().length);
    } catch (IOException e) {
      throw JournalWriter.unchecked("cannot open the run journal in " + directory, e);
    }
    outputs = new HashMap<>();
    dataSource = new boolean[run.n];
    var graph = run.graph;
    for (int t = 0; t < run.n; t++) {
      for (int e = graph.successorStart(t); e < graph.successorEnd(t); e++) {
        if (graph.successorKind(e) == DependencyKind.DATA) {
          dataSource[t] = true;
          break;
        }
      }
    }
  }

  /** Whether the run restores tasks from an earlier run's journal. */
  boolean restores() {
    return replay != null;
  }

  /** The writer, or null. */
  JournalWriter writer() {
    return writer;
  }

  /** Whether task {@code t}'s output goes into the journal (encode it on the agent's thread). */
  boolean keepsOutput(int t) {
    return dataSource != null && t < run.n && dataSource[t];
  }

  /** Keeps a succeeded task's encoded output for its end line; under the lock. */
  void output(int t, JournalWriter.Output output) {
    if (output != null) {
      outputs.put(t, output);
    }
  }

  /** A task's end line; under the lock. */
  void ended(int t, TaskState state, String why) {
    if (writer != null && !restoring) {
      writer.ended(run.record.id(t), state, run.record.attempts(t), why,
          outputs.isEmpty() ? null : outputs.remove(t));
    }
  }

  /** The tasks the journal says succeeded end SUCCEEDED without running, in journal order. */
  void restore() {
    if (replay == null) {
      return;
    }
    restoring = true;
    try {
      for (int t : replay.restored()) {
        run.services.restored(t, replay.outputs().get(t));
        run.recorder.failureCause.put(t, "succeeded in an earlier run (restored from the journal)");
        run.state.restore(t, 0);
      }
    } finally {
      restoring = false;
    }
  }

  /** The journal cannot be written: cancel, so that the run can be resumed from what it holds. */
  private void failed(IOException e) {
    Thread.ofVirtual().name("orchestrator-journal-failure-" + run.id).start(() -> run.locked(() ->
        run.control.cancelLocked("the run journal " + writer.file() + " could not be written (" + e
            + "); the run was cancelled so that it can be resumed from what the journal holds")));
  }

  /** Writes the closing line and closes the file; without the lock. */
  void finished(dev.orchestrator.observe.RunReport report) {
    if (writer != null) {
      writer.finished(report);
      writer.close();
    }
  }
}
