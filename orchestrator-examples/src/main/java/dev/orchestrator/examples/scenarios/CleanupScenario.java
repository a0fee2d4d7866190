package dev.orchestrator.examples.scenarios;

import dev.orchestrator.Orchestrator;
import dev.orchestrator.Workflow;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.plan.PlanPreview;
import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.TaskContext;
import dev.orchestrator.task.TaskType;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The clean-up scenario: "clean up this repo using 50 parallel agents". A generated monorepo (in
 * the run directory) gets 85 clean-up subtasks — 20 duplicates removed, 15 documents
 * consolidated into {@code docs/}, 10 build files brought to the dependency catalog, 25 sources
 * reformatted, 10 sources refactored onto a shared helper, 5 READMEs updated — between a safety
 * commit and a final commit (both critical), with three analysis tasks before and five
 * verification tasks after (compiling the code and running checks on it with the JDK's compiler).
 *
 * <p>The agent count is the user's, honoured exactly: 50 unless {@code --agents} says otherwise.
 * Needs {@code git} on the PATH.
 */
public final class CleanupScenario implements Scenario {

  /** The user's override, as the goal asks: "using 50 parallel agents". */
  public static final int DEFAULT_AGENTS = 50;

  // Measured here on the generated repository: the file tasks take about a millisecond; compiling
  // and exercising the 36 sources takes about a second on a warm JVM.
  private static final Duration FILE_TASK = Duration.ofMillis(2);
  private static final Duration ANALYSIS = Duration.ofMillis(10);
  private static final Duration GIT = Duration.ofMillis(30);
  private static final Duration COMPILE = Duration.ofSeconds(1);

  @Override
  public String name() {
    return "cleanup";
  }

  @Override
  public String description() {
    return "85-subtask clean-up of a generated repository with 50 agents (the user's count, honoured)";
  }

  @Override
  public PreparedScenario prepare(ScenarioSettings settings) throws IOException, InterruptedException {
    Git.require("cleanup");
    Path root = settings.runDir().resolve("repo");
    CleanupRepository repo = CleanupRepository.generate(root);
    Git.run(root, "init", "-q");
    int agents = settings.agents() > 0 ? settings.agents() : DEFAULT_AGENTS;
    settings.out().printf(Locale.ROOT, "Repository: %s (%d files, a git repository with nothing committed"
        + " yet)%nUser override: %d agents%n", root, CleanupRepository.files(root).size(), agents);
    return new Cleanup(repo, agents, settings.runDir());
  }

  /** A confirmed duplicate: the file it copies, and the content hash the scan saw. */
  record Copy(String original, String sha256) {}

  /** What scan-duplicates found: each candidate that is a byte-identical copy. */
  record Duplicates(Map<String, Copy> copies) {}

  /** What analyze-docs decided: where each document goes and its title. */
  record DocPlan(Map<String, String> targets, Map<String, String> titles) {}

  /** The clean-up of one repository. */
  static final class Cleanup implements PreparedScenario {
    private final CleanupRepository repo;
    private final Path root;
    private final int agents;
    private final Path runDir;

    Cleanup(CleanupRepository repo, int agents, Path runDir) {
      this.repo = repo;
      this.root = repo.root();
      this.agents = agents;
      this.runDir = runDir;
    }

    CleanupRepository repository() {
      return repo;
    }

    @Override
    public void configure(Orchestrator.Builder orchestrator) {
      orchestrator.agents(agents);
    }

    @Override
    public Workflow workflow() {
      List<String> work = List.of("dedupe", "consolidate", "update-deps", "lint", "refactor", "readme");
      return Workflow.named("clean up the repository")
          .goal("Clean up and enhance the navigability of this repository using " + agents + " parallel agents")
          .task("backup", t -> t.name("Backup commit before the clean-up").critical().type(TaskType.FILE_IO)
              .estimate(GIT).run(ctx -> commit(ctx, "Backup before cleanup")))
          // Analysis
          .task("scan-duplicates", t -> t.name("Scan for duplicate files").type(TaskType.FILE_IO)
              .estimate(ANALYSIS).after("backup").produce(ctx -> scanDuplicates()))
          .task("analyze-docs", t -> t.name("Analyse the documentation").type(TaskType.FILE_IO)
              .estimate(ANALYSIS).after("backup").produce(ctx -> analyzeDocs()))
          .task("check-dependencies", t -> t.name("Check the dependency catalog").type(TaskType.FILE_IO)
              .estimate(ANALYSIS).after("backup").produce(ctx -> catalog()))
          // File operations
          .forEach("dedupe", repo.duplicates(), (file, t) -> t.name("Remove duplicate " + file)
              .type(TaskType.FILE_IO).estimate(FILE_TASK).after(DependencyKind.DATA, "scan-duplicates")
              .after("analyze-docs", "check-dependencies")
              .run(ctx -> dedupe(ctx, file)))
          .forEach("consolidate", repo.docs(), (doc, t) -> t.name("Move " + doc + " to docs/")
              .type(TaskType.FILE_IO).estimate(FILE_TASK).after(DependencyKind.DATA, "analyze-docs")
              .after("scan-duplicates", "check-dependencies") // the scan hashes a tree nobody changes
              .run(ctx -> consolidate(ctx, doc)))
          .forEach("update-deps", repo.buildFiles(), (file, t) -> t.name("Update dependencies of " + file)
              .type(TaskType.FILE_IO).estimate(FILE_TASK).after(DependencyKind.DATA, "check-dependencies")
              .after("scan-duplicates", "analyze-docs")
              .run(ctx -> updateDependencies(ctx, file)))
          // Code quality
          .forEach("lint", repo.lintFiles(), (file, t) -> t.name("Reformat " + file)
              .type(TaskType.FILE_IO).estimate(FILE_TASK).after("scan-duplicates", "analyze-docs", "check-dependencies")
              .run(ctx -> lint(ctx, file)))
          .forEach("refactor", repo.refactorFiles(), (file, t) -> t.name("Use the shared check in " + file)
              .type(TaskType.FILE_IO).estimate(FILE_TASK).after("scan-duplicates", "analyze-docs", "check-dependencies")
              .run(ctx -> refactor(ctx, file)))
          // Documentation: once the documents have moved and the duplicates are gone
          .forEach("readme", repo.readmes(), (readme, t) -> t.name("Update " + readme)
              .type(TaskType.FILE_IO).estimate(FILE_TASK)
              .after(DependencyKind.DATA, "analyze-docs", "scan-duplicates").after("consolidate", "dedupe")
              .run(ctx -> updateReadme(ctx, readme)))
          // Verification
          .task("verify-build", t -> t.name("Compile and test the modules").type(TaskType.COMPUTATION)
              .estimate(COMPILE).after(work.toArray(String[]::new)).run(this::verifyBuild))
          .task("verify-format", t -> t.name("Check the formatting standard").type(TaskType.FILE_IO)
              .estimate(ANALYSIS).after(work.toArray(String[]::new)).run(ctx -> expectNone(ctx,
                  "every source follows the formatting standard", formatProblems())))
          .task("verify-links", t -> t.name("Check the READMEs' links").type(TaskType.FILE_IO)
              .estimate(ANALYSIS).after(work.toArray(String[]::new)).run(ctx -> expectNone(ctx,
                  "every README link resolves", linkProblems())))
          .task("verify-dependencies", t -> t.name("Check the dependency versions").type(TaskType.FILE_IO)
              .estimate(ANALYSIS).after(work.toArray(String[]::new)).run(ctx -> expectNone(ctx,
                  "every module uses the catalog's versions", dependencyProblems())))
          .task("verify-structure", t -> t.name("Check the structure").type(TaskType.FILE_IO)
              .estimate(ANALYSIS).after(work.toArray(String[]::new)).run(ctx -> expectNone(ctx,
                  "no duplicates, every document in docs/", structureProblems())))
          .task("commit", t -> t.name("Final commit").critical().type(TaskType.FILE_IO).estimate(GIT)
              .after("verify-build", "verify-format", "verify-links", "verify-dependencies", "verify-structure")
              .run(ctx -> commit(ctx, "Clean up: " + repo.duplicates().size() + " duplicates removed, "
                  + repo.docs().size() + " documents consolidated, " + repo.buildFiles().size()
                  + " build files updated, " + (repo.lintFiles().size() + repo.refactorFiles().size())
                  + " sources tidied, " + repo.readmes().size() + " READMEs updated")))
          .build();
    }

    // ----------------------------------------------------------------------------- actions

    private void commit(TaskContext ctx, String message) throws IOException, InterruptedException {
      Git.run(root, "add", "-A");
      Git.run(root, "commit", "-q", "-m", message);
      String head = Git.run(root, "rev-parse", "--short", "HEAD").strip();
      ctx.criterion("committed: " + message, true, "commit " + head);
    }

    /** Each candidate that is a byte-identical copy of another file. */
    private Duplicates scanDuplicates() throws IOException {
      Map<String, Copy> copies = new LinkedHashMap<>();
      for (List<String> group : CleanupRepository.identicalFiles(root)) {
        String original = group.stream().filter(f -> !repo.duplicates().contains(f)).findFirst().orElse(null);
        for (String file : group) {
          if (original != null && repo.duplicates().contains(file)) {
            copies.put(file, new Copy(original, CleanupRepository.sha256(root.resolve(file))));
          }
        }
      }
      return new Duplicates(copies);
    }

    private DocPlan analyzeDocs() throws IOException {
      Map<String, String> targets = new LinkedHashMap<>();
      Map<String, String> titles = new LinkedHashMap<>();
      for (String doc : repo.docs()) {
        String title = CleanupRepository.title(Files.readString(root.resolve(doc)));
        String target = CleanupRepository.docTarget(title);
        if (targets.containsValue(target)) {
          throw new IllegalStateException("two documents would both become " + target);
        }
        targets.put(doc, target);
        titles.put(doc, title);
      }
      return new DocPlan(targets, titles);
    }

    private Map<String, String> catalog() throws IOException {
      java.util.Properties catalog = new java.util.Properties();
      try (var in = Files.newBufferedReader(root.resolve(CleanupRepository.CATALOG))) {
        catalog.load(in);
      }
      Map<String, String> versions = new LinkedHashMap<>();
      catalog.stringPropertyNames().stream().sorted().forEach(k -> versions.put(k, catalog.getProperty(k)));
      return versions;
    }

    private void dedupe(TaskContext ctx, String file) throws IOException {
      Copy copy = ctx.input("scan-duplicates", Duplicates.class).copies().get(file);
      if (copy == null) {
        throw new IllegalStateException(file + " is not a byte-identical copy of any other file; kept");
      }
      // The original may be tidied meanwhile; the copy must still be what the scan compared.
      String now = CleanupRepository.sha256(root.resolve(file));
      if (!now.equals(copy.sha256())) {
        throw new IllegalStateException(file + " changed since the scan found it a copy of "
            + copy.original() + "; kept");
      }
      Files.delete(root.resolve(file));
      deleteEmptyParents(root.resolve(file).getParent());
      ctx.criterion("removed a copy of " + copy.original(), true, file + " sha256 " + now);
    }

    private void consolidate(TaskContext ctx, String doc) throws IOException {
      DocPlan plan = ctx.input("analyze-docs", DocPlan.class);
      String content = Files.readString(root.resolve(doc));
      String target = plan.targets().get(doc);
      Path file = root.resolve(target);
      Files.createDirectories(file.getParent());
      Files.writeString(file, "# " + plan.titles().get(doc) + "\n\n" + CleanupRepository.body(content)
          + "\n\n_Moved from `" + doc + "`._\n", StandardCharsets.UTF_8);
      Files.delete(root.resolve(doc));
      deleteEmptyParents(root.resolve(doc).getParent());
      ctx.artifact(file);
    }

    @SuppressWarnings("unchecked")
    private void updateDependencies(TaskContext ctx, String buildFile) throws IOException {
      Map<String, String> versions = ctx.input("check-dependencies", Map.class);
      Path file = root.resolve(buildFile);
      StringBuilder out = new StringBuilder();
      int changed = 0;
      for (String line : Files.readAllLines(file)) {
        int eq = line.indexOf('=');
        if (line.startsWith("dependency.") && eq > 0) {
          String name = line.substring("dependency.".length(), eq);
          String current = versions.get(name);
          if (current == null) {
            throw new IllegalStateException(buildFile + ": " + name + " is not in the catalog");
          }
          if (!line.substring(eq + 1).equals(current)) {
            changed++;
          }
          line = "dependency." + name + "=" + current;
        }
        out.append(line).append('\n');
      }
      Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
      ctx.criterion("dependencies match the catalog", true, changed + " versions updated in " + buildFile);
    }

    private void lint(TaskContext ctx, String file) throws IOException {
      Path path = root.resolve(file);
      String before = Files.readString(path);
      String after = JavaStyle.fix(before);
      Files.writeString(path, after, StandardCharsets.UTF_8);
      List<String> left = JavaStyle.violations(after);
      ctx.criterion("follows the formatting standard", left.isEmpty(),
          JavaStyle.violations(before).size() + " violations fixed, " + left.size() + " left");
      if (!left.isEmpty()) {
        throw new IllegalStateException(file + " still breaks the standard: " + left);
      }
    }

    private static final Pattern OWN_HELPER = Pattern.compile(
        "\\n  private static String requireNonBlank\\(String value, String name\\) \\{\\n(?:    .*\\n|\\n)*?  }\\n");
    private static final Pattern CALL = Pattern.compile("(?<![.\\w])requireNonBlank\\(");

    private void refactor(TaskContext ctx, String file) throws IOException {
      Path path = root.resolve(file);
      String source = Files.readString(path);
      Matcher helper = OWN_HELPER.matcher(source);
      if (!helper.find()) {
        throw new IllegalStateException(file + " has no private copy of requireNonBlank to replace");
      }
      String refactored = CALL.matcher(helper.replaceFirst("")).replaceAll("Checks.requireNonBlank(")
          .replaceFirst("(?m)^import ", "import com.acme.shared.Checks;\nimport ");
      Files.writeString(path, refactored, StandardCharsets.UTF_8);
      ctx.criterion("uses com.acme.shared.Checks instead of a private copy", true, file);
    }

    private void updateReadme(TaskContext ctx, String readme) throws IOException {
      DocPlan plan = ctx.input("analyze-docs", DocPlan.class);
      Map<String, Copy> removed = ctx.input("scan-duplicates", Duplicates.class).copies();
      Path file = root.resolve(readme);
      Path dir = file.getParent();
      StringBuilder out = new StringBuilder();
      for (String line : Files.readString(file).split("\n")) {
        if (line.startsWith("## Contents")) {
          break; // regenerated below
        }
        Matcher link = CleanupRepository.LINK.matcher(line);
        StringBuilder rewritten = new StringBuilder();
        boolean drop = false;
        while (link.find()) {
          String target = relative(root.relativize(dir.resolve(link.group(2)).normalize()));
          if (removed.containsKey(target)) {
            drop = true; // a link to a duplicate that is gone
            break;
          }
          String moved = plan.targets().get(target);
          String replacement = moved == null ? link.group()
              : "[" + plan.titles().get(target) + "](" + relative(dir.relativize(root.resolve(moved))) + ")";
          link.appendReplacement(rewritten, Matcher.quoteReplacement(replacement));
        }
        if (!drop) {
          link.appendTail(rewritten);
          out.append(rewritten).append('\n');
        }
      }
      out.append(out.toString().endsWith("\n\n") ? "" : "\n").append("## Contents\n\n");
      try (Stream<Path> entries = Files.list(dir)) {
        for (Path entry : (Iterable<Path>) entries.sorted()::iterator) {
          String name = entry.getFileName().toString();
          if (!name.equals("README.md") && !name.startsWith(".")) {
            String shown = Files.isDirectory(entry) ? name + "/" : name;
            out.append("- [").append(shown).append("](").append(Files.isDirectory(entry) ? name + "/" : name)
                .append(")\n");
          }
        }
      }
      Files.writeString(file, out.toString().replaceAll("\n{3,}", "\n\n"), StandardCharsets.UTF_8);
      List<String> broken = CleanupRepository.brokenLinks(root, readme);
      ctx.criterion("every link resolves", broken.isEmpty(), broken.isEmpty() ? readme : broken.toString());
    }

    private void verifyBuild(TaskContext ctx) throws Exception {
      List<Path> sources = new ArrayList<>();
      sources.add(root.resolve("shared/src"));
      for (String module : CleanupRepository.MODULES) {
        Path src = root.resolve("modules/" + module + "/src");
        if (Files.isDirectory(src)) {
          sources.add(src);
        }
      }
      Path classes = runDir.resolve("classes");
      JavaCompilation.Result compiled = JavaCompilation.compile(sources, classes);
      ctx.criterion("the modules compile", compiled.success(), compiled.errors().isEmpty() ? "javac: no errors"
          : String.join("; ", compiled.errors()));
      if (!compiled.success()) {
        throw new IllegalStateException("the modules do not compile: " + compiled.errors());
      }
      List<String> failures = new ArrayList<>();
      try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
        for (String name : repo.classNames()) {
          exercise(loader.loadClass(name), repo.refactorFiles().stream().anyMatch(f -> f.endsWith(
              name.substring(name.lastIndexOf('.') + 1) + ".java")), failures);
        }
      }
      ctx.criterion("the modules' tests pass", failures.isEmpty(), failures.isEmpty()
          ? repo.classNames().size() + " classes exercised" : failures.toString());
      if (!failures.isEmpty()) {
        throw new IllegalStateException("tests failed: " + failures);
      }
    }

    /** A small test of a module class: add, get, size, and the blank-key check where it has one. */
    private static void exercise(Class<?> type, boolean checksKeys, List<String> failures) throws Exception {
      Object instance = type.getConstructor().newInstance();
      type.getMethod("add", String.class, String.class).invoke(instance, "k", "v");
      Object values = type.getMethod("get", String.class).invoke(instance, "k");
      Object size = type.getMethod("size").invoke(instance);
      if (!List.of("v").equals(values) || !Integer.valueOf(1).equals(size)) {
        failures.add(type.getName() + ": get/size gave " + values + "/" + size);
      }
      if (checksKeys) {
        try {
          type.getMethod("add", String.class, String.class).invoke(instance, " ", "v");
          failures.add(type.getName() + ": a blank key was accepted");
        } catch (InvocationTargetException e) {
          if (!(e.getCause() instanceof IllegalArgumentException iae) || !"key cannot be blank".equals(iae.getMessage())) {
            failures.add(type.getName() + ": a blank key gave " + e.getCause());
          }
        }
      }
    }

    private static void expectNone(TaskContext ctx, String criterion, List<String> problems) {
      ctx.criterion(criterion, problems.isEmpty(), problems.isEmpty() ? "no problems" : problems.toString());
      if (!problems.isEmpty()) {
        throw new IllegalStateException(criterion + ": not so: " + problems);
      }
    }

    List<String> formatProblems() throws IOException {
      List<String> problems = new ArrayList<>();
      for (String file : CleanupRepository.files(root)) {
        if (file.endsWith(".java")) {
          for (String v : JavaStyle.violations(Files.readString(root.resolve(file)))) {
            problems.add(file + " " + v);
          }
          if (!file.equals(CleanupRepository.CHECKS) && Files.readString(root.resolve(file)).contains(
              "private static String requireNonBlank")) {
            problems.add(file + " has its own copy of requireNonBlank");
          }
        }
      }
      return problems;
    }

    List<String> linkProblems() throws IOException {
      List<String> problems = new ArrayList<>();
      for (String readme : repo.readmes()) {
        problems.addAll(CleanupRepository.brokenLinks(root, readme));
      }
      return problems;
    }

    List<String> dependencyProblems() throws IOException {
      List<String> problems = new ArrayList<>();
      for (String build : repo.buildFiles()) {
        Map<String, String> deps = CleanupRepository.dependencies(root.resolve(build));
        deps.forEach((name, version) -> {
          if (!version.equals(CleanupRepository.CURRENT_VERSIONS.get(name))) {
            problems.add(build + ": " + name + " " + version);
          }
        });
      }
      return problems;
    }

    List<String> structureProblems() throws IOException {
      List<String> problems = new ArrayList<>();
      for (List<String> group : CleanupRepository.identicalFiles(root)) {
        problems.add("identical: " + group);
      }
      for (String file : CleanupRepository.files(root)) {
        boolean doc = file.endsWith(".md") || file.endsWith(".txt");
        if (doc && !file.startsWith("docs/") && !file.endsWith("README.md")) {
          problems.add("document outside docs/: " + file);
        }
      }
      return problems;
    }

    private void deleteEmptyParents(Path dir) throws IOException {
      while (dir != null && !dir.equals(root) && Files.isDirectory(dir)) {
        try (Stream<Path> entries = Files.list(dir)) {
          if (entries.findAny().isPresent()) {
            return;
          }
        }
        try {
          Files.delete(dir);
        } catch (java.nio.file.DirectoryNotEmptyException | java.nio.file.NoSuchFileException e) {
          return; // another task just wrote or removed here
        }
        dir = dir.getParent();
      }
    }

    private static String relative(Path path) {
      return path.toString().replace('\\', '/');
    }

    // ------------------------------------------------------------------------------- check

    @Override
    public Outcome check(Plan plan, RunReport report) throws IOException, InterruptedException {
      Outcome.Builder outcome = Outcome.builder();
      int planned = plan.preview().map(PlanPreview::agents).orElse(0);
      outcome.check(planned == agents && report.pool().agentsCreated() == agents
              && report.pool().peakAgents() == agents,
          String.format(Locale.ROOT, "%d agents as requested: planned %d, created %d, peak %d", agents,
              planned, report.pool().agentsCreated(), report.pool().peakAgents()));
      int subtasks = repo.duplicates().size() + repo.docs().size() + repo.buildFiles().size()
          + repo.lintFiles().size() + repo.refactorFiles().size() + repo.readmes().size();
      outcome.note(String.format(Locale.ROOT, "Clean-up subtasks: %d (%d duplicates, %d documents, %d build"
              + " files, %d reformats, %d refactors, %d READMEs)", subtasks, repo.duplicates().size(),
          repo.docs().size(), repo.buildFiles().size(), repo.lintFiles().size(), repo.refactorFiles().size(),
          repo.readmes().size()));
      long gone = repo.duplicates().stream().filter(f -> !Files.exists(root.resolve(f))).count();
      outcome.check(gone == repo.duplicates().size() && CleanupRepository.identicalFiles(root).isEmpty(),
          gone + " duplicates removed; no two files alike");
      List<String> docsNow = CleanupRepository.files(root).stream().filter(f -> f.startsWith("docs/")).toList();
      long moved = repo.docs().stream().filter(d -> !Files.exists(root.resolve(d))
          && docsNow.stream().anyMatch(f -> text(f).contains("_Moved from `" + d + "`._"))).count();
      outcome.check(moved == repo.docs().size() && structureProblems().isEmpty(),
          moved + " documents consolidated into docs/");
      outcome.check(dependencyProblems().isEmpty(), repo.buildFiles().size() + " build files on the catalog's versions");
      long tidy = repo.lintFiles().stream().filter(f -> text(f).equals(repo.cleanSource(f))).count();
      outcome.check(tidy == repo.lintFiles().size() && formatProblems().isEmpty(),
          tidy + " sources reformatted to the standard; " + repo.refactorFiles().size() + " use the shared check");
      outcome.check(linkProblems().isEmpty(), repo.readmes().size() + " READMEs updated; every link resolves");
      String log = Git.run(root, "log", "--format=%s");
      String status = Git.run(root, "status", "--porcelain");
      outcome.check(log.lines().count() == 2 && log.contains("Backup before cleanup") && status.isBlank(),
          "backup commit and final commit in git; nothing left uncommitted");
      outcome.note("Git log: " + String.join(" | ", log.strip().lines().toList()));
      outcome.file(root);
      return outcome.build();
    }

    private String text(String file) {
      try {
        return Files.readString(root.resolve(file));
      } catch (IOException e) {
        return "";
      }
    }
  }
}
