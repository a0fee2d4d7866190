package dev.orchestrator.examples.scenarios;

import dev.orchestrator.Workflow;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.plan.PlanPreview;
import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.TaskContext;
import dev.orchestrator.task.TaskType;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The bug-fix scenario: "fix the authentication bug where users can't log in after password
 * reset; debug, fix, test, and document". A small generated code base (in the run directory, a git
 * repository) has the bug; the flow is a developer's: reproduce (a failing test case) → debug ×2
 * (audit log, code review) → fix → test ×3 (unit, integration, a scripted session) → docs ×2 (code
 * comment, troubleshooting guide) → commit. Each step really does it: the code is compiled with the
 * JDK's compiler and its checks run in a class loader of their own.
 *
 * <p>The flow has ten tasks. Its widest level has
 * three tasks, so the orchestrator uses at most three agents, not ten.
 */
public final class BugfixScenario implements Scenario {

  private static final String REGRESSION = "ResetLoginRegressionCheck";
  private static final String USER = "alice";
  private static final String OLD_PASSWORD = "old-secret";
  private static final String NEW_PASSWORD = "new-secret";
  // Measured here: compiling and running the code base's checks takes a few hundred milliseconds.
  private static final Duration COMPILE_AND_RUN = Duration.ofMillis(400);
  private static final Duration EDIT = Duration.ofMillis(5);
  private static final Duration GIT = Duration.ofMillis(30);

  @Override
  public String name() {
    return "bugfix";
  }

  @Override
  public String description() {
    return "reproduce, debug, fix, test, document and commit a login bug in a generated code base";
  }

  @Override
  public PreparedScenario prepare(ScenarioSettings settings) throws IOException, InterruptedException {
    Git.require("bugfix");
    Path root = settings.runDir().resolve("auth");
    AuthCodeBase.write(root);
    Git.run(root, "init", "-q");
    Git.run(root, "add", "-A");
    Git.run(root, "commit", "-q", "-m", "Initial import");
    settings.out().printf(Locale.ROOT, "Code base: %s (git repository; reported bug: users cannot log in"
        + " after a password reset)%n", root);
    return new Fix(root, settings.runDir().resolve("build"));
  }

  /** The failing test case and what it suggests. */
  record Reproduction(String testFile, List<String> failures, String suspect) {}

  /** What a debugging task found. */
  record Finding(String source, String explanation, int line, String wrong, String right) {}

  /** The change made: which line, before and after. */
  record Change(int line, String before, String after) {}

  /** The bug fix in one code base. */
  static final class Fix implements PreparedScenario {
    private final Path root;
    private final Path build;

    Fix(Path root, Path build) {
      this.root = root;
      this.build = build;
    }

    @Override
    public Workflow workflow() {
      return Workflow.named("fix the login after password reset")
          .goal("Fix the authentication bug where users can't log in after password reset."
              + " Debug, fix, test, and document.")
          .task("reproduce", t -> t.name("Reproduce the bug with a failing test case")
              .estimate(COMPILE_AND_RUN).produce(this::reproduce))
          .task("debug-logs", t -> t.name("Debug: analyse the audit log").estimate(COMPILE_AND_RUN)
              .after(DependencyKind.DATA, "reproduce").produce(this::analyzeLog))
          .task("debug-code", t -> t.name("Debug: review the reset code").estimate(EDIT)
              .after(DependencyKind.DATA, "reproduce").produce(this::reviewCode))
          .task("fix", t -> t.name("Implement the fix").estimate(COMPILE_AND_RUN)
              .after(DependencyKind.DATA, "debug-logs", "debug-code").produce(this::fix))
          .task("test-unit", t -> t.name("Unit tests").type(TaskType.COMPUTATION).estimate(COMPILE_AND_RUN)
              .after("fix").run(this::unitTests))
          .task("test-integration", t -> t.name("Integration tests").type(TaskType.COMPUTATION)
              .estimate(COMPILE_AND_RUN).after("fix").after(DependencyKind.DATA, "reproduce")
              .run(this::integrationTests))
          .task("test-session", t -> t.name("Manual verification: a scripted session").type(TaskType.COMPUTATION)
              .estimate(COMPILE_AND_RUN).after("fix").run(this::sessionTest))
          .task("docs-comment", t -> t.name("Docs: comment the fixed line").estimate(EDIT)
              .after("test-unit", "test-integration", "test-session").after(DependencyKind.DATA, "fix")
              .run(this::comment))
          .task("docs-guide", t -> t.name("Docs: troubleshooting guide").estimate(EDIT)
              .after("test-unit", "test-integration", "test-session")
              .after(DependencyKind.DATA, "debug-logs", "debug-code")
              .run(this::guide))
          .task("commit", t -> t.name("Commit the fix").critical().estimate(GIT)
              .after("docs-comment", "docs-guide").run(this::commit))
          .build();
    }

    // ------------------------------------------------------------------------------- actions

    private Reproduction reproduce(TaskContext ctx) throws Exception {
      Path test = root.resolve(AuthCodeBase.TEST + AuthCodeBase.PACKAGE_DIR + REGRESSION + ".java");
      Files.writeString(test, """
          package com.acme.auth;

          import java.util.ArrayList;
          import java.util.List;

          /** Regression: a user can log in with the new password after a reset, not with the old one. */
          public final class %s {

            public static List<String> run() {
              List<String> failures = new ArrayList<>();
              AuthService auth = new AuthService(7, new AuditLog());
              auth.register("%s", "%s");
              auth.resetPassword("%s", "%s");
              if (!auth.login("%s", "%s")) {
                failures.add("%s cannot log in with the new password after a reset");
              }
              if (auth.login("%s", "%s")) {
                failures.add("%s still logs in with the old password after a reset");
              }
              return failures;
            }
          }
          """.formatted(REGRESSION, USER, OLD_PASSWORD, USER, NEW_PASSWORD, USER, NEW_PASSWORD, USER,
          USER, OLD_PASSWORD, USER), StandardCharsets.UTF_8);
      List<String> failures = runChecks("reproduce", List.of(test), List.of(REGRESSION));
      ctx.criterion("a failing test case reproduces the bug", !failures.isEmpty(),
          failures.isEmpty() ? "the test passed" : failures.get(0));
      if (failures.isEmpty()) {
        throw new IllegalStateException("could not reproduce the bug: " + REGRESSION + " passes");
      }
      ctx.artifact(test);
      return new Reproduction(root.relativize(test).toString().replace('\\', '/'), failures, "resetPassword");
    }

    private Finding analyzeLog(TaskContext ctx) throws Exception {
      Reproduction repro = ctx.input("reproduce", Reproduction.class);
      List<String> lines = replay(repro);
      String resetSalt = null;
      String failedSalt = null;
      for (String line : lines) {
        Matcher reset = Pattern.compile("reset user=" + USER + " salt=(\\w+)").matcher(line);
        Matcher failed = Pattern.compile("login user=" + USER + " result=FAILED reason=hash-mismatch salt=(\\w+)")
            .matcher(line);
        if (reset.find()) {
          resetSalt = reset.group(1);
        } else if (failed.find() && resetSalt != null) {
          failedSalt = failed.group(1);
        }
      }
      if (resetSalt == null || !resetSalt.equals(failedSalt)) {
        throw new IllegalStateException("the audit log does not show the failure: " + lines);
      }
      return new Finding("audit log", "after the reset the login uses the salt the reset stored (" + resetSalt
          + ") and still finds a hash mismatch: the hash stored by the reset was not made with that salt",
          0, "", "");
    }

    /** Runs the reproduction's session against the unfixed service and returns its audit log. */
    private List<String> replay(Reproduction repro) throws Exception {
      Path classes = compile("debug-logs", List.of());
      try (URLClassLoader loader = loader(classes)) {
        Class<?> logType = loader.loadClass("com.acme.auth.AuditLog");
        Object log = logType.getConstructor().newInstance();
        Class<?> service = loader.loadClass("com.acme.auth.AuthService");
        Object auth = service.getConstructor(long.class, logType).newInstance(7L, log);
        service.getMethod("register", String.class, String.class).invoke(auth, USER, OLD_PASSWORD);
        service.getMethod("login", String.class, String.class).invoke(auth, USER, OLD_PASSWORD);
        service.getMethod(repro.suspect(), String.class, String.class).invoke(auth, USER, NEW_PASSWORD);
        service.getMethod("login", String.class, String.class).invoke(auth, USER, NEW_PASSWORD);
        @SuppressWarnings("unchecked")
        List<String> lines = (List<String>) logType.getMethod("lines").invoke(log);
        return lines;
      }
    }

    private static final Pattern HASH_CALL = Pattern.compile("PasswordHasher\\.hash\\((\\w+), ([\\w.()]+)\\)");
    private static final Pattern SAVED = Pattern.compile("new User\\((\\w+), (\\w+), (\\w+)\\)");

    private Finding reviewCode(TaskContext ctx) throws IOException {
      Reproduction repro = ctx.input("reproduce", Reproduction.class);
      List<String> lines = Files.readAllLines(root.resolve(AuthCodeBase.SERVICE));
      int start = -1;
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains("public void " + repro.suspect() + "(")) {
          start = i;
        }
      }
      if (start < 0) {
        throw new IllegalStateException("no method " + repro.suspect() + " in " + AuthCodeBase.SERVICE);
      }
      int hashLine = -1;
      String hashedWith = null;
      String stored = null;
      for (int i = start; i < lines.size() && !lines.get(i).equals("  }"); i++) {
        Matcher hash = HASH_CALL.matcher(lines.get(i));
        Matcher saved = SAVED.matcher(lines.get(i));
        if (hash.find()) {
          hashLine = i + 1;
          hashedWith = hash.group(2);
        }
        if (saved.find()) {
          stored = saved.group(2);
        }
      }
      if (hashedWith == null || stored == null || hashedWith.equals(stored)) {
        throw new IllegalStateException("the review found nothing wrong in " + repro.suspect());
      }
      return new Finding("code review", repro.suspect() + " stores the salt '" + stored + "' but hashes the"
          + " new password with '" + hashedWith + "'", hashLine, hashedWith, stored);
    }

    private Change fix(TaskContext ctx) throws Exception {
      Finding code = ctx.input("debug-code", Finding.class);
      ctx.input("debug-logs", Finding.class); // the log analysis must agree that the hash is wrong
      Path file = root.resolve(AuthCodeBase.SERVICE);
      List<String> lines = new ArrayList<>(Files.readAllLines(file));
      String before = lines.get(code.line() - 1);
      String after = before.replace(", " + code.wrong() + ")", ", " + code.right() + ")");
      if (after.equals(before)) {
        throw new IllegalStateException("line " + code.line() + " does not read as the review found: " + before);
      }
      lines.set(code.line() - 1, after);
      Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
      compile("fix", List.of());
      ctx.criterion("the fix compiles", true, AuthCodeBase.SERVICE + ":" + code.line() + ": " + after.strip());
      return new Change(code.line(), before, after);
    }

    private void unitTests(TaskContext ctx) throws Exception {
      addCheckAndRun(ctx, "test-unit", "unit tests pass", "ResetStoresMatchingHashCheck", """
          package com.acme.auth;

          import java.util.ArrayList;
          import java.util.List;

          /** After a reset, the stored hash is the new password's hash with the stored salt. */
          public final class ResetStoresMatchingHashCheck {

            public static List<String> run() {
              List<String> failures = new ArrayList<>();
              AuthService auth = new AuthService(3, new AuditLog());
              auth.register("carol", "one");
              String saltBefore = auth.store().find("carol").salt();
              auth.resetPassword("carol", "two");
              User user = auth.store().find("carol");
              if (user.salt().equals(saltBefore)) {
                failures.add("the reset kept the old salt");
              }
              if (!user.hash().equals(PasswordHasher.hash("two", user.salt()))) {
                failures.add("the stored hash does not match the stored salt");
              }
              return failures;
            }
          }
          """, "PasswordHasherCheck");
    }

    private void integrationTests(TaskContext ctx) throws Exception {
      Reproduction repro = ctx.input("reproduce", Reproduction.class);
      expectPass(ctx, "integration tests pass, the reproduction included", runChecks("test-integration",
          List.of(root.resolve(repro.testFile()), testFile("LoginFlowCheck")), List.of(REGRESSION, "LoginFlowCheck")));
    }

    private void sessionTest(TaskContext ctx) throws Exception {
      addCheckAndRun(ctx, "test-session", "a scripted session of 200 users passes", "ManySessionsCheck", """
          package com.acme.auth;

          import java.util.ArrayList;
          import java.util.List;

          /** 200 users, every third resets twice: everyone logs in with the current password only. */
          public final class ManySessionsCheck {

            public static List<String> run() {
              List<String> failures = new ArrayList<>();
              AuthService auth = new AuthService(11, new AuditLog());
              for (int i = 0; i < 200; i++) {
                auth.register("user" + i, "first" + i);
              }
              for (int i = 0; i < 200; i += 3) {
                auth.resetPassword("user" + i, "second" + i);
                auth.resetPassword("user" + i, "third" + i);
              }
              for (int i = 0; i < 200; i++) {
                String current = i % 3 == 0 ? "third" + i : "first" + i;
                if (!auth.login("user" + i, current)) {
                  failures.add("user" + i + " cannot log in with the current password");
                }
                if (i % 3 == 0 && (auth.login("user" + i, "first" + i) || auth.login("user" + i, "second" + i))) {
                  failures.add("user" + i + " logs in with an old password");
                }
              }
              return failures;
            }
          }
          """);
    }

    /** Adds a check to the code base's tests, and runs it with the existing checks named. */
    private void addCheckAndRun(TaskContext ctx, String task, String criterion, String check, String source,
        String... existing) throws Exception {
      Path test = testFile(check);
      Files.writeString(test, source, StandardCharsets.UTF_8);
      List<Path> files = new ArrayList<>(List.of(test));
      List<String> checks = new ArrayList<>(List.of(check));
      for (String name : existing) {
        files.add(testFile(name));
        checks.add(name);
      }
      expectPass(ctx, criterion, runChecks(task, files, checks));
      ctx.artifact(test);
    }

    private void comment(TaskContext ctx) throws IOException {
      Change change = ctx.input("fix", Change.class);
      Path file = root.resolve(AuthCodeBase.SERVICE);
      List<String> lines = new ArrayList<>(Files.readAllLines(file));
      if (!lines.get(change.line() - 1).equals(change.after())) {
        throw new IllegalStateException("line " + change.line() + " changed since the fix: " + lines.get(change.line() - 1));
      }
      String indent = change.after().substring(0, change.after().indexOf(change.after().strip()));
      lines.add(change.line() - 1, indent + "// Hash with the new salt: the stored hash must match the stored"
          + " salt, or the login fails (" + AuthCodeBase.GUIDE + ").");
      Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
      ctx.artifact(file);
    }

    private void guide(TaskContext ctx) throws IOException {
      Finding log = ctx.input("debug-logs", Finding.class);
      Finding code = ctx.input("debug-code", Finding.class);
      Path file = root.resolve(AuthCodeBase.GUIDE);
      Files.writeString(file, Files.readString(file) + "\n## Users cannot log in after a password reset\n\n"
          + "Symptom: the audit log shows `result=FAILED reason=hash-mismatch` for the first login after a"
          + " reset.\n\nCause (" + log.source() + "): " + log.explanation() + ".\n\nCause (" + code.source()
          + "): " + code.explanation() + " (" + AuthCodeBase.SERVICE + ", line " + code.line() + ").\n\n"
          + "Fixed: the reset hashes the new password with the new salt; `" + REGRESSION
          + "` guards it.\n", StandardCharsets.UTF_8);
      ctx.artifact(file);
    }

    private void commit(TaskContext ctx) throws IOException, InterruptedException {
      Git.run(root, "add", "-A");
      Git.run(root, "commit", "-q", "-m", "Fix login after password reset");
      ctx.criterion("committed", true, "commit " + Git.run(root, "rev-parse", "--short", "HEAD").strip());
    }

    // ---------------------------------------------------------------------------- compiling

    private Path testFile(String name) {
      return root.resolve(AuthCodeBase.TEST + AuthCodeBase.PACKAGE_DIR + name + ".java");
    }

    /** Compiles the main sources and these test files into a directory of the given task's own. */
    private Path compile(String task, List<Path> tests) throws IOException {
      return compile(root.resolve(AuthCodeBase.MAIN), tests, build.resolve(task));
    }

    private static Path compile(Path mainRoot, List<Path> tests, Path classes) throws IOException {
      List<Path> sources = new ArrayList<>();
      try (Stream<Path> walk = Files.walk(mainRoot)) {
        walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(sources::add);
      }
      sources.addAll(tests);
      JavaCompilation.Result result = JavaCompilation.compileFiles(sources, classes);
      if (!result.success()) {
        throw new IllegalStateException("compilation failed: " + result.errors());
      }
      return classes;
    }

    private List<String> runChecks(String task, List<Path> tests, List<String> checks) throws Exception {
      return runChecks(compile(task, tests), checks);
    }

    private static List<String> runChecks(Path classes, List<String> checks) throws Exception {
      List<String> failures = new ArrayList<>();
      try (URLClassLoader loader = loader(classes)) {
        for (String check : checks) {
          Method run = loader.loadClass("com.acme.auth." + check).getMethod("run");
          @SuppressWarnings("unchecked")
          List<String> found = (List<String>) run.invoke(null);
          for (String failure : found) {
            failures.add(check + ": " + failure);
          }
        }
      }
      return failures;
    }

    private static URLClassLoader loader(Path classes) throws IOException {
      return new URLClassLoader(new URL[] {classes.toUri().toURL()}, null);
    }

    private static void expectPass(TaskContext ctx, String criterion, List<String> failures) {
      ctx.criterion(criterion, failures.isEmpty(), failures.isEmpty() ? "no failures" : failures.toString());
      if (!failures.isEmpty()) {
        throw new AssertionError(criterion + ": not so: " + failures);
      }
    }

    // ---------------------------------------------------------------------------------- check

    @Override
    public Outcome check(Plan plan, RunReport report) throws Exception {
      Outcome.Builder outcome = Outcome.builder();
      int agents = plan.preview().map(PlanPreview::agents).orElse(0);
      int width = plan.analysis().maxWidth();
      outcome.check(agents <= width && agents < plan.size() && report.pool().agentsCreated() == agents,
          String.format(Locale.ROOT, "%d agents for %d tasks: no more than the widest level (%d)",
              report.pool().agentsCreated(), plan.size(), width));
      String log = Git.run(root, "log", "--format=%s");
      boolean committed = log.lines().findFirst().orElse("").equals("Fix login after password reset")
          && Git.run(root, "status", "--porcelain").isBlank();
      outcome.check(committed, "the fix is committed on top of the initial import; nothing left uncommitted");
      if (!committed) {
        return outcome.build();
      }
      // Independently of the tasks: the regression check against the code before and after.
      Path before = build.resolve("check-before");
      Path sources = before.resolve("src");
      for (String file : Git.run(root, "ls-tree", "-r", "--name-only", "HEAD~1", AuthCodeBase.MAIN).lines().toList()) {
        Path target = sources.resolve(file);
        Files.createDirectories(target.getParent());
        Files.writeString(target, Git.run(root, "show", "HEAD~1:" + file), StandardCharsets.UTF_8);
      }
      List<String> failuresBefore = runChecks(compile(sources.resolve(AuthCodeBase.MAIN),
          List.of(testFile(REGRESSION)), before.resolve("classes")), List.of(REGRESSION));
      outcome.check(!failuresBefore.isEmpty(), "the bug is real: on the initial import "
          + (failuresBefore.isEmpty() ? "the regression check passes" : failuresBefore.get(0)));
      List<Path> tests;
      try (Stream<Path> walk = Files.walk(root.resolve(AuthCodeBase.TEST))) {
        tests = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
      }
      List<String> names = tests.stream().map(p -> p.getFileName().toString().replace(".java", "")).toList();
      List<String> failuresAfter = runChecks(compile(root.resolve(AuthCodeBase.MAIN), tests,
          build.resolve("check-after")), names);
      outcome.check(failuresAfter.isEmpty(), "the bug is fixed: all " + names.size() + " checks pass on the"
          + " committed code " + names + (failuresAfter.isEmpty() ? "" : ": " + failuresAfter));
      String diff = Git.run(root, "diff", "HEAD~1", "HEAD", "--", AuthCodeBase.SERVICE);
      outcome.check(diff.contains("-    String hash = PasswordHasher.hash(newPassword, user.salt());")
              && diff.contains("+    String hash = PasswordHasher.hash(newPassword, salt);")
              && diff.contains("+    // Hash with the new salt"),
          "AuthService.resetPassword now hashes with the new salt, with a comment saying why");
      outcome.check(Files.readString(root.resolve(AuthCodeBase.GUIDE)).contains(
          "## Users cannot log in after a password reset"), "the troubleshooting guide has an entry for it");
      outcome.note("Git log: " + String.join(" | ", log.strip().lines().toList()));
      outcome.file(root);
      return outcome.build();
    }
  }
}
