package dev.orchestrator.crash;

import dev.orchestrator.Orchestrator;
import java.nio.file.Path;

/**
 * The process the crash test kills: runs {@link CrashWorkflow} with a journal in the run directory
 * {@code args[0]}, recording executions in {@code args[1]}, {@code args[2]} work per task.
 */
public final class CrashChild {

  private CrashChild() {}

  public static void main(String[] args) {
    Path runDirectory = Path.of(args[0]);
    Path sideFile = Path.of(args[1]);
    try (Orchestrator orchestrator = Orchestrator.builder().agents(16).build()) {
      orchestrator.run(orchestrator.plan(CrashWorkflow.build(sideFile, Integer.parseInt(args[2]))), runDirectory);
    }
    System.out.println("finished"); // the test kills us before this
  }
}
