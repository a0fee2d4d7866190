package dev.orchestrator.examples.cli;

import dev.orchestrator.plan.ImportOptions;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.TaskType;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The graph file a subcommand works on and how to read it: a mixin shared by every subcommand that
 * loads a plan ({@code plan}, and later {@code simulate}, {@code run}).
 */
public final class GraphFileOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE",
      description = "A plan JSON file, a Kasahara .stg graph or a WfCommons JSON trace.")
  Path file;

  @Option(names = "--time-unit", paramLabel = "DURATION", defaultValue = "1s",
      converter = DurationConverter.class,
      description = "What one time unit stands for: in .stg files, and in --json output"
          + " (e.g. 1s, 500ms, 2min, PT1H; default: ${DEFAULT-VALUE}).")
  Duration timeUnit;

  @Option(names = "--type", paramLabel = "TYPE", converter = TaskTypeConverter.class,
      description = "The task type of imported graphs (.stg, WfCommons), e.g. computation, file-io"
          + " (default: general).")
  TaskType type;

  /** The file as given. */
  public Path file() {
    return file;
  }

  /** What one time unit stands for. */
  public Duration timeUnit() {
    return timeUnit;
  }

  /**
   * Loads the file as a plan.
   *
   * @throws IOException if it cannot be read
   * @throws dev.orchestrator.plan.PlanFormatException if it is malformed
   * @throws ParameterException if an option does not apply to the file's format
   */
  public Plan load() throws IOException {
    try {
      return load(GraphFiles.detect(file));
    } catch (CharacterCodingException e) {
      throw new IOException("cannot read '" + file + "': it is not UTF-8 text", e);
    }
  }

  private Plan load(GraphFiles.Format format) throws IOException {
    if (format == GraphFiles.Format.PLAN_JSON && type != null) {
      throw new ParameterException(spec.commandLine(), "--type applies to imported graphs (.stg,"
          + " WfCommons); the plan JSON file '" + file + "' gives each task its own type");
    }
    ImportOptions options = ImportOptions.defaults().withTimeUnit(timeUnit);
    if (type != null) {
      options = options.withType(type);
    }
    return GraphFiles.load(file, format, options);
  }

  /**
   * {@code d} as a number of {@code unit}s: how the commands print times (see {@code --time-unit}).
   */
  static double inUnits(Duration d, Duration unit) {
    return (double) d.toNanos() / unit.toNanos();
  }
}
