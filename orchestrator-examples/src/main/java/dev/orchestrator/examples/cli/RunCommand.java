package dev.orchestrator.examples.cli;

import dev.orchestrator.examples.scenarios.BugfixScenario;
import dev.orchestrator.examples.scenarios.CleanupScenario;
import dev.orchestrator.examples.scenarios.DeployScenario;
import dev.orchestrator.examples.scenarios.FullstackScenario;
import dev.orchestrator.examples.scenarios.NovelScenario;
import dev.orchestrator.examples.scenarios.RefactorScenario;
import dev.orchestrator.examples.scenarios.RenameScenario;
import dev.orchestrator.examples.scenarios.Scenario;
import dev.orchestrator.examples.scenarios.ScenarioRunner;
import dev.orchestrator.examples.scenarios.ScenarioSettings;
import dev.orchestrator.examples.scenarios.StgScenario;
import dev.orchestrator.plan.ImportOptions;
import dev.orchestrator.plan.Plan;
import java.nio.charset.CharacterCodingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code orchestrator run SCENARIO}: runs one of the example scenarios for real — prepares
 * its work, prints the plan preview, asks "Execute? (yes/no)", runs it with live progress, checks
 * the real outcome and says where the report is.
 *
 * <p>Confirmation: {@code --yes} executes without asking. Otherwise, when standard input and output
 * are a terminal, the command asks; when they are not (CI, a pipe, {@code mvn exec:exec}) nobody
 * can answer, so it prints the preview and stops with exit code 2 rather than wait or assume yes.
 *
 * <p>Exit codes: 0 executed and every check of the outcome held, or declined at the prompt; 1 a
 * check failed, or the scenario could not be prepared; 2 wrong usage, or not a terminal and no
 * {@code --yes}.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
        "Runs one of the example scenarios for real: preview, confirmation, live progress, checks, report.",
        "",
        "Scenarios:",
        "  deploy     deploy v2 to a fleet behind a real HTTP server (default 2,000 servers)",
        "  rename     rename files in a temporary directory to a new convention (default 100,000)",
        "  cleanup    85-subtask clean-up of a generated repository with 50 agents",
        "  bugfix     8-task bug fix of a generated code base (reproduce, debug, fix, test, docs, commit)",
        "  refactor   swarm: rewrite generated source files to a coding standard (default 50)",
        "  novel      pipeline: plan, write chapters in parallel, review, polish (default 10 chapters)",
        "  fullstack  mesh: frontend, backend and database agree on an API contract while they run",
        "  stg FILE   run a task graph file (.stg, WfCommons, plan JSON) with sleeping tasks",
        ""})
final class RunCommand implements Callable<Integer> {

  /** Exit code when a check of the outcome failed. */
  static final int EXIT_CHECK_FAILED = 1;

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

  private final Terminal terminal;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SCENARIO",
      description = "deploy, rename, cleanup, bugfix, refactor, novel, fullstack or stg.")
  String scenario;

  @Parameters(index = "1", arity = "0..1", paramLabel = "FILE",
      description = "For stg: the task graph file.")
  Path file;

  @Option(names = "--size", paramLabel = "N",
      description = "How big: servers (deploy), files (rename, refactor), chapters (novel).")
  Integer size;

  @Option(names = "--agents", paramLabel = "N",
      description = "Run on exactly N agents (default: the orchestrator decides; cleanup: 50).")
  Integer agents;

  @Option(names = {"--yes", "-y"}, description = "Execute without asking.")
  boolean yes;

  @Option(names = "--run-dir", paramLabel = "DIR",
      description = "Where outputs and the report go (default: runs/SCENARIO-TIMESTAMP).")
  Path runDir;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "" + ScenarioSettings.DEFAULT_SEED,
      description = "Seed of faults and generated content (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--failure-rate", paramLabel = "RATE", defaultValue = "0.01",
      description = "deploy: share of servers whose deployment fails for good (default: ${DEFAULT-VALUE}).")
  double failureRate;

  @Option(names = "--transient-rate", paramLabel = "RATE", defaultValue = "0.03",
      description = "deploy: share of servers whose first deploy is refused (default: ${DEFAULT-VALUE}).")
  double transientRate;

  @Option(names = "--region-fault", paramLabel = "REGION=RATE",
      description = "deploy: extra failure rate in a region, e.g. eu-central=0.2 (repeatable).")
  Map<String, Double> regionFaults = Map.of();

  @Option(names = "--latency", paramLabel = "DURATION", defaultValue = "20ms",
      converter = DurationConverter.class,
      description = "deploy: how long a deploy or rollback takes server side (default: ${DEFAULT-VALUE}).")
  Duration latency;

  @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "200",
      description = "deploy: the most requests the fleet serves at once (default: ${DEFAULT-VALUE}).")
  int maxInFlight;

  @Option(names = "--unit-ms", paramLabel = "N", defaultValue = "10",
      description = "stg: real milliseconds per time unit of the file (a second for plan JSON and"
          + " WfCommons; default: ${DEFAULT-VALUE}).")
  int unitMs;

  RunCommand() {
    this(Terminal.system());
  }

  RunCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    Scenario chosen = scenario();
    checkOptions(chosen);
    PrintWriter out = spec.commandLine().getOut();
    Path dir = runDirectory();
    ScenarioSettings settings = new ScenarioSettings(size == null ? 0 : size, agents == null ? 0 : agents,
        dir, seed, out);
    boolean[] refused = {false};
    ScenarioRunner.Result result = ScenarioRunner.run(chosen, settings, plan -> {
      if (yes) {
        return true;
      }
      if (!terminal.interactive()) {
        refused[0] = true;
        out.flush();
        spec.commandLine().getErr().println(spec.qualifiedName() + ": not executed: standard input is"
            + " not a terminal, so nobody can answer 'Execute? (yes/no)'; run again with --yes to"
            + " execute");
        return false;
      }
      return ask(out);
    });
    out.flush();
    if (refused[0]) {
      return OrchestratorCli.EXIT_USAGE;
    }
    return !result.executed() || result.passed() ? 0 : EXIT_CHECK_FAILED;
  }

  private boolean ask(PrintWriter out) {
    out.flush();
    while (true) {
      String answer = terminal.readLine("Execute? (yes/no) ");
      if (answer == null) {
        return false;
      }
      switch (answer.strip().toLowerCase(Locale.ROOT)) {
        case "yes", "y" -> {
          return true;
        }
        case "no", "n" -> {
          return false;
        }
        default -> out.println("Please answer yes or no.");
      }
      out.flush();
    }
  }

  private Scenario scenario() throws IOException {
    String name = scenario.toLowerCase(Locale.ROOT);
    if (file != null && !name.equals("stg")) {
      throw usage("scenario '" + scenario + "' takes no file; only 'stg FILE' does");
    }
    return switch (name) {
      case "deploy" -> new DeployScenario(new DeployScenario.Options(failureRate, transientRate,
          regionFaults, latency, maxInFlight));
      case "rename" -> new RenameScenario();
      case "cleanup" -> new CleanupScenario();
      case "bugfix" -> new BugfixScenario();
      case "refactor" -> new RefactorScenario();
      case "novel" -> new NovelScenario();
      case "fullstack" -> new FullstackScenario();
      case "stg" -> stg();
      default -> throw usage("unknown scenario '" + scenario + "'; the scenarios are deploy, rename,"
          + " cleanup, bugfix, refactor, novel, fullstack and stg FILE");
    };
  }

  private Scenario stg() throws IOException {
    if (file == null) {
      throw usage("scenario 'stg' needs a FILE: a .stg graph, a WfCommons trace or a plan JSON file");
    }
    if (unitMs < 1) {
      throw usage("--unit-ms must be at least 1, got " + unitMs);
    }
    Plan graph;
    try {
      graph = GraphFiles.load(file, GraphFiles.detect(file), ImportOptions.defaults());
    } catch (CharacterCodingException e) {
      throw new IOException("cannot read '" + file + "': it is not UTF-8 text", e);
    }
    return new StgScenario(graph, file.toString(), Duration.ofMillis(unitMs));
  }

  private void checkOptions(Scenario chosen) {
    if (size != null) {
      if (size < 1) {
        throw usage("--size must be at least 1, got " + size);
      }
      if (chosen.defaultSize() == 0) {
        throw usage("scenario '" + chosen.name() + "' has a fixed size; --size applies to deploy,"
            + " rename, refactor and novel");
      }
    }
    if (agents != null && agents < 1) {
      throw usage("--agents must be at least 1, got " + agents);
    }
    if (!(failureRate >= 0 && failureRate <= 1)) {
      throw usage("--failure-rate must be within [0, 1], got " + failureRate);
    }
    if (!(transientRate >= 0 && transientRate <= 1)) {
      throw usage("--transient-rate must be within [0, 1], got " + transientRate);
    }
    if (maxInFlight < 1) {
      throw usage("--max-in-flight must be at least 1, got " + maxInFlight);
    }
  }

  private Path runDirectory() throws IOException {
    if (runDir != null) {
      if (Files.isDirectory(runDir)) {
        try (Stream<Path> entries = Files.list(runDir)) {
          if (entries.findAny().isPresent()) {
            throw usage("the run directory '" + runDir + "' is not empty; choose another with --run-dir");
          }
        }
      } else if (Files.exists(runDir)) {
        throw usage("the run directory '" + runDir + "' is a file; choose a directory with --run-dir");
      }
      return runDir;
    }
    String base = scenario.toLowerCase(Locale.ROOT) + "-" + LocalDateTime.now().format(STAMP);
    Path dir = Path.of("runs", base);
    for (int i = 2; Files.exists(dir); i++) {
      dir = Path.of("runs", base + "-" + i);
    }
    return dir;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
