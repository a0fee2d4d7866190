package dev.orchestrator.examples.scenarios;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.orchestrator.Workflow;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.plan.ExecutionMode;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.TaskContext;
import dev.orchestrator.task.TaskType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The guide's first example: "refactor 50 files to the PEP 8 standard" as a swarm ({@link
 * ExecutionMode#SWARM}: many independent tasks, at most 50 at once). Generated Python files (in the
 * run directory) break the standard in several ways; each task rewrites one file ({@link
 * PythonStyle#fix}: indentation, spacing, comparisons to None, snake_case function names with
 * their calls) and checks it: no violation left, and the same code apart from layout and renames. A
 * last task lints the whole tree and writes the report.
 */
public final class RefactorScenario implements Scenario {

  /** Files when no size is given. */
  public static final int DEFAULT_FILES = 50;

  private static final List<String> PACKAGES = List.of("api", "core", "services", "util", "jobs");
  private static final List<String> NOUNS = List.of("auth", "users", "products", "orders", "billing",
      "search", "reports", "cache", "email", "audit");
  private static final List<String> VERBS = List.of("compute", "parse", "load", "render", "merge",
      "validate", "format", "collect", "build", "apply");
  private static final List<String> THINGS = List.of("Total", "Record", "Config", "Row", "Entries",
      "Input", "Line", "Items", "Query", "Changes");
  // Measured here: rewriting and checking a file of this size takes well under a millisecond.
  private static final Duration PER_FILE = Duration.ofMillis(1);

  @Override
  public String name() {
    return "refactor";
  }

  @Override
  public String description() {
    return "swarm: rewrite generated Python files to a PEP 8 subset and check each";
  }

  @Override
  public int defaultSize() {
    return DEFAULT_FILES;
  }

  @Override
  public String sizeUnit() {
    return "files";
  }

  @Override
  public PreparedScenario prepare(ScenarioSettings settings) throws IOException {
    int count = settings.sizeOr(DEFAULT_FILES);
    Path root = settings.runDir().resolve("project");
    SplittableRandom random = new SplittableRandom(settings.seed());
    Map<String, String> originals = new LinkedHashMap<>();
    int violations = 0;
    for (int i = 0; i < count; i++) {
      String path = "src/" + PACKAGES.get(i % PACKAGES.size()) + "/" + NOUNS.get(i / PACKAGES.size() % NOUNS.size())
          + (i < PACKAGES.size() * NOUNS.size() ? "" : "_" + i / (PACKAGES.size() * NOUNS.size())) + ".py";
      String source = source(i, random);
      Path file = root.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, source, StandardCharsets.UTF_8);
      originals.put(path, source);
      violations += PythonStyle.violations(source).size();
    }
    settings.out().printf(Locale.ROOT, "Project: %,d Python files under %s with %,d violations of the"
        + " standard%n", count, root, violations);
    return new Refactoring(root, originals, settings.runDir());
  }

  /** A module that breaks the standard: indentation by tabs, two or four spaces; camelCase names. */
  static String source(int index, SplittableRandom random) {
    String indent = switch (index % 3) {
      case 0 -> "\t";
      case 1 -> "  ";
      default -> "    ";
    };
    String f1 = VERBS.get(random.nextInt(VERBS.size())) + THINGS.get(random.nextInt(THINGS.size()));
    String f2 = "format" + THINGS.get(random.nextInt(THINGS.size()));
    if (f2.equals(f1)) {
      f2 = "describe" + f1.substring(f1.indexOf(Character.toUpperCase(f1.charAt(0))) + 1);
    }
    String m1 = "add" + THINGS.get(random.nextInt(THINGS.size()));
    String m2 = "render" + THINGS.get(random.nextInt(THINGS.size())) + "s";
    String i1 = indent;
    String i2 = indent.repeat(2);
    String i3 = indent.repeat(3);
    return "import math\nimport os\n"
        + "def " + f1 + "(items,rate):\n"
        + i1 + "total=0\n"
        + i1 + "for item in items:\n"
        + i2 + "if item == None:\n"
        + i3 + "continue\n"
        + i2 + "total += item.price\n"
        + i1 + "return math.floor(total*(1+rate))   \n"
        + "def " + f2 + "(name,value):\n"
        + i1 + "if value != None:\n"
        + i2 + "return name+\": \"+str(value)  \n"
        + i1 + "return os.path.basename(name)\n"
        + "class Report" + index + ":\n"
        + i1 + "def __init__(self,title):\n"
        + i2 + "self.title=title\n"
        + i2 + "self.rows=[]\n"
        + i1 + "def " + m1 + "(self,row):\n"
        + i2 + "self.rows.append(row)\n"
        + i2 + "return len(self.rows)\n"
        + i1 + "def " + m2 + "(self):\n"
        + i2 + "return [" + f2 + "(r.name,r.value) for r in self.rows]";
  }

  /** What one task did to its file. */
  record Rewrite(String file, int violationsBefore, int violationsAfter, Map<String, String> renames,
      boolean sameCode) {}

  /** The refactoring of one project. */
  static final class Refactoring implements PreparedScenario {
    private final Path root;
    private final Map<String, String> originals;
    private final Path runDir;

    Refactoring(Path root, Map<String, String> originals, Path runDir) {
      this.root = root;
      this.originals = originals;
      this.runDir = runDir;
    }

    Path root() {
      return root;
    }

    Map<String, String> originals() {
      return originals;
    }

    @Override
    public Workflow workflow() {
      List<String> files = new ArrayList<>(originals.keySet());
      return Workflow.named(String.format(Locale.ROOT, "refactor %,d files to PEP 8", files.size()))
          .goal("Refactor " + files.size() + " files to the PEP 8 standard")
          .mode(ExecutionMode.SWARM)
          .forEach("refactor", files, (file, t) -> t.name("Refactor " + file).type(TaskType.FILE_IO).estimate(PER_FILE)
              .produce(ctx -> rewrite(ctx, file)))
          .task("lint-all", t -> t.name("Lint the whole tree and report").type(TaskType.FILE_IO).estimate(PER_FILE.multipliedBy(files.size()))
              .after(DependencyKind.DATA, "refactor").run(ctx -> lintAll(ctx, files.size())))
          .build();
    }

    private Rewrite rewrite(TaskContext ctx, String file) throws IOException {
      Path path = root.resolve(file);
      String before = Files.readString(path);
      String after = PythonStyle.fix(before);
      Files.writeString(path, after, StandardCharsets.UTF_8);
      List<String> left = PythonStyle.violations(after);
      boolean same = PythonStyle.sameCode(before, after);
      ctx.criterion("passes the standard", left.isEmpty(), left.isEmpty() ? "0 violations" : left.toString());
      ctx.criterion("same code apart from layout and renames", same, "token comparison");
      if (!left.isEmpty() || !same) {
        throw new IllegalStateException(file + ": the rewrite " + (same ? "left violations " + left
            : "changed the code"));
      }
      ctx.artifact(path);
      return new Rewrite(file, PythonStyle.violations(before).size(), 0, PythonStyle.renames(before), true);
    }

    private void lintAll(TaskContext ctx, int files) throws IOException {
      List<Map<String, Object>> rows = new ArrayList<>();
      int before = 0;
      int left = 0;
      for (int i = 1; i <= files; i++) {
        Rewrite r = ctx.input("refactor-" + i, Rewrite.class);
        int now = PythonStyle.violations(Files.readString(root.resolve(r.file()))).size();
        before += r.violationsBefore();
        left += now;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("file", r.file());
        row.put("violationsBefore", r.violationsBefore());
        row.put("violationsAfter", now);
        row.put("renames", r.renames());
        rows.add(row);
      }
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("files", files);
      json.put("violationsFixed", before - left);
      json.put("violationsLeft", left);
      json.put("perFile", rows);
      Path report = runDir.resolve("refactor-report.json");
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), json);
      ctx.artifact(report);
      if (left > 0) {
        throw new IllegalStateException(left + " violations left in the tree");
      }
    }

    @Override
    public Outcome check(Plan plan, RunReport report) throws IOException {
      int clean = 0;
      int same = 0;
      int changed = 0;
      int before = 0;
      for (Map.Entry<String, String> original : originals.entrySet()) {
        String now = Files.readString(root.resolve(original.getKey()));
        before += PythonStyle.violations(original.getValue()).size();
        clean += PythonStyle.violations(now).isEmpty() ? 1 : 0;
        same += PythonStyle.sameCode(original.getValue(), now) ? 1 : 0;
        changed += now.equals(original.getValue()) ? 0 : 1;
      }
      int n = originals.size();
      Outcome.Builder outcome = Outcome.builder()
          .check(report.mode() == ExecutionMode.SWARM, "ran as a swarm")
          .check(changed == n && clean == n, String.format(Locale.ROOT,
              "%,d of %,d files rewritten; all pass the standard (%,d violations before)", changed, n, before))
          .check(same == n, String.format(Locale.ROOT, "%,d of %,d files hold the same code as before,"
              + " apart from layout and renames", same, n));
      Path file = runDir.resolve("refactor-report.json");
      if (Files.isRegularFile(file)) {
        outcome.file(file);
      }
      outcome.file(root);
      return outcome.build();
    }
  }
}
