package dev.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.history.HistoryStore;
import dev.orchestrator.observe.ConsoleDashboard;
import dev.orchestrator.observe.RunEvent;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.observe.TaskState;
import dev.orchestrator.plan.ActionBinder;
import dev.orchestrator.plan.ExecutionMode;
import dev.orchestrator.plan.ImportOptions;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.plan.PlanJson;
import dev.orchestrator.plan.SharedBench;
import dev.orchestrator.plan.StgFormat;
import dev.orchestrator.resource.RateLimit;
import dev.orchestrator.resource.ResourceProbe;
import dev.orchestrator.resource.ResourceSnapshot;
import dev.orchestrator.run.AgentFactory;
import dev.orchestrator.run.AgentInfo;
import dev.orchestrator.run.FailurePolicy;
import dev.orchestrator.run.Run;
import dev.orchestrator.scale.AgentCap;
import dev.orchestrator.scale.BindingLimit;
import dev.orchestrator.scale.Capacity;
import dev.orchestrator.scale.ScalingDecision;
import dev.orchestrator.scale.TaskTypeScaler;
import dev.orchestrator.sim.Simulation;
import dev.orchestrator.sim.Simulator;
import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.Priority;
import dev.orchestrator.task.RetryPolicy;
import dev.orchestrator.task.TaskType;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code of {@code docs/user-guide.md}, compiled and run: every snippet of the guide is a part of
 * one of these tests (between {@code // guide:} markers), so the guide cannot drift from the API.
 */
class UserGuideTest {

  /** A fixed machine, so that no decision here depends on the machine the tests run on. */
  private static final ResourceProbe MACHINE = ResourceProbe.fixed(
      ResourceSnapshot.builder().cpuCores(8).memory(16L << 30, 12L << 30).build());

  private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

  record Server(String name, String region) {}

  private final Map<String, String> versions = new ConcurrentHashMap<>();

  private void backup() {
    versions.put("backup", "taken");
  }

  private void deploy(Server server) {
    versions.put(server.name(), "v2");
  }

  private void rollback(Server server) {
    versions.put(server.name(), "v1");
  }

  @Test
  void guide_quotesEverySnippetOfThisClassUnchanged() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent(); // surefire runs in orchestrator-core
    String source = Files.readString(
        root.resolve("orchestrator-core/src/test/java/dev/orchestrator/UserGuideTest.java"));
    String guide = Files.readString(root.resolve("docs/user-guide.md"));
    java.util.regex.Matcher snippet = java.util.regex.Pattern
        .compile("// guide: ([a-z ]+)\\n(.*?)\\n\\s*// guide: end", java.util.regex.Pattern.DOTALL)
        .matcher(source);
    int found = 0;
    while (snippet.find()) {
      found++;
      assertThat(guide).as("docs/user-guide.md quotes the snippet '%s'", snippet.group(1))
          .contains(snippet.group(2).stripIndent().strip());
    }
    assertThat(found).isEqualTo(11);
  }

  @Test
  void describingWork_workflowWithBlocksGatesAndData() {
    List<Server> servers = List.of(new Server("eu-1", "eu"), new Server("eu-2", "eu"),
        new Server("us-1", "us"));
    // guide: describing work
    Workflow workflow = Workflow.named("deploy v2")
        .goal("Deploy v2 to all 3 production servers")
        .task("backup", t -> t.critical().estimate(Duration.ofMinutes(2)).run(ctx -> backup()))
        .task("manifest", t -> t.after("backup").produce(ctx -> List.of("app.jar", "config.yml")))
        .forEach("deploy", servers, Server::name, (server, t) -> t
            .type(TaskType.DEPLOYMENT)
            .estimate(Duration.ofMinutes(3))
            .group(server.region())
            .retry(RetryPolicy.exponential(3, Duration.ofSeconds(1)))
            .timeout(Duration.ofMinutes(10))
            .compensate(ctx -> rollback(server))
            .run(ctx -> {
              List<?> files = ctx.input("manifest", List.class);   // the DATA dependency's output
              ctx.progress(0.5, "copying " + files.size() + " files");
              deploy(server);
            }))
        .after(DependencyKind.DATA, "manifest")      // every task of the "deploy" block
        .gate("healthy", ctx -> versions.values().stream().filter("v2"::equals).count() == 3)
        .after("deploy")
        .task("report", t -> t.after("healthy").priority(Priority.HIGH).run(ctx -> { }))
        .build();
    // guide: end
    Plan plan = workflow.plan();
    assertThat(plan.size()).isEqualTo(7);
    assertThat(plan.dependentsOf("manifest")).containsExactly("deploy-eu-1", "deploy-eu-2", "deploy-us-1");
    assertThat(plan.analysis().criticalPath()).startsWith("backup");
    try (Orchestrator orchestrator = Orchestrator.builder().probe(MACHINE).build()) {
      RunReport report = orchestrator.run(orchestrator.plan(workflow));
      assertThat(report.isSuccess()).isTrue();
      assertThat(versions).containsEntry("us-1", "v2");
    }
  }

  @Test
  void planningAndPreview_explainBeforeRunning() {
    Workflow workflow = Workflow.named("nightly")
        .forEach("resize", List.of("a.png", "b.png", "c.png", "d.png"), (file, t) -> t
            .type(TaskType.FILE_IO).estimate(Duration.ofSeconds(2)).run(ctx -> { }))
        .build();
    // guide: preview
    try (Orchestrator orchestrator = Orchestrator.builder()
        .capacity(Capacity.parse("iops=15000"))      // configured figures win over measured ones
        .probe(MACHINE)                              // the rest is measured (OSHI by default)
        .build()) {
      Plan plan = orchestrator.plan(workflow);       // graph + scaling decision + waves
      System.out.println(plan.explain());            // the preview: ask "Execute? (yes/no)" here
      ScalingDecision decision = orchestrator.scale(plan);
      System.out.println(decision.agents() + " agents, bound by " + decision.bindingLimit());
      RunReport report = orchestrator.run(plan);
    // guide: end
      assertThat(plan.explain()).contains("Scaling calculation", "WAVE STRUCTURE");
      assertThat(decision.agents()).isEqualTo(4);
      assertThat(report.succeeded()).isEqualTo(4);
    }
  }

  @Test
  void scaling_capsRateLimitsAndYourOwnScaler() {
    Workflow workflow = Workflow.named("enrich")
        .forEach("call", java.util.stream.IntStream.range(0, 600).boxed().toList(), (i, t) -> t
            .type(TaskType.of("llm-call")).estimate(Duration.ofSeconds(6)).run(ctx -> { }))
        .build();
    // guide: scaling
    TaskTypeScaler llmCalls = (work, capacity, costs) -> {
      // Little's law: concurrency = rate x latency; 600 calls a minute, 6 s each
      double rate = RateLimit.parse("600/min").perSecond();
      return AgentCap.of(rate * work.averageSeconds(), BindingLimit.RATE_LIMIT,
          "600 calls per minute x " + work.averageSeconds() + " s per call");
    };
    try (Orchestrator orchestrator = Orchestrator.builder()
        .probe(MACHINE)
        .scaler(TaskType.of("llm-call"), llmCalls)
        .build()) {
      ScalingDecision decision = orchestrator.scale(workflow.plan());
      System.out.println(decision.explanation().render());
    // guide: end
      assertThat(decision.agents()).isEqualTo(60);
      assertThat(decision.bindingLimit()).isEqualTo(BindingLimit.RATE_LIMIT);
    }
    // guide: override
    try (Orchestrator orchestrator = Orchestrator.builder().probe(MACHINE).agents(50).build()) {
      ScalingDecision decision = orchestrator.scale(workflow.plan());   // exactly 50, always
      decision.warnings().forEach(System.out::println);  // e.g. when 50 exceeds the safe capacity
    // guide: end
      assertThat(decision.agents()).isEqualTo(50);
      assertThat(decision.bindingLimit()).isEqualTo(BindingLimit.USER_OVERRIDE);
    }
  }

  @Test
  void running_asyncHandleAgentStateAndModes() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger clients = new AtomicInteger();
    Workflow workflow = Workflow.named("crawl")
        .forEach("fetch", List.of("a", "b", "c", "d", "e", "f"), (url, t) -> t
            .type(TaskType.NETWORK)
            .run(ctx -> {
              release.await();
              ctx.agentState(StringBuilder.class).append(url);   // this agent's own state
            }))
        .build();
    // guide: running
    AgentFactory<StringBuilder> perAgentClient = new AgentFactory<>() {
      @Override
      public StringBuilder create(AgentInfo agent) {     // once per agent, reused for its tasks
        clients.incrementAndGet();
        return new StringBuilder(agent.name());
      }

      @Override
      public Optional<Duration> startupCost() {          // what the scaler should assume
        return Optional.of(Duration.ofMillis(5));
      }
    };
    try (Orchestrator orchestrator = Orchestrator.builder()
        .agents(3)
        .agentFactory(perAgentClient)
        .failurePolicy(FailurePolicy.CONTINUE)          // or FAIL_FAST
        .build()) {
      Run run = orchestrator.runAsync(orchestrator.plan(workflow));
      System.out.println(run.running() + " running, " + run.pending() + " pending");
      run.resize(2, "leave room for the nightly backup");  // grows or shrinks while running
      release.countDown();
      RunReport report = run.await();
      System.out.println(report.metrics().parallelismEfficiency());
      report.metrics().recommendations().forEach(System.out::println);
    // guide: end
      assertThat(report.succeeded()).isEqualTo(6);
      assertThat(clients.get()).isEqualTo(report.pool().agentsCreated());
      assertThat(report.adjustments()).extracting(RunEvent.ScalingAdjustment::toAgents).contains(2);
    }
  }

  @Test
  void modes_meshPeersTalkThroughTheChannel() {
    // guide: modes
    Workflow workflow = Workflow.named("feature")
        .mode(ExecutionMode.MESH)                         // at most 30 at once unless set
        .task("backend", t -> t.run(ctx -> ctx.channel().publish("contract", "GET /users v1")))
        .task("frontend", t -> t.produce(ctx ->
            ctx.channel().await("contract", 0, String.class, Duration.ofSeconds(30))))
        .build();
    // guide: end
    try (Orchestrator orchestrator = Orchestrator.builder().probe(MACHINE).build()) {
      RunReport report = orchestrator.run(workflow);
      assertThat(report.isSuccess()).isTrue();
    }
  }

  @Test
  void results_fanInOverABlockAndTheFinalOutput() {
    List<String> words = List.of("plan", "scale", "run", "report");
    // guide: results
    Workflow workflow = Workflow.named("word lengths")
        .forEach("measure", words, (word, t) -> t.produce(ctx -> word.length()))
        .chunked("pairs", words, 2, (chunk, index, t) -> t.produce(ctx -> index + ": " + chunk))
        .task("total", t -> t.after(DependencyKind.DATA, "measure")
            .produce(ctx -> ctx.inputs("measure", Integer.class).stream()   // in item order
                .mapToInt(Integer::intValue).sum()))
        .build();
    try (Orchestrator orchestrator = Orchestrator.builder().probe(MACHINE).build()) {
      RunReport report = orchestrator.run(workflow);
      int total = report.result(Integer.class);                     // the last task's output
      List<Integer> lengths = report.outputs("measure", Integer.class); // [4, 5, 3, 6]
      String second = report.output("pairs-2", String.class);       // "1: [run, report]"
    // guide: end
      assertThat(total).isEqualTo(18);
      assertThat(lengths).containsExactly(4, 5, 3, 6);
      assertThat(second).isEqualTo("1: [run, report]");
    }
  }

  @Test
  void observing_dashboardRunDirectoryAndHistory(@TempDir Path tmp) throws IOException {
    Workflow workflow = Workflow.named("thumbnails")
        .forEach("thumb", List.of(1, 2, 3), (i, t) -> t.type(TaskType.COMPUTATION).run(ctx -> { }))
        .build();
    List<RunEvent> failures = new CopyOnWriteArrayList<>();
    Path runs = tmp.resolve("runs");
    Path history = tmp.resolve("history.jsonl");
    // guide: observing
    try (Orchestrator orchestrator = Orchestrator.builder()
        .probe(MACHINE)
        .listener(ConsoleDashboard.builder().output(NOWHERE).build())  // ConsoleDashboard.create()
        .listener(event -> {                                           // off the agents' threads
          if (event instanceof RunEvent.TaskFinished f && f.state() != TaskState.SUCCEEDED) {
            failures.add(f);
          }
        })
        .runDirectory(runs)           // dashboard.json, manifests/, report.json, report.html
        .history(HistoryStore.open(history))  // HistoryStore.inUserHome() in real use
        .build()) {
      RunReport report = orchestrator.run(workflow);
    // guide: end
      assertThat(report.isSuccess()).isTrue();
      assertThat(failures).isEmpty();
      assertThat(Files.readAllLines(history)).hasSize(1);
      try (var files = Files.walk(runs)) {
        assertThat(files.map(p -> p.getFileName().toString()).toList())
            .contains("report.json", "report.html", "dashboard.json");
      }
    }
  }

  @Test
  void failures_journalAndResume(@TempDir Path dir) throws IOException {
    AtomicInteger firstTry = new AtomicInteger();
    Workflow workflow = Workflow.named("migrate")
        .forEach("copy", List.of(1, 2, 3, 4), (i, t) -> t.run(ctx -> {
          if (i == 3 && firstTry.getAndIncrement() == 0) {
            throw new IOException("disk full");            // fails the first run only
          }
        }))
        .task("switch", t -> t.after("copy").critical().run(ctx -> { }))
        .build();
    // guide: resume
    try (Orchestrator orchestrator = Orchestrator.builder().probe(MACHINE).build()) {
      RunReport first = orchestrator.run(orchestrator.plan(workflow), dir);  // journaled in dir
      System.out.println(first.failed() + " failed, " + first.skipped() + " skipped");
      RunReport second = orchestrator.resume(dir, workflow);  // what succeeded is not run again
    // guide: end
      assertThat(first.state("copy-3")).isEqualTo(TaskState.FAILED);
      assertThat(first.state("switch")).isEqualTo(TaskState.SKIPPED);
      assertThat(second.isSuccess()).isTrue();
      assertThat(firstTry.get()).isEqualTo(2);
    }
  }

  @Test
  void planFiles_jsonRoundTripAndImports(@TempDir Path dir) throws IOException {
    Plan plan = Workflow.named("etl")
        .task("extract", t -> t.estimate(Duration.ofMinutes(5)).run(ctx -> { }))
        .task("load", t -> t.after("extract").run(ctx -> { }))
        .build().plan();
    Path file = dir.resolve("etl.json");
    // guide: plan files
    PlanJson.write(plan, file);                            // review it, store it, edit it
    Plan loaded = PlanJson.read(file, ActionBinder.byName(Map.of(
        "extract", ctx -> System.out.println("extracting"),
        "load", ctx -> System.out.println("loading"))));   // actions bound by task name
    // guide: end
    assertThat(loaded.analysis().criticalPathLength()).isEqualTo(plan.analysis().criticalPathLength());
    Path stg = SharedBench.dir().resolve("stg/50/rand0000.stg"); // skips where ../shared is absent
    // guide: import
    Plan graph = StgFormat.read(stg, ImportOptions.defaults()
        .withTimeUnit(Duration.ofMillis(10))               // one .stg time unit
        .withType(TaskType.COMPUTATION));
    Simulation simulation = Simulator.create().simulate(graph, 8);
    System.out.println(simulation.makespan() + " against the bound " + simulation.lowerBound());
    // guide: end
    assertThat(simulation.ratio()).isGreaterThanOrEqualTo(1.0);
  }
}
