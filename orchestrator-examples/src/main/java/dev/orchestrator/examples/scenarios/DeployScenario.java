package dev.orchestrator.examples.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.orchestrator.Orchestrator;
import dev.orchestrator.Workflow;
import dev.orchestrator.examples.scenarios.Fleet.Server;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.observe.TaskState;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.run.AgentFactory;
import dev.orchestrator.run.AgentInfo;
import dev.orchestrator.scale.Capacity;
import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.RetryPolicy;
import dev.orchestrator.task.TaskContext;
import dev.orchestrator.task.TaskSpec;
import dev.orchestrator.task.TaskType;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The deployment scenario: deploy a new version to a fleet of servers (default 2,000; a full
 * fleet of 10,000 with {@code --size 10000}) across five regions, behind a real HTTP server on loopback.
 *
 * <p>Waves: a safety backup (critical, runs alone); the package validated against the release
 * manifest in every region's mirror; a 1 % canary behind a health gate; the full rollout, one task
 * per server, grouped by region, retried with backoff; verification, which health-checks every
 * server over HTTP; rollback of exactly the servers that failed (one spawned task each); the final
 * report. Every agent has its own {@link HttpClient} (its warm state, from the agent factory).
 */
public final class DeployScenario implements Scenario {

  /** Servers when no size is given. */
  public static final int DEFAULT_SERVERS = 2_000;
  /** Servers checked per verification task: ten, enough to make a task worth an agent. */
  static final int VERIFY_BATCH = 10;
  /** The share of canary servers that must be healthy for the rollout to go on. */
  static final double CANARY_THRESHOLD = 0.9;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final RetryPolicy RETRY = RetryPolicy.exponential(3, Duration.ofMillis(20));
  // One HTTP round trip on loopback costs about half a millisecond of CPU here (JDK client and
  // server on 2 cores); the estimates below are the server-side latency plus such round trips.
  private static final Duration ROUND_TRIP = Duration.ofMillis(1);

  /**
   * How the fleet behaves.
   *
   * @param failureRate share of servers whose deployment fails for good
   * @param transientRate share of servers whose first deploy is refused (a retry succeeds)
   * @param regionFaults extra failure rate per region, e.g. {@code eu-central=0.2}
   * @param latency how long a deploy or rollback takes server side
   * @param maxInFlight the most requests the fleet's API serves at once (more get 429); also the
   *     workflow's concurrency limit
   */
  public record Options(double failureRate, double transientRate, Map<String, Double> regionFaults,
      Duration latency, int maxInFlight) {

    /** 1 % failures, 3 % transient faults, no regional fault, 20 ms, 200 requests at once. */
    public static Options defaults() {
      return new Options(0.01, 0.03, Map.of(), Duration.ofMillis(20), 200);
    }

    public Options {
      regionFaults = Map.copyOf(Objects.requireNonNull(regionFaults, "region faults cannot be null"));
      Objects.requireNonNull(latency, "latency cannot be null");
    }
  }

  private final Options options;

  /** The scenario with {@link Options#defaults()}. */
  public DeployScenario() {
    this(Options.defaults());
  }

  public DeployScenario(Options options) {
    this.options = Objects.requireNonNull(options, "options cannot be null");
  }

  @Override
  public String name() {
    return "deploy";
  }

  @Override
  public String description() {
    return "deploy v2 to a fleet behind a real HTTP server: backup, validation, 1 % canary behind a"
        + " health gate, rollout, verification, rollback of the failed servers, report";
  }

  @Override
  public int defaultSize() {
    return DEFAULT_SERVERS;
  }

  @Override
  public String sizeUnit() {
    return "servers";
  }

  @Override
  public PreparedScenario prepare(ScenarioSettings settings) throws IOException {
    Fleet fleet = Fleet.start(new Fleet.Config(settings.sizeOr(DEFAULT_SERVERS), options.failureRate(),
        options.transientRate(), options.regionFaults(), options.latency(), options.maxInFlight(),
        settings.seed()));
    int faulty = 0;
    int transientFaults = 0;
    for (Server s : fleet.servers()) {
      Fleet.Fault fault = fleet.fault(s.index());
      faulty += fault == Fleet.Fault.BROKEN_DEPLOY || fault == Fleet.Fault.UNHEALTHY ? 1 : 0;
      transientFaults += fault == Fleet.Fault.TRANSIENT ? 1 : 0;
    }
    settings.out().printf(Locale.ROOT,
        "Fleet: %,d servers in %d regions behind %s (JDK HttpServer on loopback); deploy latency %s,"
            + " at most %,d requests at once; faults placed: %,d servers that will fail, %,d transient%n",
        fleet.servers().size(), Fleet.REGIONS.size(), fleet.uri(), Durations.format(options.latency()),
        options.maxInFlight(), faulty, transientFaults);
    if (settings.agents() > options.maxInFlight()) {
      settings.out().printf(Locale.ROOT, "Note: %,d agents requested, but the fleet serves %,d requests"
          + " at once (--max-in-flight), so at most that many tasks run at a time%n",
          settings.agents(), options.maxInFlight());
    }
    return new Deployment(fleet, settings.runDir());
  }

  /** Verification of one batch: the servers that failed, and how many are on each version. */
  record VerifyBatch(List<String> failed, int onNewVersion, int untouched) {}

  /** The deployment of one fleet. */
  static final class Deployment implements PreparedScenario {
    private final Fleet fleet;
    private final Path runDir;
    private final List<Server> canaries = new ArrayList<>();
    private final List<Server> rest = new ArrayList<>();
    private final String[] taskOf; // server index -> id of the task that deploys it
    private final List<String> verifyIds = new ArrayList<>();
    private final Set<String> foundFailed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Deployment(Fleet fleet, Path runDir) {
      this.fleet = fleet;
      this.runDir = runDir;
      List<Server> servers = fleet.servers();
      int count = Math.max(1, servers.size() / 100);
      int step = servers.size() / count;
      taskOf = new String[servers.size()];
      for (Server s : servers) {
        boolean canary = s.index() % step == 0 && s.index() / step < count;
        (canary ? canaries : rest).add(s);
        taskOf[s.index()] = (canary ? "canary-" : "deploy-") + s.id();
      }
    }

    Fleet fleet() {
      return fleet;
    }

    @Override
    public Workflow workflow() {
      List<Server> servers = fleet.servers();
      Duration latency = fleet.config().latency();
      Workflow.Builder w = Workflow.named(String.format(Locale.ROOT, "deploy %s to %,d servers", Fleet.NEW_VERSION, servers.size()))
          .goal(String.format(Locale.ROOT, "Deploy %s to all %,d servers across %d regions with health"
              + " checks, a 1 %% canary and automatic rollback of failed servers", Fleet.NEW_VERSION,
              servers.size(), Fleet.REGIONS.size()))
          .concurrencyLimit(fleet.config().maxInFlight())
          .task("backup", t -> t.name("Safety backup of every server's version").critical()
              .type(TaskType.NETWORK).estimate(latency.plus(ROUND_TRIP))
              .run(this::backup))
          .forEach("validate", Fleet.REGIONS, region -> region, (region, t) -> t
              .name("Validate the package in " + region).type(TaskType.NETWORK)
              .estimate(ROUND_TRIP.multipliedBy(3)).retry(RETRY)
              .run(ctx -> validate(ctx, region)))
          .after("backup")
          .forEach("canary", canaries, Server::id, (s, t) -> deployTask(t, s).name("Canary: deploy "
              + Fleet.NEW_VERSION + " to " + s.id()))
          .after("validate")
          .gate("canary-healthy", this::canaryHealthy)
          .after(DependencyKind.SOFT, "canary")
          .forEach("deploy", rest, Server::id, (s, t) -> deployTask(t, s))
          .after("canary-healthy");
      int batches = (servers.size() + VERIFY_BATCH - 1) / VERIFY_BATCH;
      for (int b = 1; b <= batches; b++) {
        verifyIds.add("verify-" + b);
      }
      // Each verification waits for the deployments of its own servers only (whatever their
      // outcome), so it starts as soon as they are done.
      w.chunked("verify", servers, VERIFY_BATCH, (batch, t) -> {
        t.name("Verify " + batch.get(0).id() + ".." + batch.get(batch.size() - 1).id())
            .type(TaskType.NETWORK).estimate(ROUND_TRIP.multipliedBy(batch.size()))
            .produce(ctx -> verify(ctx, batch));
        for (Server s : batch) {
          t.after(DependencyKind.SOFT, taskOf[s.index()]);
        }
      });
      return w
          .task("rollback", t -> t.name("Roll back the servers that failed").type(TaskType.NETWORK)
              .estimate(ROUND_TRIP).after(DependencyKind.DATA, "verify")
              .produce(this::rollbackFailed))
          .task("report", t -> t.name("Final report").after(DependencyKind.SOFT, "rollback")
              .estimate(ROUND_TRIP.multipliedBy(2)).run(this::report))
          .build();
    }

    private TaskSpec.Builder deployTask(TaskSpec.Builder t, Server s) {
      return t.name("Deploy " + Fleet.NEW_VERSION + " to " + s.id()).type(TaskType.DEPLOYMENT)
          .group(s.region()).estimate(fleet.config().latency().plus(ROUND_TRIP.multipliedBy(2)))
          .retry(RETRY).timeout(REQUEST_TIMEOUT.multipliedBy(2))
          .compensate(ctx -> rollback(ctx, s))
          .run(ctx -> deploy(ctx, s));
    }

    @Override
    public void configure(Orchestrator.Builder orchestrator) {
      Duration startup = clientStartup();
      // The fleet's limit is the connection limit the deployment scaler caps agents by; the
      // workflow's concurrency limit (set to the same) is what the engine enforces.
      orchestrator.capacity(Capacity.builder().connectionLimit(fleet.config().maxInFlight()).build());
      orchestrator.agentFactory(new AgentFactory<HttpClient>() {
        @Override
        public HttpClient create(AgentInfo agent) {
          return newClient();
        }

        @Override
        public Optional<Duration> startupCost() {
          return Optional.of(startup);
        }
      });
    }

    private static HttpClient newClient() {
      return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** What an agent's warm state costs to make: the median of a few clients made and closed here. */
    private static Duration clientStartup() {
      long[] nanos = new long[5];
      for (int i = 0; i < nanos.length; i++) {
        long start = System.nanoTime();
        HttpClient client = newClient();
        nanos[i] = System.nanoTime() - start;
        client.close();
      }
      java.util.Arrays.sort(nanos);
      return Duration.ofNanos(nanos[nanos.length / 2]);
    }

    // ------------------------------------------------------------------------------- actions

    private void backup(TaskContext ctx) throws IOException, InterruptedException {
      JsonNode body = expect(ctx, "POST", "backup", 200, "backup");
      ctx.criterion("every server's version backed up", body.path("servers").asInt() == fleet.servers().size(),
          "POST /backup: " + body);
    }

    private void validate(TaskContext ctx, String region) throws IOException, InterruptedException {
      JsonNode manifest = expect(ctx, "GET", "releases/" + Fleet.NEW_VERSION + "/manifest", 200, "manifest");
      HttpResponse<byte[]> pkg = client(ctx).send(request("GET",
              "releases/" + Fleet.NEW_VERSION + "/package?region=" + region), HttpResponse.BodyHandlers.ofByteArray());
      if (pkg.statusCode() != 200) {
        throw new IOException("the " + region + " mirror answered " + pkg.statusCode());
      }
      String sha = Fleet.sha256(pkg.body());
      boolean matches = sha.equals(manifest.path("sha256").asText()) && pkg.body().length == manifest.path("size").asInt();
      ctx.criterion("package in " + region + " matches the release manifest", matches, "sha256 " + sha);
      if (!matches) {
        throw new IOException("the package in " + region + " does not match the manifest: sha256 " + sha);
      }
    }

    private void deploy(TaskContext ctx, Server s) throws IOException, InterruptedException {
      expect(ctx, "POST", "servers/" + s.id() + "/deploy?version=" + Fleet.NEW_VERSION, 200, "deploy to " + s.id());
      JsonNode health = health(ctx, s);
      if (!health.path("healthy").asBoolean() || !Fleet.NEW_VERSION.equals(health.path("version").asText())) {
        throw new IOException(s.id() + " is unhealthy after the deploy: " + health);
      }
    }

    private boolean canaryHealthy(TaskContext ctx) throws IOException, InterruptedException {
      int healthy = 0;
      for (Server s : canaries) {
        JsonNode health = health(ctx, s);
        if (health.path("healthy").asBoolean() && Fleet.NEW_VERSION.equals(health.path("version").asText())) {
          healthy++;
        }
      }
      boolean open = healthy >= CANARY_THRESHOLD * canaries.size();
      ctx.criterion(String.format(Locale.ROOT, "at least %.0f %% of the canary healthy on %s",
          CANARY_THRESHOLD * 100, Fleet.NEW_VERSION), open, healthy + " of " + canaries.size() + " healthy");
      return open;
    }

    private VerifyBatch verify(TaskContext ctx, List<Server> batch) throws IOException, InterruptedException {
      List<String> failed = new ArrayList<>();
      int onNew = 0;
      int untouched = 0;
      for (Server s : batch) {
        JsonNode health = health(ctx, s);
        boolean healthy = health.path("healthy").asBoolean();
        String version = health.path("version").asText();
        if (healthy && version.equals(Fleet.NEW_VERSION)) {
          onNew++;
        } else if (healthy && version.equals(Fleet.OLD_VERSION)) {
          untouched++; // its deployment never ran (the canary gate stayed shut)
        } else {
          failed.add(s.id());
        }
      }
      return new VerifyBatch(List.copyOf(failed), onNew, untouched);
    }

    private Integer rollbackFailed(TaskContext ctx) {
      int count = 0;
      for (String id : verifyIds) {
        for (String server : ctx.input(id, VerifyBatch.class).failed()) {
          foundFailed.add(server);
          Server s = fleet.servers().get(Integer.parseInt(server.substring(4)) - 1);
          ctx.spawn(TaskSpec.builder(s.id()).name("Roll back " + s.id()).type(TaskType.NETWORK)
              .group(s.region()).estimate(fleet.config().latency().plus(ROUND_TRIP.multipliedBy(2)))
              .retry(RETRY).run(c -> rollback(c, s)).build());
          count++;
        }
      }
      return count;
    }

    private void rollback(TaskContext ctx, Server s) throws IOException, InterruptedException {
      expect(ctx, "POST", "servers/" + s.id() + "/rollback", 200, "rollback of " + s.id());
      JsonNode health = health(ctx, s);
      if (!health.path("healthy").asBoolean() || !Fleet.OLD_VERSION.equals(health.path("version").asText())) {
        throw new IOException(s.id() + " is not back on " + Fleet.OLD_VERSION + " and healthy: " + health);
      }
    }

    private void report(TaskContext ctx) throws IOException, InterruptedException {
      JsonNode fleetSummary = expect(ctx, "GET", "fleet", 200, "fleet summary");
      Path file = runDir.resolve("deploy-report.json");
      Files.write(file, JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(fleetSummary));
      ctx.artifact(file);
    }

    // ---------------------------------------------------------------------------------- HTTP

    private static HttpClient client(TaskContext ctx) {
      return ctx.agentState(HttpClient.class);
    }

    private HttpRequest request(String method, String path) {
      return HttpRequest.newBuilder(fleet.uri().resolve(path)).timeout(REQUEST_TIMEOUT)
          .method(method, HttpRequest.BodyPublishers.noBody()).build();
    }

    private JsonNode health(TaskContext ctx, Server s) throws IOException, InterruptedException {
      HttpResponse<String> response = client(ctx).send(request("GET", "servers/" + s.id() + "/health"),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200 && response.statusCode() != 503) {
        throw new IOException("health of " + s.id() + ": HTTP " + response.statusCode() + " " + response.body());
      }
      return JSON.readTree(response.body());
    }

    private JsonNode expect(TaskContext ctx, String method, String path, int status, String what)
        throws IOException, InterruptedException {
      HttpResponse<String> response = client(ctx).send(request(method, path), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != status) {
        throw new IOException(what + ": HTTP " + response.statusCode() + " " + response.body());
      }
      return JSON.readTree(response.body());
    }

    // ---------------------------------------------------------------------------------- check

    @Override
    public Outcome check(Plan plan, RunReport report) {
      List<Server> servers = fleet.servers();
      Outcome.Builder outcome = Outcome.builder();
      long firstDeploy = Long.MAX_VALUE;
      long lastCanary = Long.MIN_VALUE;
      long firstRollout = Long.MAX_VALUE;
      for (Server s : servers) {
        long at = fleet.deployedAt(s.index());
        if (at != 0) {
          firstDeploy = Math.min(firstDeploy, at);
          if (taskOf[s.index()].startsWith("canary-")) {
            lastCanary = Math.max(lastCanary, at);
          } else {
            firstRollout = Math.min(firstRollout, at);
          }
        }
      }
      outcome.check(fleet.backups() == 1 && fleet.backupAt() != 0 && fleet.backupAt() < firstDeploy,
          "one safety backup, taken before the first deploy");
      outcome.check(Fleet.REGIONS.stream().allMatch(r -> fleet.packageDownloads(r) > 0),
          "package validated against the manifest in all " + Fleet.REGIONS.size() + " regions");
      boolean gateOpen = report.state("canary-healthy") == TaskState.SUCCEEDED;
      outcome.check(gateOpen, String.format(Locale.ROOT, "canary of %,d server%s healthy: gate opened",
          canaries.size(), canaries.size() == 1 ? "" : "s"));
      if (gateOpen && firstRollout != Long.MAX_VALUE) {
        outcome.check(lastCanary < firstRollout, "every canary deployed before the rollout began");
      }
      Set<Integer> failed = new HashSet<>();
      Set<Integer> succeeded = new HashSet<>();
      for (Server s : servers) {
        TaskState state = report.state(taskOf[s.index()]);
        if (state == TaskState.FAILED) {
          failed.add(s.index());
        } else if (state == TaskState.SUCCEEDED) {
          succeeded.add(s.index());
        }
      }
      int onNew = 0;
      int wrong = 0;
      int checked = 0;
      long healthChecks = 0;
      int rolledBack = 0;
      int rollbackWrong = 0;
      int failedNotFound = 0;
      for (Server s : servers) {
        int i = s.index();
        healthChecks += fleet.healthChecks(i);
        checked += fleet.healthChecks(i) > 0 ? 1 : 0;
        boolean found = foundFailed.contains(s.id());
        failedNotFound += failed.contains(i) && !found ? 1 : 0;
        if (found) {
          boolean back = fleet.rollbacks(i) == 1 && Fleet.OLD_VERSION.equals(fleet.version(i)) && fleet.healthy(i);
          rolledBack += back ? 1 : 0;
          rollbackWrong += back ? 0 : 1;
        } else {
          rollbackWrong += fleet.rollbacks(i) > 0 ? 1 : 0;
          boolean newAndHealthy = Fleet.NEW_VERSION.equals(fleet.version(i)) && fleet.healthy(i);
          if (succeeded.contains(i)) {
            onNew += newAndHealthy ? 1 : 0;
            wrong += newAndHealthy ? 0 : 1;
          } else if (!Fleet.OLD_VERSION.equals(fleet.version(i)) || fleet.deployRequests(i) > 0) {
            wrong++; // its deployment never ran, yet the server is not untouched
          }
        }
      }
      outcome.check(onNew == succeeded.size() && wrong == 0, String.format(Locale.ROOT,
          "%,d servers on %s and healthy, exactly those whose deployment succeeded", onNew, Fleet.NEW_VERSION));
      outcome.check(checked == servers.size(), String.format(Locale.ROOT,
          "all %,d servers health-checked over HTTP (%,d health requests)", servers.size(), healthChecks));
      outcome.check(failedNotFound == 0, String.format(Locale.ROOT,
          "verification found every failed deployment (%,d failed, %,d found)", failed.size(), foundFailed.size()));
      outcome.check(rolledBack == foundFailed.size() && rollbackWrong == 0, String.format(Locale.ROOT,
          "%,d failed servers rolled back to %s, each once; no rollback on any other server",
          rolledBack, Fleet.OLD_VERSION));
      outcome.check(fleet.refused() == 0, String.format(Locale.ROOT,
          "the fleet's limit of %,d requests at once held (peak %,d, %,d refused)",
          fleet.config().maxInFlight(), fleet.peakInFlight(), fleet.refused()));
      Path file = runDir.resolve("deploy-report.json");
      outcome.check(Files.isRegularFile(file), "deploy report written");
      if (Files.isRegularFile(file)) {
        outcome.file(file);
      }
      return outcome.build();
    }

    @Override
    public void close() {
      fleet.close();
    }
  }
}
