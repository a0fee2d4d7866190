package dev.orchestrator.run;

import dev.orchestrator.plan.Plan;
import java.util.Objects;

/**
 * Starts runs: the engine behind {@code Orchestrator.run(plan)}. Use it directly when the agent
 * count is already decided.
 *
 * <pre>{@code
 * Run run = Engine.start(plan, RunOptions.builder().agents(8).build());
 * RunReport report = run.await();
 * }</pre>
 */
public final class Engine {

  private Engine() {}

  /**
   * Starts running a plan on a new pool of agents and returns at once.
   *
   * @param plan the plan
   * @param options the agents, listeners and policies
   * @return the live run
   */
  public static Run start(Plan plan, RunOptions options) {
    return start(plan, options, EngineClock.system());
  }

  /** {@link #start(Plan, RunOptions)} on another clock: a virtual one, in tests. */
  static Run start(Plan plan, RunOptions options, EngineClock clock) {
    Objects.requireNonNull(plan, "plan cannot be null");
    Objects.requireNonNull(options, "run options cannot be null");
    return new RunExecution(plan, options, null, clock).start();
  }

  /**
   * Resumes a run from its journal in {@code options.runDirectory()}: the tasks the journal says
   * succeeded (and were not rolled back) end SUCCEEDED at once without running, their outputs
   * restored for their DATA dependents; every other task runs. The journal goes on in the same
   * file (the options' journal setting is taken as on), so a resumed run that dies can be resumed
   * again.
   *
   * <pre>{@code
   * RunOptions options = RunOptions.builder().agents(8).runDirectory(Path.of("runs/42"))
   *     .journal(true).build();
   * Run first = Engine.start(plan, options);      // ... the process dies ...
   * Run again = Engine.resume(plan, options);     // in a new process, with the same plan
   * }</pre>
   *
   * @param plan the plan the journal was written for (the same task ids; actions may have changed)
   * @throws IllegalArgumentException if the options name no run directory or it holds no journal
   * @throws JournalFormatException if the journal is damaged before its last line, is of a newer
   *     format, or names a succeeded task the plan does not have
   * @throws java.io.UncheckedIOException if the journal cannot be read or written
   */
  public static Run resume(Plan plan, RunOptions options) {
    Objects.requireNonNull(plan, "plan cannot be null");
    Objects.requireNonNull(options, "run options cannot be null");
    java.nio.file.Path directory = options.runDirectory().orElseThrow(() -> new IllegalArgumentException(
        "resuming needs the run directory: set RunOptions.Builder.runDirectory(directory)"));
    java.nio.file.Path file = directory.resolve(JournalWriter.FILE_NAME);
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new IllegalArgumentException("run directory " + directory + " holds no journal ("
          + JournalWriter.FILE_NAME + "): there is nothing to resume; start the run with a run"
          + " directory to keep a journal");
    }
    JournalReader.Replay replay;
    try {
      replay = JournalReader.read(file, dev.orchestrator.graph.PlanInternals.graph(plan));
    } catch (java.io.IOException e) {
      throw JournalWriter.unchecked("cannot read the run journal " + file, e);
    }
    RunOptions journaled = options.journal() ? options : options.toBuilder().journal(true).build();
    return new RunExecution(plan, journaled, replay, EngineClock.system()).start();
  }
}
