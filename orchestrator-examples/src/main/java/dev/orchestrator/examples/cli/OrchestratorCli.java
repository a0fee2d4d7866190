package dev.orchestrator.examples.cli;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code orchestrator} command-line tool: {@code plan FILE} shows how a task graph would be laid
 * out and run, {@code simulate FILE --agents N} how long it takes on N agents, and {@code run
 * SCENARIO} runs one of the example scenarios for real. Each subcommand is a class of its own ({@link
 * PlanCommand}, {@link SimulateCommand}, {@link RunCommand}); subcommands that read a graph share
 * {@link GraphFileOptions}.
 *
 * <p>Exit codes: 0 success, 1 the input file could not be read or is malformed, 2 wrong usage
 * (unknown option, bad value). Errors are one line on stderr; {@code --verbose} adds the stack
 * trace.
 */
@Command(
    name = "orchestrator",
    mixinStandardHelpOptions = true,
    versionProvider = OrchestratorCli.Version.class,
    description = "Plans task graphs, shows how they would run on parallel agents, and runs the example scenarios.",
    subcommands = {PlanCommand.class, SimulateCommand.class, RunCommand.class,
        CommandLine.HelpCommand.class})
public final class OrchestratorCli implements Runnable {

  /** Exit code for a file that cannot be read or is malformed. */
  public static final int EXIT_BAD_FILE = 1;
  /** Exit code for wrong usage. */
  public static final int EXIT_USAGE = 2;

  @Spec
  CommandSpec spec;

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "On errors, print the stack trace too.")
  boolean verbose;

  /** Runs the tool and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The tool, ready to {@code execute(args)}: error handling and exit codes set up. Tests set its
   * output and error writers ({@code setOut}, {@code setErr}) to capture what it prints.
   */
  public static CommandLine commandLine() {
    return commandLine(Scaling.measured(), Terminal.system());
  }

  /** The tool with its scaler's probe and cost model given (tests pass fixed ones). */
  static CommandLine commandLine(Scaling scaling) {
    return commandLine(scaling, Terminal.system());
  }

  /** The tool, asking its questions on {@code terminal}. */
  static CommandLine commandLine(Terminal terminal) {
    return commandLine(Scaling.measured(), terminal);
  }

  private static CommandLine commandLine(Scaling scaling, Terminal terminal) {
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        if (type == PlanCommand.class) {
          return type.cast(new PlanCommand(scaling));
        }
        return type == RunCommand.class ? type.cast(new RunCommand(terminal)) : defaults.create(type);
      }
    };
    CommandLine cli = new CommandLine(new OrchestratorCli(), factory);
    cli.setParameterExceptionHandler(OrchestratorCli::usageError);
    cli.setExecutionExceptionHandler(OrchestratorCli::executionError);
    return cli;
  }

  @Override
  public void run() {
    // No subcommand: say what there is.
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'plan FILE' or 'run SCENARIO'");
  }

  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println(cli.getCommandSpec().qualifiedName() + ": " + e.getMessage() + " (see '"
        + cli.getCommandSpec().qualifiedName() + " --help')");
    if (verbose(cli.getParseResult())) {
      e.printStackTrace(err);
    }
    err.flush();
    return EXIT_USAGE;
  }

  private static int executionError(Exception e, CommandLine cli, ParseResult parseResult) {
    PrintWriter err = cli.getErr();
    err.println(cli.getCommandSpec().qualifiedName() + ": " + describe(e));
    if (verbose(parseResult)) {
      e.printStackTrace(err);
    }
    err.flush();
    return EXIT_BAD_FILE;
  }

  /** One line that says what went wrong, without the exception's class unless nothing else helps. */
  static String describe(Throwable e) {
    if (e instanceof NoSuchFileException missing) {
      return "cannot read '" + missing.getFile() + "': no such file";
    }
    if (e instanceof AccessDeniedException denied) {
      return "cannot read '" + denied.getFile() + "': permission denied";
    }
    if (e instanceof java.io.IOException io) {
      String message = io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage();
      return message.startsWith("cannot read") ? message : "cannot read the file: " + message;
    }
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName() + " (run with --verbose for the stack trace)";
    }
    return message.lines().findFirst().orElse(message);
  }

  private static boolean verbose(ParseResult result) {
    for (ParseResult r = result; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** The version from the jar's manifest, when packaged. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = OrchestratorCli.class.getPackage().getImplementationVersion();
      return new String[] {"orchestrator " + (version == null ? "(development build)" : version)};
    }
  }
}
